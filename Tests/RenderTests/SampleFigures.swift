import Foundation

@testable import Render

/// Fixed inputs the tests render, and that `RENDER_SAMPLES=/some/dir swift test
/// --filter Samples` writes out as SVG and PNG files to look at.
enum SampleFigures {
    static var loss: Figure {
        let epochs = (1...60).map(Double.init)
        let train = epochs.map { 2.3 * exp(-$0 / 12) + 0.12 }
        let val = epochs.map { 2.3 * exp(-$0 / 14) + 0.2 + 0.02 * sin($0) }
        return Figure(
            title: "loss", xLabel: "epoch", yLabel: "loss",
            content: .series([
                .line(LineSeries(label: "train", x: epochs, y: train)),
                .line(LineSeries(label: "val", x: epochs, y: val, style: .dashed)),
            ]))
    }

    static var tenPoints: Figure {
        Figure(content: .series([.line(LineSeries(y: [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]))]))
    }

    static var longLine: Figure {
        let y = (0..<100_000).map { index -> Double in
            let t = Double(index)
            return 1000 * sin(t / 5_000) + 150 * sin(t / 37) + (index == 61_234 ? 2_500 : 0)
        }
        return Figure(
            title: "100,000 points", xLabel: "step", yLabel: "signal",
            content: .series([.line(LineSeries(label: "signal", y: y))]))
    }

    static var scatter: Figure {
        var x: [Double] = [], y: [Double] = [], codes: [Int] = []
        for index in 0..<150 {
            let group = index % 3
            let t = Double(index)
            x.append(4.5 + Double(group) * 1.2 + 0.4 * sin(t * 1.7))
            y.append(2.5 + Double(group) * 0.3 + 0.35 * cos(t * 2.3))
            codes.append(group)
        }
        return Figure(
            title: "iris", xLabel: "sepal_length", yLabel: "sepal_width",
            content: .series([
                .scatter(
                    ScatterSeries(
                        x: x, y: y,
                        coloring: .categories(
                            codes: codes, names: ["setosa", "versicolor", "virginica"])))
            ]))
    }

    /// Points in every corner (iris's petals against sepals): the legend goes outside.
    static var crowdedScatter: Figure {
        var x: [Double] = [], y: [Double] = [], codes: [Int] = []
        for index in 0..<150 {
            let group = index % 3
            let t = Double(index)
            x.append(Double(index % 15) / 14 + 0.02 * sin(t * 1.7))
            y.append(Double(index / 15) / 9 + 0.02 * cos(t * 2.3))
            codes.append(group)
        }
        return Figure(
            title: "iris", xLabel: "petal_length", yLabel: "sepal_width",
            content: .series([
                .scatter(
                    ScatterSeries(
                        x: x, y: y,
                        coloring: .categories(
                            codes: codes, names: ["setosa", "versicolor", "virginica"])))
            ]))
    }

    static var bigScatter: Figure {
        let count = 100_000
        let x = (0..<count).map { sin(Double($0) * 12.9898) * 43758.5453 }.map { $0 - $0.rounded(.down) }
        let y = x.enumerated().map { index, value in value * value + 0.2 * (sin(Double(index) * 78.233) * 0.5) }
        return Figure(
            xLabel: "x", yLabel: "y",
            content: .series([.scatter(ScatterSeries(x: x, y: y, coloring: .values(y, label: "y")))]))
    }

    static var histogram: Figure {
        let values = (0..<500).map { index -> Double in
            let u = Double(index) / 500
            return 5.8 + 0.8 * (sin(u * 97) + sin(u * 41) + sin(u * 13)) / 2
        }
        return Figure(
            title: "sepal_length", xLabel: "sepal_length", yLabel: "count",
            content: .series([.histogram(Histogram(values: values, bins: 20))]))
    }

    /// Few values: counts of 0 to 3, which tick at whole numbers.
    static var fewCounts: Figure {
        Figure(
            title: "few values", yLabel: "count",
            content: .series([.histogram(Histogram(values: [1, 2, 2, 3, 3, 3.5, 4, 4.2, 4.4], bins: 6))]))
    }

    /// Two labelled histograms reaching the top in every corner: the legend goes outside.
    static var overlaidHistograms: Figure {
        let train = (0..<400).map { Double($0 % 20) + 0.3 * sin(Double($0)) }
        let test = (0..<300).map { Double($0 % 20) + 0.5 * cos(Double($0)) }
        return Figure(
            title: "a feature in train and test", yLabel: "count",
            content: .series([
                .histogram(Histogram(label: "train", values: train, bins: 20)),
                .histogram(Histogram(label: "test", values: test, bins: 20)),
            ]))
    }

    static var bars: Figure {
        Figure(
            title: "rows per class",
            content: .bars(
                BarChart(
                    labels: ["setosa", "versicolor", "virginica"],
                    values: [50, 48, 52])))
    }

    static var confusion: Figure {
        let names = (0...9).map(String.init)
        var values = [[Double]](repeating: [Double](repeating: 0, count: 10), count: 10)
        for row in 0..<10 {
            for column in 0..<10 {
                values[row][column] = row == column ? Double(30 + row) : Double((row * 7 + column * 3) % 4)
            }
        }
        return Figure(
            title: "confusion matrix", xLabel: "predicted", yLabel: "true",
            content: .heatmap(Heatmap(values: values, rowLabels: names, columnLabels: names)))
    }

