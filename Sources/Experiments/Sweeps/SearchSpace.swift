/// What a sweep searches: named distributions in the order they were written, and fixed
/// values (any other value in the space), which every trial gets as they are. Checked
/// when made: every distribution valid, no name twice.
public struct SearchSpace: Sendable, Equatable {
    /// The parameters to sample, in the space's order.
    public let distributions: [(name: String, distribution: SweepDistribution)]
    /// The values every trial gets unchanged, in the space's order.
    public let fixed: [(name: String, value: SweepValue)]

    /// The most points a grid may have: a grid is run point by point, and past this it
    /// would not finish (and its shuffled order would take real memory).
    public static let maximumGridPoints = 1_000_000

    /// A space of `distributions` and `fixed` values; throws the first invalid
    /// distribution (with its name) or a repeated name.
    public init(
        _ distributions: [(name: String, distribution: SweepDistribution)],
        fixed: [(name: String, value: SweepValue)] = []
    ) throws(SweepSpaceError) {
        var seen = Set<String>()
        for name in distributions.map(\.name) + fixed.map(\.name) where !seen.insert(name).inserted {
            throw .duplicateParameter(name)
        }
        for (name, distribution) in distributions {
            do { try distribution.validate() } catch { throw .invalid(parameter: name, error) }
        }
        self.distributions = distributions
        self.fixed = fixed
    }

    /// The distribution named `name`, if there is one.
    public func distribution(named name: String) -> SweepDistribution? {
        distributions.first { $0.name == name }?.distribution
    }

    /// A trial's params in the space's order: the distributions' values, then the fixed
    /// values; names the space does not have are left out.
    public func ordered(_ params: [String: SweepValue]) -> [(name: String, value: SweepValue)] {
        let names = distributions.map(\.name) + fixed.map(\.name)
        return names.compactMap { name in params[name].map { (name, $0) } }
    }

    /// The sampled values with the fixed values added: what a trial's closure receives.
    func completed(_ sampled: [String: SweepValue]) -> [String: SweepValue] {
        var params = sampled
        for (name, value) in fixed { params[name] = value }
        return params
    }

    public static func == (a: SearchSpace, b: SearchSpace) -> Bool {
        a.distributions.elementsEqual(b.distributions) { $0.name == $1.name && $0.distribution == $1.distribution }
            && a.fixed.elementsEqual(b.fixed) { $0.name == $1.name && $0.value == $1.value }
    }
}
