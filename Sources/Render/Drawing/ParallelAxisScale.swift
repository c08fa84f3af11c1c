/// Where one axis of a parallel-coordinates chart puts each line, and its ticks, as
/// fractions of the axis's height from 0 (bottom) to 1 (top). Every axis has a scale
/// of its own, so a learning rate and a layer count share the same height.
struct ParallelAxisScale: Equatable {
    struct Tick: Equatable {
        var fraction: Double
        var label: String
    }

    /// Each line's place; nil where its value is missing (the line breaks here).
    var fractions: [Double?]
    var ticks: [Tick]
    /// The numeric range the axis shows (nil on a categorical or empty axis).
    var range: ClosedRange<Double>?

    /// A numeric axis with about `target` ticks, as a plot's y axis gets them (whole
    /// ones for whole data such as layer counts; powers of ten on a log scale).
    init(numbers: [Double], scale: AxisScale, lines: Int, target: Int) {
        let shown = (0..<lines).map { index -> Double? in
            guard index < numbers.count else { return nil }
            let value = numbers[index]
            return value.isFinite && (scale == .linear || value > 0) ? value : nil
        }
        let present = shown.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else {
            fractions = shown
            ticks = []
            range = nil
            return
        }
        let axis = AxisTicks.make(
            scale: scale, low: low, high: high, target: target,
            wholeNumbers: AxisTicks.areWhole(present))
        fractions = shown.map { $0.map(axis.fraction) }
        ticks = zip(axis.values, axis.labels).map { value, label in
            Tick(fraction: axis.fraction(of: value), label: FigureDrawing.typographicMinus(label))
        }
        range = axis.lower...axis.upper
    }

    /// A categorical axis: the names evenly spaced from the bottom in order, each in the
    /// middle of its share of the height (one name sits halfway up).
    init(codes: [Int], names: [String], lines: Int) {
        func place(_ code: Int) -> Double { (Double(code) + 0.5) / Double(names.count) }
        fractions = (0..<lines).map { index in
            guard index < codes.count, names.indices.contains(codes[index]) else { return nil }
            return place(codes[index])
        }
        ticks = names.enumerated().map { Tick(fraction: place($0.offset), label: $0.element) }
        range = nil
    }

    init(_ axis: ParallelAxis, lines: Int, target: Int) {
        switch axis.values {
        case .numbers(let numbers, let scale): self.init(numbers: numbers, scale: scale, lines: lines, target: target)
        case .categories(let codes, let names): self.init(codes: codes, names: names, lines: lines)
        }
    }
}
