import Tensor
import Testing

@testable import Learn

@Suite struct LossMetricOptimizerTests {
    @Test(arguments: Loss.allCases)
    func lossGradients(_ loss: Loss) {
        let outputs = Tensor(uniformShape: [4, 3], seed: 1, low: -2, high: 2)
        let targets: BatchTargets =
            switch loss {
            case .crossEntropy, .bce: .classes([0, 2, 1, 2], count: 3)
            case .mse, .mae: .values(Tensor(uniformShape: [4, 3], seed: 2))
            }
        expectGradientsMatch([outputs]) { tape, v in loss.node(tape, outputs: v[0], targets: targets) }
        let single = Tensor(uniformShape: [4, 1], seed: 3)
        if loss == .bce {
            expectGradientsMatch([single]) { tape, v in
                loss.node(tape, outputs: v[0], targets: .classes([0, 1, 1, 0], count: 2))
            }
        }
    }

    @Test func lossesValidateTargets() {
        #expect(throws: TrainingError.outputMismatch(outputs: 4, expected: 3, what: "classes")) {
            try Loss.crossEntropy.validate(targets: .classes([0], count: 3), outputWidth: 4)
        }
        #expect(
            throws: TrainingError.lossMismatch(
                loss: "mse", reason: "it needs numeric targets, and the data has classes")
        ) {
            try Loss.mse.validate(targets: .classes([0], count: 3), outputWidth: 3)
        }
        #expect((try? Loss.bce.validate(targets: .classes([0, 1], count: 2), outputWidth: 1)) != nil)
    }

    @Test func confusionMatrixMacroScoresMatchScikitLearn() {
        // y_true = [0,0,1,1,2,2,2], y_pred = [0,1,1,1,2,0,1]
        var m = ConfusionMatrix(classCount: 3)
        for (a, p) in zip([0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 1]) { m.add(actual: a, predicted: p) }
        #expect(m.counts == [[1, 1, 0], [0, 2, 0], [1, 1, 1]])
        #expect(abs(m.accuracy - 4.0 / 7.0) < 1e-12)
        // sklearn: precision_score(average="macro") = (1/2 + 2/4 + 1/1) / 3
        #expect(abs(m.macroPrecision - 2.0 / 3.0) < 1e-12)
        #expect(abs(m.macroRecall - (0.5 + 1 + 1.0 / 3.0) / 3) < 1e-12)
        #expect(abs(m.macroF1 - (0.5 + 2.0 / 3.0 + 0.5) / 3) < 1e-12)
        // sklearn: matthews_corrcoef(y_true, y_pred)
        #expect(abs(m.matthews - 0.43429951810768963) < 1e-12)
        var binary = ConfusionMatrix(classCount: 2)
        for (a, p) in zip([1, 1, 1, 0], [1, 0, 1, 1]) { binary.add(actual: a, predicted: p) }
        #expect(abs(binary.matthews - -1.0 / 3.0) < 1e-12)
        var constant = ConfusionMatrix(classCount: 2)
        for a in [0, 1, 1] { constant.add(actual: a, predicted: 1) }
        #expect(constant.matthews == 0)  // one class predicted: undefined, 0 as scikit-learn
    }

    @Test func regressionMetrics() {
        var acc = MetricAccumulator(targets: .values(Tensor(zeros: [2, 1])))
        acc.add(
            loss: 1, outputs: Tensor(shape: [2, 1], values: [1, 4]),
            targets: .values(Tensor(shape: [2, 1], values: [0, 2])))
        let v = acc.values([.rmse, .mae])
        #expect(abs(v[.rmse]! - (2.5).squareRoot()) < 1e-12)
        #expect(abs(v[.mae]! - 1.5) < 1e-12)
    }

    /// One parameter, three steps, against PyTorch's formulas written out in Double.
    @Test(arguments: [
        OptimizerSpec.sgd(learningRate: 0.1), .sgd(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01),
        .sgd(learningRate: 0.1, momentum: 0.9, nesterov: true), .adam(learningRate: 0.01, weightDecay: 0.1),
        .adamW(learningRate: 0.01),
    ])
    func optimizerStepsMatchPyTorch(_ spec: OptimizerSpec) {
        var optimizer = Optimizer(spec)
        var parameters = [Tensor(shape: [2], values: [1, -2])]
        let grads: [[Double]] = [[0.5, -1], [0.25, 2], [-1, 0.5]]
        var p: [Double] = [1, -2], b: [Double] = [0, 0], m: [Double] = [0, 0], v: [Double] = [0, 0]
        let (lr, wd, mu) = (spec.learningRate, spec.weightDecay, spec.momentum)
        for (t, g) in grads.enumerated() {
            optimizer.update(&parameters, gradients: [Tensor(shape: [2], values: g.map(Float.init))])
            for j in 0..<2 {
                switch spec.kind {
                case .sgd:
                    let d = g[j] + wd * p[j]
                    b[j] = t == 0 ? d : mu * b[j] + d
                    p[j] -= lr * (mu == 0 ? d : spec.nesterov ? d + mu * b[j] : b[j])
                case .adam, .adamw:
                    if spec.kind == .adamw { p[j] *= 1 - lr * wd }
                    let d = g[j] + (spec.kind == .adam ? wd * p[j] : 0)
                    m[j] = spec.beta1 * m[j] + (1 - spec.beta1) * d
                    v[j] = spec.beta2 * v[j] + (1 - spec.beta2) * d * d
                    let step = Double(t + 1)
                    let mHat = m[j] / (1 - pow(spec.beta1, step))
                    let denominator = v[j].squareRoot() / (1 - pow(spec.beta2, step)).squareRoot() + spec.epsilon
                    p[j] -= lr * mHat / denominator
                }
            }
        }
        for j in 0..<2 { #expect(abs(Double(parameters[0][flat: j]) - p[j]) < 1e-5, "\(spec.kind) element \(j)") }
    }

    private func pow(_ x: Double, _ n: Double) -> Double { (0..<Int(n)).reduce(1) { r, _ in r * x } }

    @Test func optimizerSettingsAreChecked() {
        #expect(throws: SettingError("lr", .positiveNumber, value: "-1")) {
            try OptimizerSpec.adam(learningRate: -1).validate()
        }
        #expect(throws: SettingError("nesterov", .needsPositive("momentum"), value: "true")) {
            try OptimizerSpec.sgd(nesterov: true).validate()
        }
        #expect(throws: SettingError("beta2", .fraction, value: "1")) { try OptimizerSpec.adam(beta2: 1).validate() }
        #expect(throws: SettingError("lr", .positiveNumber, value: "nan")) {
            try OptimizerSpec.sgd(learningRate: .nan).validate()
        }
        #expect(
            SettingError("nesterov", .needsPositive("momentum"), value: "true").description
                == "'nesterov: true' needs a positive 'momentum'")
        #expect(OptimizerSpec.adamW().weightDecay == 0.01 && OptimizerSpec.adam().learningRate == 0.001)
    }
}

