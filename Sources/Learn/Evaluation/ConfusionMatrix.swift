/// Counts of (actual class, predicted class) pairs.
public struct ConfusionMatrix: Sendable, Equatable {
    /// `counts[actual][predicted]`.
    public private(set) var counts: [[Int]]

    /// An empty matrix for `classCount` classes.
    public init(classCount: Int) {
        counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
    }

    /// The number of classes.
    public var classCount: Int { counts.count }
    /// The number of samples counted.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// Counts one prediction.
    public mutating func add(actual: Int, predicted: Int) {
        counts[actual][predicted] += 1
    }

    /// The fraction of samples predicted correctly.
    public var accuracy: Double {
        let n = total
        return n == 0 ? 0 : Double((0..<classCount).reduce(0) { $0 + counts[$1][$1] }) / Double(n)
    }

    private func column(_ c: Int) -> Int { counts.reduce(0) { $0 + $1[c] } }
    private func row(_ c: Int) -> Int { counts[c].reduce(0, +) }

    /// The classes present among targets or predictions.
    private var presentClasses: [Int] {
        (0..<classCount).filter { row($0) > 0 || column($0) > 0 }
    }

    /// Precision of each class (0 when the class is never predicted).
    public var precisionPerClass: [Double] {
        (0..<classCount).map { c in column(c) == 0 ? 0 : Double(counts[c][c]) / Double(column(c)) }
    }

    /// Recall of each class (0 when the class never occurs).
    public var recallPerClass: [Double] {
        (0..<classCount).map { c in row(c) == 0 ? 0 : Double(counts[c][c]) / Double(row(c)) }
    }

    /// F1 of each class (0 when precision and recall are both 0).
    public var f1PerClass: [Double] {
        zip(precisionPerClass, recallPerClass).map { p, r in p + r == 0 ? 0 : 2 * p * r / (p + r) }
    }

    private func macro(_ values: [Double]) -> Double {
        let present = presentClasses
        return present.isEmpty ? 0 : present.reduce(0) { $0 + values[$1] } / Double(present.count)
    }

    /// The Matthews correlation coefficient over all classes (Gorodkin's R_K, as
    /// scikit-learn): `(c·s − Σ p_k·t_k) / √((s² − Σ p_k²)(s² − Σ t_k²))` with c the
    /// correct predictions, s the samples, p_k and t_k how often class k is predicted
    /// and true; 0 when either factor is 0 (one class predicted, or present, only).
    public var matthews: Double {
        let s = Double(total)
        let c = Double((0..<classCount).reduce(0) { $0 + counts[$1][$1] })
        var pt = 0.0, pp = 0.0, tt = 0.0
        for k in 0..<classCount {
            let p = Double(column(k)), t = Double(row(k))
            pt += p * t
            pp += p * p
            tt += t * t
        }
        let denominator = ((s * s - pp) * (s * s - tt)).squareRoot()
        return denominator == 0 ? 0 : (c * s - pt) / denominator
    }

    /// Macro-averaged precision.
    public var macroPrecision: Double { macro(precisionPerClass) }
    /// Macro-averaged recall.
    public var macroRecall: Double { macro(recallPerClass) }
    /// Macro-averaged F1 (the mean of per-class F1, as scikit-learn).
    public var macroF1: Double { macro(f1PerClass) }
}
