import Foundation

/// The statistics `drift` reports: the population stability index, the two-sample
/// Kolmogorov-Smirnov test and the chi-squared test of homogeneity, with p-values.
enum DriftStatistics {
    /// Fractions below this count as this in PSI, as is usual, so an empty bin on
    /// one side gives a large but finite term.
    static let floor = 1e-4

    /// PSI = Σ (a − e) · ln(a / e) over bins, with `expected` and `actual` fractions.
    static func populationStability(expected: [Double], actual: [Double]) -> Double {
        zip(expected, actual).reduce(0) { total, pair in
            let e = max(pair.0, floor), a = max(pair.1, floor)
            return total + (a - e) * log(a / e)
        }
    }

    /// Fractions of `sorted` values in the bins that `edges` (ascending, the inner
    /// cut points) make: (-inf, e0], (e0, e1], ..., (e_last, inf).
    static func binFractions(_ sorted: [Float], edges: [Float]) -> [Double] {
        guard !sorted.isEmpty else { return [Double](repeating: 0, count: edges.count + 1) }
        var counts = [Int](repeating: 0, count: edges.count + 1)
        var bin = 0
        for value in sorted {
            while bin < edges.count, value > edges[bin] { bin += 1 }
            counts[bin] += 1
        }
        return counts.map { Double($0) / Double(sorted.count) }
    }

    /// The inner decile cut points of a sorted sketch, without repeats.
    static func decileEdges(_ sketch: [Float]) -> [Float] {
        guard sketch.count > 1 else { return [] }
        var edges: [Float] = []
        for decile in 1...9 {
            let edge = sketch[Int((Double(decile) / 10 * Double(sketch.count - 1)).rounded())]
            if edges.last != edge { edges.append(edge) }
        }
        return edges
    }

    /// The largest distance between the empirical distributions of two sorted samples.
    static func kolmogorovSmirnov(_ a: [Float], _ b: [Float]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var i = 0, j = 0, distance = 0.0
        while i < a.count, j < b.count {
            let x = min(a[i], b[j])
            while i < a.count, a[i] <= x { i += 1 }
            while j < b.count, b[j] <= x { j += 1 }
            distance = max(distance, abs(Double(i) / Double(a.count) - Double(j) / Double(b.count)))
        }
        return distance
    }

    /// The asymptotic p-value of a two-sample KS distance for samples of `n` and `m`
    /// values (Stephens' small-sample correction, as Numerical Recipes' `kstwo`).
    static func kolmogorovSmirnovP(_ distance: Double, n: Int, m: Int) -> Double {
        guard n > 0, m > 0 else { return 1 }
        let effective = Double(n) * Double(m) / Double(n + m)
        let root = effective.squareRoot()
        let lambda = (root + 0.12 + 0.11 / root) * distance
        return kolmogorovQ(lambda)
    }

    /// Q_KS(λ) = 2 Σ (−1)^(j−1) exp(−2 j² λ²).
    static func kolmogorovQ(_ lambda: Double) -> Double {
        guard lambda > 0.001 else { return 1 }
        var sum = 0.0, sign = 1.0, previous = 0.0
        for j in 1...100 {
            let term = sign * 2 * exp(-2 * Double(j * j) * lambda * lambda)
            sum += term
            if abs(term) <= 1e-10 * previous || abs(term) <= 1e-16 * sum { return min(max(sum, 0), 1) }
            sign = -sign
            previous = abs(term)
        }
        return 1
    }

    /// The chi-squared statistic and degrees of freedom of a 2×k table of counts (the
    /// test of homogeneity), leaving out categories neither side has.
    static func chiSquared(_ first: [Int], _ second: [Int]) -> (statistic: Double, degrees: Int) {
        let pairs = zip(first, second).filter { $0.0 + $0.1 > 0 }
        let total1 = Double(pairs.reduce(0) { $0 + $1.0 }), total2 = Double(pairs.reduce(0) { $0 + $1.1 })
        guard pairs.count > 1, total1 > 0, total2 > 0 else { return (0, 0) }
        let total = total1 + total2
        var statistic = 0.0
        for (a, b) in pairs {
            let column = Double(a + b)
            let expected1 = total1 * column / total, expected2 = total2 * column / total
            statistic += (Double(a) - expected1) * (Double(a) - expected1) / expected1
            statistic += (Double(b) - expected2) * (Double(b) - expected2) / expected2
        }
        return (statistic, pairs.count - 1)
    }

    /// P(χ² with `degrees` degrees of freedom ≥ `statistic`): the regularized upper
    /// incomplete gamma function Q(k/2, x/2).
    static func chiSquaredP(_ statistic: Double, degrees: Int) -> Double {
        guard degrees > 0 else { return 1 }
        return upperGamma(Double(degrees) / 2, statistic / 2)
    }

    /// Q(a, x), by its series below a + 1 and its continued fraction above (Numerical
    /// Recipes, `gammq`).
    static func upperGamma(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 1 }
        let logPrefix = -x + a * log(x) - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, n = a
            for _ in 0..<1000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return max(0, min(1, 1 - sum * exp(logPrefix)))
        }
        // Lentz's method.
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...1000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return max(0, min(1, exp(logPrefix) * h))
    }
}
