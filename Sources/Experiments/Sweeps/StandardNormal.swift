import Foundation

/// The standard normal distribution's functions that the Parzen estimator needs, each
/// accurate in the tails (probabilities come out as logarithms, so a kernel far from a
/// point gives a very negative log density instead of log(0)).
enum StandardNormal {
    static let logSqrtTwoPi = 0.5 * log(2 * Double.pi)

    /// P(Z <= x).
    static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// log P(Z <= x), finite down to very negative x.
    static func logCDF(_ x: Double) -> Double {
        if x > 6 { return log1p(-cdf(-x)) }
        // erfc keeps full relative precision in the left tail until it underflows near -37.
        if x > -30 { return log(cdf(x)) }
        // The asymptotic series: log(phi(x) / -x) + log(1 - 1/x^2 + 3/x^4 - ...).
        let leading = -0.5 * x * x - log(-x) - logSqrtTwoPi
        var sum = 1.0, term = 1.0
        let inverseSquare = 1 / (x * x)
        for i in 1...20 {
            term *= -Double(2 * i - 1) * inverseSquare
            sum += term
            if abs(term) < 1e-17 { break }
        }
        return leading + log(sum)
    }

    /// log P(a <= Z <= b) for a <= b, without cancellation: in a tail, as a difference of
    /// logarithms on the side where the cdf is small; across 0, as log(1 - both tails).
    static func logMass(_ a: Double, _ b: Double) -> Double {
        if b <= 0 {
            let upper = logCDF(b), lower = logCDF(a)
            return upper + log1p(-exp(lower - upper))
        }
        if a > 0 { return logMass(-b, -a) }
        return log1p(-cdf(a) - cdf(-b))
    }

    /// x with P(Z <= x) = p, for 0 < p < 1: Acklam's rational approximation with one
    /// Halley step against erfc, good to about 1e-15 relative. Works on the lower half
    /// and mirrors, so each side keeps the tail precision of its small probability.
    static func quantile(_ p: Double) -> Double {
        if p > 0.5 { return -quantile(1 - p) }
        if p <= 0 { return -.infinity }
        var x: Double
        if p < 0.02425 {
            let q = (-2 * log(p)).squareRoot()
            x =
                (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                    - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                    + 3.754408661907416e+00) * q + 1)
        } else {
            let q = p - 0.5, r = q * q
            x =
                (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
                    + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
                / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
                    + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1)
        }
        let error = cdf(x) - p
        let u = error * exp(0.5 * x * x + logSqrtTwoPi)
        x -= u / (1 + 0.5 * x * u)
        return x
    }

    /// The point at quantile `u` (in [0, 1)) of Z truncated to [a, b]: inverts the
    /// truncated cdf on the side of the interval where the cdf is small.
    static func truncatedQuantile(_ u: Double, a: Double, b: Double) -> Double {
        let logMassAB = logMass(a, b)
        let x: Double
        if a < 0 {
            // P(Z <= x) = P(Z <= a) + u * mass, in logarithms.
            x = quantile(exp(logAddExp(logCDF(a), log(u) + logMassAB)))
        } else {
            // Mirrored: P(Z >= x) = P(Z >= b) + (1 - u) * mass.
            x = -quantile(exp(logAddExp(logCDF(-b), log1p(-u) + logMassAB)))
        }
        return Swift.min(Swift.max(x, a), b)
    }

    /// log(exp(p) + exp(q)).
    static func logAddExp(_ p: Double, _ q: Double) -> Double {
        let high = Swift.max(p, q), low = Swift.min(p, q)
        if high == -.infinity { return -.infinity }
        return high + log1p(exp(low - high))
    }
}
