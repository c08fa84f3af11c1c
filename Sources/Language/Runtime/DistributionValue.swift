import Experiments
import Render

/// A distribution in a sweep's space (`type(d)` is `"distribution"`), as `uniform`,
/// `loguniform`, `integer` and `choice` make it.
public final class DistributionValue: NativeValue {
    let distribution: SweepDistribution

    init(_ distribution: SweepDistribution) {
        self.distribution = distribution
    }

    public var typeName: String { "distribution" }

    public var summary: String { SweepSearchValue.text(distribution) }

    public func display() -> MimeBundle { MimeBundle(plain: summary) }
}