    static var digits: Figure {
        let images = (0..<16).map { index -> ImageGrid.Image in
            var pixels = [Float](repeating: 0, count: 64)
            for row in 0..<8 {
                for column in 0..<8 {
                    let dx = Double(column) - 3.5, dy = Double(row) - 3.5
                    let ring = abs((dx * dx + dy * dy).squareRoot() - 2.6 - Double(index % 3) * 0.3)
                    pixels[row * 8 + column] = Float(max(0, 16 - ring * 12))
                }
            }
            return ImageGrid.Image(pixels: pixels, channels: 1, height: 8, width: 8, caption: String(index % 10))
        }
        return Figure(title: "digits", content: .images(ImageGrid(images: images)))
    }

    static var logScale: Figure {
        let x = (0..<50).map { pow(10, Double($0) / 10 - 1) }
        return Figure(
            xLabel: "learning rate", yLabel: "loss", xScale: .log, yScale: .log,
            content: .series([
                .line(LineSeries(label: "loss", x: x, y: x.map { 1e-4 + 1 / (1 + $0) })),
                .line(LineSeries(label: "grad", x: x, y: x.map { 2e-5 * $0 * $0 + 1e-5 })),
            ]))
    }

    /// A fixed "random" number in 0..<1 for trial `index` and stream `salt`.
    static func noise(_ index: Int, _ salt: Double) -> Double {
        let value = sin(Double(index) * 12.9898 + salt * 78.233) * 43758.5453
        return value - value.rounded(.down)
    }

    /// A 40-trial sweep over four parameters, accuracy best near lr 3e-3 and 256 units.
    static var sweep: Figure {
        let trials = 0..<40
        let lr = trials.map { pow(10, -4 + 3 * noise($0, 1)) }
        let units = trials.map { [32.0, 64, 128, 256, 512][Int(noise($0, 2) * 5)] }
        let depth = trials.map { Double(1 + Int(noise($0, 3) * 4)) }
        let dropout = trials.map { (noise($0, 4) * 50).rounded() / 100 }
        let accuracy = trials.map { index -> Double in
            let lrPenalty = pow(log10(lr[index]) - log10(3e-3), 2) * 0.02
            let unitPenalty = abs(log2(units[index] / 256)) * 0.008
            return 0.98 - lrPenalty - unitPenalty - dropout[index] * 0.03 - 0.01 * noise(index, 5)
        }
        return Figure(
            title: "sweep: mlp on digits",
            content: .parallel(
                ParallelCoordinates(
                    axes: [
                        ParallelAxis(name: "lr", numbers: lr, scale: .log), ParallelAxis(name: "units", numbers: units),
                        ParallelAxis(name: "depth", numbers: depth), ParallelAxis(name: "dropout", numbers: dropout),
                    ],
                    values: accuracy, valueLabel: "val_accuracy")))
    }

    /// A thousand trials, a categorical optimizer, some missing values and failed
    /// trials; lower loss is better.
    static var bigSweep: Figure {
        let trials = 0..<1_000
        let lr = trials.map { pow(10, -5 + 4 * noise($0, 11)) }
        let optimizer = trials.map { Int(noise($0, 12) * 3) }
        let momentum = trials.map { optimizer[$0] == 1 ? 0.5 + 0.49 * noise($0, 13) : .nan }
        let batch = trials.map { [16.0, 32, 64, 128, 256][Int(noise($0, 14) * 5)] }
        let weightDecay = trials.map { noise($0, 15) * 1e-3 }
        let loss = trials.map { index -> Double in
            if index % 97 == 13 { return .nan }
            let lrPenalty = pow(log10(lr[index]) + 2.5, 2) * 0.15
            return 0.08 + lrPenalty + Double(optimizer[index]) * 0.05 + log2(batch[index] / 16) * 0.02
                + 0.05 * noise(index, 16)
        }
        return Figure(
            title: "1,000 trials",
            content: .parallel(
                ParallelCoordinates(
                    axes: [
                        ParallelAxis(name: "learning_rate", numbers: lr, scale: .log),
                        ParallelAxis(name: "optimizer", codes: optimizer, categories: ["adam", "sgd", "rmsprop"]),
                        ParallelAxis(name: "momentum", numbers: momentum),
                        ParallelAxis(name: "batch_size", numbers: batch, scale: .log),
                        ParallelAxis(name: "weight_decay", numbers: weightDecay),
                    ],
                    values: loss, valueLabel: "val_loss", higherIsBetter: false)))
    }

    /// Six trials with the awkward axes: a constant one, one with no values, a long
    /// categorical one and a log one with a value that cannot be shown.
    static var sweepEdges: Figure {
        Figure(
            title: "edge cases",
            content: .parallel(
                ParallelCoordinates(
                    axes: [
                        ParallelAxis(name: "seed", numbers: [7, 7, 7, 7, 7, 7]),
                        ParallelAxis(name: "warmup", numbers: [.nan, .nan, .nan, .nan, .nan, .nan]),
                        ParallelAxis(
                            name: "activation_function_name", codes: [0, 1, 2, 3, 1, -1],
                            categories: ["relu", "gelu", "leaky_relu_with_a_long_name", "tanh"]),
                        ParallelAxis(name: "lr", numbers: [1e-3, 3e-4, 0, 1e-2, 2e-3, 5e-4], scale: .log),
                    ],
                    values: [0.42, 0.35, 0.61, .nan, 0.33, 0.5], valueLabel: "val_loss", higherIsBetter: false)))
    }

    static let all: [(name: String, figure: Figure)] = [
        ("loss", loss), ("ten_points", tenPoints), ("long_line", longLine), ("scatter", scatter),
        ("crowded_scatter", crowdedScatter),
        ("big_scatter", bigScatter), ("histogram", histogram), ("few_counts", fewCounts),
        ("overlaid_histograms", overlaidHistograms), ("bars", bars), ("confusion", confusion),
        ("digits", digits), ("log_scale", logScale), ("sweep", sweep), ("big_sweep", bigSweep),
        ("sweep_edges", sweepEdges),
    ]
}