@Suite struct OptimizerKernelTests {
    /// PyTorch's update in Float, element by element, in the kernel's order of operations.
    static func reference(_ spec: OptimizerSpec, steps gradients: [[Float]], start: [Float]) -> [Float] {
        var p = start, b = [Float](repeating: 0, count: start.count), m = b, v = b
        let lr = Float(spec.learningRate), wd = Float(spec.weightDecay), mu = Float(spec.momentum)
        for (t, g) in gradients.enumerated() {
            let step = Double(t + 1)
            let stepSize = Float(spec.learningRate / (1 - pow(spec.beta1, step)))
            let correction2 = Float((1 - pow(spec.beta2, step)).squareRoot())
            let decay: Float = spec.kind == .adamw ? Float(1 - spec.learningRate * spec.weightDecay) : 1
            let l2: Float = spec.kind == .adamw ? 0 : wd
            let (b1, b2) = (Float(spec.beta1), Float(spec.beta2))
            let eps = Float(spec.epsilon)
            for j in p.indices {
                switch spec.kind {
                case .sgd where mu == 0:
                    p[j] -= lr * (g[j] + wd * p[j])
                case .sgd:
                    let d = g[j] + wd * p[j]
                    let s = t == 0 ? d : mu * b[j] + d
                    b[j] = s
                    p[j] -= lr * (spec.nesterov ? d + mu * s : s)
                case .adam, .adamw:
                    let w = p[j] * decay
                    let d = g[j] + l2 * w
                    let mj = b1 * m[j] + (1 - b1) * d
                    let vj = b2 * v[j] + (1 - b2) * d * d
                    m[j] = mj
                    v[j] = vj
                    p[j] = w - stepSize * mj / (vj.squareRoot() / correction2 + eps)
                }
            }
        }
        return p
    }

