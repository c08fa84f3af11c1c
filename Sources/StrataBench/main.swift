// strata-bench: throughput of the tensor engine, for benchmarks/gemm and benchmarks/train, and
// the sweep samplers' own cost, for benchmarks/sweep.
//
//   strata-bench gemm [size] [runs]          cblas_sgemm size^3, GFLOP/s per run and median
//   strata-bench mlp [batch] [steps]         MLP 784-128-64-10, Adam, samples/s
//   strata-bench cnn [batch] [steps]         small CNN on 1x28x28, Adam, samples/s
//   strata-bench optimizer [params] [steps]  one Adam step over the MLP's parameters, microseconds
//   strata-bench sweep [trials] [runs]       TPE sweeps on Branin, milliseconds per trial (median of runs)
//   strata-bench sweep-quality [seeds] [u]   median best of 100 trials on Branin and Hartmann6, TPE and random
//                                            (u = 1: univariate TPE)
//
// BLAS threads: STRATA_BLAS_THREADS (default 2). Output is one JSON object per line.
import Learn
import Tensor

#if canImport(Glibc)
import Glibc
#endif

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func gemm(size: Int, runs: Int) {
    var random = SeededRandom(seed: 1)
    let a = Tensor(uniformShape: [size, size], low: -1, high: 1, random: &random)
    let b = Tensor(uniformShape: [size, size], low: -1, high: 1, random: &random)
    var c = Tensor(zeros: [size, size])
    let clock = ContinuousClock()
    c.addMatmul(a, b, beta: 0)  // warm-up: thread pool start, page faults
    var rates: [Double] = []
    for _ in 0..<runs {
        let start = clock.now
        c.addMatmul(a, b, beta: 0)
        rates.append(2 * pow(Double(size), 3) / seconds(clock.now - start) / 1e9)
    }
    print(
        "{\"bench\": \"gemm\", \"impl\": \"swift-cblas\", \"size\": \(size), \"threads\": \(BLAS.threadCount), "
            + "\"runs\": \(runs), \"median_gflops\": \(median(rates)), \"best_gflops\": \(rates.max()!)}")
}

func train(name: String, specs: [LayerSpec], sampleShape: [Int], batch: Int, steps: Int) throws {
    let classes = 10
    let n = batch * steps
    var random = SeededRandom(seed: 7)
    let features = Tensor(uniformShape: [n] + sampleShape, low: 0, high: 1, random: &random)
    let labels = (0..<n).map { _ in Int32(random.int(below: classes)) }
    let data = try Samples(features: features, targets: .classes(labels, count: classes))
    var model = try Sequential(specs)
    // One warm-up epoch builds the model and touches every buffer.
    _ = try Trainer.fit(&model, on: data, options: FitOptions(epochs: 1, batchSize: batch, seed: 1))
    var rates: [Double] = []
    for epoch in 0..<3 {
        let history = try Trainer.fit(
            &model, on: data,
            options: FitOptions(
                epochs: 1, batchSize: batch,
                seed: UInt64(epoch)))
        // The engine's rate: one epoch's samples over its wall time (there is no validation
        // here). The shown `Throughput` withholds short measurements, which these are.
        rates.append(Double(n) / history.epochs[0].seconds)
    }
    print(
        "{\"bench\": \"\(name)\", \"impl\": \"strata\", \"batch\": \(batch), \"samples\": \(n), "
            + "\"threads\": \(BLAS.threadCount), \"median_samples_per_s\": \(Int(median(rates)))}")
}

/// The optimizer step alone: the MLP's parameter shapes (or one tensor of `count`),
/// gradients with a fixed share of exact zeros (weights of always-black pixels).
func optimizerStep(count: Int, steps: Int) {
    let shapes = count > 0 ? [[count]] : [[784, 128], [128], [128, 64], [64], [64, 10], [10]]
    var random = SeededRandom(seed: 3)
    var parameters = shapes.map { Tensor(uniformShape: $0, low: -0.1, high: 0.1, random: &random) }
    let gradients: [Tensor?] = shapes.map { shape in
        var g = Tensor(uniformShape: shape, low: -1e-3, high: 1e-3, random: &random)
        g.withUnsafeMutableBufferPointer { b in for i in stride(from: 0, to: b.count, by: 5) { b[i] = 0 } }
        return g
    }
    var optimizer = Optimizer(.adam())
    let clock = ContinuousClock()
    var times: [Double] = []
    FloatingPointMode.flushingSubnormals {
        for _ in 0..<steps {
            let start = clock.now
            optimizer.update(&parameters, gradients: gradients)
            times.append(seconds(clock.now - start) * 1e6)
        }
    }
    let total = shapes.reduce(0) { $0 + Tensor.elementCount(of: $1) }
    print(
        "{\"bench\": \"optimizer\", \"impl\": \"strata\", \"parameters\": \(total), \"steps\": \(steps), "
            + "\"median_us\": \(median(times)), \"min_us\": \(times.min() ?? 0)}")
}

OpenBLASCoreChoice.apply()  // as `strata` does, before other threads start
let arguments = CommandLine.arguments
func argument(_ i: Int, _ fallback: Int) -> Int { arguments.count > i ? Int(arguments[i]) ?? fallback : fallback }
let threads = getenv("STRATA_BLAS_THREADS").flatMap { Int(String(cString: $0)) } ?? 2
BLAS.setThreadCount(threads)

switch arguments.count > 1 ? arguments[1] : "" {
case "gemm":
    gemm(size: argument(2, 1024), runs: argument(3, 10))
case "mlp":
    try train(
        name: "mlp",
        specs: [
            .dense(units: 128, activation: .relu), .dense(units: 64, activation: .relu),
            .dense(units: 10, activation: nil),
        ],
        sampleShape: [784], batch: argument(2, 64), steps: argument(3, 200))
case "cnn":
    try train(
        name: "cnn",
        specs: [
            .conv2d(filters: 8, kernel: 3, stride: 1, padding: .same, activation: .relu), .maxPool2d(size: 2),
            .conv2d(filters: 16, kernel: 3, stride: 1, padding: .same, activation: .relu), .maxPool2d(size: 2),
            .flatten, .dense(units: 10, activation: nil),
        ], sampleShape: [1, 28, 28], batch: argument(2, 64), steps: argument(3, 50))
case "optimizer":
    optimizerStep(count: argument(2, 0), steps: argument(3, 2000))
case "sweep":
    try SweepBench.timing(trials: argument(2, 100), runs: argument(3, 3))
case "sweep-quality":
    try SweepBench.quality(seeds: argument(2, 10), multivariate: argument(3, 0) != 1)
default:
    print(
        "usage: strata-bench gemm [size] [runs] | mlp [batch] [steps] | cnn [batch] [steps] | optimizer [params] [steps]"
            + " | sweep [trials] [runs] | sweep-quality [seeds] [univariate]")
    exit(2)
}
