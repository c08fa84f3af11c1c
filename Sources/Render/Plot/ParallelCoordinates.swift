/// A parallel-coordinates chart of a hyperparameter sweep: one vertical axis per
/// parameter, the objective as the last axis, and one line per trial across them,
/// coloured by the objective (as Optuna's `plot_parallel_coordinate` and W&B's chart).
///
/// There are `values.count` lines; an axis with fewer values than that is missing
/// for the rest.
public struct ParallelCoordinates: Sendable, Equatable {
    /// The parameters, left to right.
    public var axes: [ParallelAxis]
    /// The objective of each line (its colour and its place on the last axis); NaN for
    /// a trial without one (it is drawn grey, under the others).
    public var values: [Double]
    /// The objective's name: the last axis's and the colour bar's label.
    public var valueLabel: String
    /// Whether a higher objective is better: the best lines are drawn on top and in the
    /// strongest colour.
    public var higherIsBetter: Bool

    public init(
        axes: [ParallelAxis], values: [Double], valueLabel: String = "objective",
        higherIsBetter: Bool = true
    ) {
        self.axes = axes
        self.values = values
        self.valueLabel = valueLabel
        self.higherIsBetter = higherIsBetter
    }

    /// The number of lines (trials).
    public var lineCount: Int { values.count }
}
