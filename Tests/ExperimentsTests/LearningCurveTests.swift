import Experiments
import Learn
import Testing

/// The sizes of a learning curve's points, and its table and plot.
@Suite struct LearningCurveTests {
    @Test("each fraction takes its share of the rows, rounded down")
    func sizes() throws {
        #expect(try LearningCurve.sizes(fractions: [0.1, 0.25, 0.5, 1], rows: 105) == [10, 26, 52, 105])
        #expect(try LearningCurve.sizes(fractions: [1], rows: 3) == [3])
    }

    @Test(
        "fractions outside (0, 1], not increasing, repeated, or giving no rows are refused",
        arguments: [
            ([Double](), 100, LearningCurve.Problem.empty),
            ([0, 0.5], 100, .outOfRange(index: 0, value: 0)),
            ([0.5, 1.2], 100, .outOfRange(index: 1, value: 1.2)),
            ([-0.1], 100, .outOfRange(index: 0, value: -0.1)),
            ([0.5, 0.25], 100, .notIncreasing(index: 1, value: 0.25, previous: 0.5)),
            ([0.5, 0.5], 100, .notIncreasing(index: 1, value: 0.5, previous: 0.5)),
            ([0.01, 1], 50, .noRows(index: 0, value: 0.01, rows: 50)),
            ([0.1, 0.11], 20, .sameRows(index: 1, value: 0.11, previous: 0.1, rows: 2)),
        ])
    func badFractions(fractions: [Double], rows: Int, problem: LearningCurve.Problem) {
        #expect(throws: problem) { try LearningCurve.sizes(fractions: fractions, rows: rows) }
    }

    @Test("the table has one row per point and the plot two panels with a train and a val line each")
    func tableAndFigures() {
        let curve = LearningCurve(
            metric: .accuracy,
            points: [
                .init(samples: 10, runID: "a", trainLoss: 0.1, trainMetric: 1, valLoss: 0.9, valMetric: 0.6),
                .init(samples: 100, runID: "b", trainLoss: 0.2, trainMetric: 0.95, valLoss: 0.3, valMetric: 0.9),
            ])
        #expect(curve.table.columns == ["samples", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "run"])
        #expect(
            curve.table.rows == [["10", "0.1", "0.9", "1", "0.6", "a"], ["100", "0.2", "0.3", "0.95", "0.9", "b"]])
        #expect(curve.figures.map(\.title) == ["loss", "accuracy"])
        for figure in curve.figures {
            guard case .series(let series) = figure.content else { Issue.record("not lines"); continue }
            #expect(series.map(\.label) == ["train", "val"])
            #expect(figure.xLabel == "training samples")
        }
    }
}
