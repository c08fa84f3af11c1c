import Foundation
import Tensor

/// The two linear baselines, fitted on standardized features (so one step size and one
/// ridge suit every dataset) and returned as the kernel `[features, outputs]` (row-major)
/// and bias of a dense layer on the raw features: `w = w_z / sd`, `b = b_z - sum(mean * w)`.
/// Products go through BLAS; sums and the solve are in Double.
enum LinearSolver {
    /// A ridge small enough not to change a well-posed fit, large enough that constant
    /// or collinear columns still give a unique solution.
    static let ridge = 1e-6
    /// The logistic fit's L2 penalty on the mean loss (keeps separable classes finite).
    static let logisticPenalty = 1e-3
    static let logisticSteps = 300

    /// Least squares: the kernel and bias minimising the squared error (with `ridge`).
    static func leastSquares(
        _ x: Tensor, targets: Tensor, rows: Int, features: Int,
        outputs: Int
    ) -> (kernel: [Double], bias: [Double]) {
        let scaled = Standardized(x, rows: rows, features: features)
        let gram = scaled.gram()
        var means = [Double](repeating: 0, count: outputs)
        targets.withUnsafeBufferPointer { y in
            for row in 0..<rows { for o in 0..<outputs { means[o] += Double(y[row * outputs + o]) } }
        }
        means = means.map { $0 / Double(rows) }
        // Zᵀ(y - ȳ) / n; Z is centred, so Zᵀȳ is 0 and Zᵀy will do.
        let zty = Tensor.matmul(scaled.z, targets.reshaped([rows, outputs]), transposeA: true).scalars.map {
            Double($0) / Double(rows)
        }
        var system = gram
        for j in 0..<features { system[j * features + j] += ridge }
        let beta = CholeskySolver.solve(system, size: features, rightHandSides: zty, columns: outputs)
        return scaled.unscaled(kernel: beta, bias: means, outputs: outputs)
    }

    /// Multinomial logistic regression: softmax cross-entropy plus `logisticPenalty`,
    /// by Nesterov's accelerated gradient from zero with step 1/L, where L bounds the
    /// loss's curvature (half the largest eigenvalue of ZᵀZ/n, plus the penalty).
    static func logistic(
        _ x: Tensor, labels: [Int32], classes: Int, rows: Int,
        features: Int
    ) -> (kernel: [Double], bias: [Double]) {
        let scaled = Standardized(x, rows: rows, features: features)
        let curvature = 0.5 * (largestEigenvalue(scaled.gram(), size: features) + 1) + logisticPenalty
        let step = Float(1 / curvature)
        var weights = Tensor(zeros: [features, classes]), previous = weights
        var bias = [Float](repeating: 0, count: classes), previousBias = bias
        for iteration in 1...logisticSteps {
            // Look-ahead point of the accelerated method.
            let momentum = Float(iteration - 1) / Float(iteration + 2)
            let lookW = Tensor(
                shape: [features, classes],
                values: zip(weights.scalars, previous.scalars).map { $0 + momentum * ($0 - $1) })
            let lookB = zip(bias, previousBias).map { $0 + momentum * ($0 - $1) }
            var logits = Tensor.matmul(scaled.z, lookW)
            var gradientB = [Float](repeating: 0, count: classes)
            logits.withUnsafeMutableBufferPointer { g in
                for row in 0..<rows {
                    let base = row * classes
                    var largest = -Float.infinity
                    for c in 0..<classes { g[base + c] += lookB[c]; largest = Swift.max(largest, g[base + c]) }
                    var total: Float = 0
                    for c in 0..<classes { g[base + c] = exp(g[base + c] - largest); total += g[base + c] }
                    for c in 0..<classes {
                        g[base + c] = (g[base + c] / total - (Int32(c) == labels[row] ? 1 : 0)) / Float(rows)
                        gradientB[c] += g[base + c]
                    }
                }
            }
            let gradientW = Tensor.matmul(scaled.z, logits, transposeA: true)
            previous = weights
            previousBias = bias
            weights = Tensor(
                shape: [features, classes],
                values: zip(lookW.scalars, gradientW.scalars).map { w, g in
                    w - step * (g + Float(logisticPenalty) * w)
                })
            bias = zip(lookB, gradientB).map { $0 - step * $1 }
        }
        return scaled.unscaled(
            kernel: weights.scalars.map { Double($0) }, bias: bias.map { Double($0) }, outputs: classes)
    }