    static func pow(_ x: Double, _ n: Double) -> Double { (0..<Int(n)).reduce(1) { r, _ in r * x } }

    /// 1,003 parameters (whole vectors and a tail), five steps: the vectorised kernels
    /// give exactly the bits of the scalar formula, on whichever instruction set the
    /// loader picked.
    @Test(arguments: [
        OptimizerSpec.sgd(learningRate: 0.1), .sgd(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01),
        .sgd(learningRate: 0.05, momentum: 0.8, nesterov: true), .adam(learningRate: 0.01, weightDecay: 0.1),
        .adamW(learningRate: 0.01),
    ])
    func vectorisedUpdateMatchesTheScalarFormulaBitForBit(_ spec: OptimizerSpec) {
        var random = SeededRandom(seed: 11)
        let n = 1003
        let start = (0..<n).map { _ in Float(random.normal()) }
        let gradients = (0..<5).map { _ in (0..<n).map { _ in Float(random.normal()) * 0.1 } }
        var optimizer = Optimizer(spec)
        var parameters = [Tensor(shape: [n], values: start)]
        for g in gradients { optimizer.update(&parameters, gradients: [Tensor(shape: [n], values: g)]) }
        let expected = Self.reference(spec, steps: gradients, start: start)
        #expect(parameters[0].scalars.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    /// A weight whose gradient is always zero (a pixel that is black in every image):
    /// while training, its Adam moments reach zero instead of lingering as subnormals,
    /// whose arithmetic is many times slower.
    @Test func adamMomentsOfUnusedWeightsDoNotTurnSubnormal() {
        var optimizer = Optimizer(.adam())
        var parameters = [Tensor(shape: [16], repeating: 0.5)]
        let once = Tensor(shape: [16], repeating: 1e-3), zero = Tensor(zeros: [16])
        FloatingPointMode.flushingSubnormals {
            optimizer.update(&parameters, gradients: [once])
            for _ in 0..<1500 { optimizer.update(&parameters, gradients: [zero]) }
        }
        #expect(optimizer.moments[0].allSatisfy { $0 == 0 }, "the first moments decayed to exactly zero")
        #expect(optimizer.moments.allSatisfy { $0.allSatisfy { $0 == 0 || $0.isNormal } })
    }

    @Test("clip_norm scales all gradients together to that global norm, as PyTorch's clip_grad_norm_")
    func gradientClipping() throws {
        // Gradients (3, 4) and (12): global norm 13.
        var spec = OptimizerSpec.sgd(learningRate: 1)
        spec.clipNorm = 1.3
        var clipped = Optimizer(spec)
        var parameters = [Tensor(zeros: [2]), Tensor(zeros: [1])]
        clipped.update(&parameters, gradients: [Tensor(shape: [2], values: [3, 4]), Tensor(shape: [1], values: [12])])
        let scale = 1.3 / (13 + 1e-6)
        #expect(abs(Double(parameters[0][0]) + 3 * scale) < 1e-6 && abs(Double(parameters[1][0]) + 12 * scale) < 1e-6)
        // Below the limit, or without one, the step is the plain one.
        spec.clipNorm = 20
        var loose = Optimizer(spec)
        var same = [Tensor(zeros: [2])]
        loose.update(&same, gradients: [Tensor(shape: [2], values: [3, 4])])
        #expect(same[0].scalars == [-3, -4])
        #expect(OptimizerSpec.adam().settings.map(\.label) == ["lr", "beta1", "beta2", "eps", "weight_decay"])
        spec.clipNorm = 1
        #expect(spec.settings.last?.label == "clip_norm")
        #expect(OptimizerSpec(kind: "sgd", settings: ["clip_norm": .number(1)])?.clipNorm == 1)
        var negative = OptimizerSpec.adam()
        negative.clipNorm = -1
        #expect(throws: SettingError.self) { try negative.validate() }
    }
}