    /// The largest eigenvalue of a symmetric positive semi-definite matrix, by power
    /// iteration (an upper estimate is all the step size needs).
    static func largestEigenvalue(_ matrix: [Double], size: Int) -> Double {
        var vector = [Double](repeating: 1 / Double(size).squareRoot(), count: size)
        var value = 0.0
        for _ in 0..<50 {
            var next = [Double](repeating: 0, count: size)
            for i in 0..<size { for j in 0..<size { next[i] += matrix[i * size + j] * vector[j] } }
            let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { return 0 }
            value = norm
            vector = next.map { $0 / norm }
        }
        return value * 1.05
    }
}

/// Features centred and divided by their population standard deviation (a constant
/// column by 1, so it stays 0), as a Float matrix for BLAS.
struct Standardized {
    let z: Tensor
    let means: [Double]
    let deviations: [Double]
    let rows: Int, features: Int

    init(_ x: Tensor, rows: Int, features: Int) {
        self.rows = rows
        self.features = features
        var sums = [Double](repeating: 0, count: features), squares = [Double](repeating: 0, count: features)
        x.withUnsafeBufferPointer { v in
            for row in 0..<rows { for j in 0..<features { sums[j] += Double(v[row * features + j]) } }
            let means = sums.map { $0 / Double(rows) }
            for row in 0..<rows {
                for j in 0..<features { let d = Double(v[row * features + j]) - means[j]; squares[j] += d * d }
            }
        }
        means = sums.map { $0 / Double(rows) }
        deviations = squares.map {
            let sd = ($0 / Double(rows)).squareRoot(); return sd > 0 && sd.isFinite ? sd : 1
        }
        var values = [Float](repeating: 0, count: rows * features)
        let (means, deviations) = (self.means, self.deviations)
        x.withUnsafeBufferPointer { v in
            for row in 0..<rows {
                for j in 0..<features {
                    values[row * features + j] = Float((Double(v[row * features + j]) - means[j]) / deviations[j])
                }
            }
        }
        z = Tensor(shape: [rows, features], values: values)
    }

    /// ZᵀZ / n, row-major, in Double.
    func gram() -> [Double] {
        Tensor.matmul(z, z, transposeA: true).scalars.map { Double($0) / Double(rows) }
    }

    /// The kernel and bias on raw features from those on standardized ones.
    func unscaled(kernel: [Double], bias: [Double], outputs: Int) -> (kernel: [Double], bias: [Double]) {
        var raw = kernel
        var shifted = bias
        for j in 0..<features {
            for o in 0..<outputs {
                raw[j * outputs + o] = kernel[j * outputs + o] / deviations[j]
                shifted[o] -= means[j] * raw[j * outputs + o]
            }
        }
        return (raw, shifted)
    }
}

/// Solves A X = B for a symmetric positive definite A by Cholesky factorisation.
enum CholeskySolver {
    static func solve(_ a: [Double], size n: Int, rightHandSides b: [Double], columns m: Int) -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = i == j ? Swift.max(sum, 1e-12).squareRoot() : sum / l[j * n + j]
            }
        }
        var x = b
        for column in 0..<m {
            for i in 0..<n {  // L y = b
                var sum = x[i * m + column]
                for k in 0..<i { sum -= l[i * n + k] * x[k * m + column] }
                x[i * m + column] = sum / l[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {  // Lᵀ x = y
                var sum = x[i * m + column]
                for k in (i + 1)..<n { sum -= l[k * n + i] * x[k * m + column] }
                x[i * m + column] = sum / l[i * n + i]
            }
        }
        return x
    }
}
