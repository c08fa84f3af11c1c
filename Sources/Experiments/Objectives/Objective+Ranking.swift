import Learn

/// Scoring and ranking by an objective: runs by their final metrics (`runs(sort:)`,
/// `score`), epochs by theirs (`fit(early_stop_on:)`). One order serves both: runs that
/// meet every requirement, best score first; then runs that miss one, best first; then
/// runs without a score.
extension Objective {
    /// Where a run (or epoch) stands: its score, nil when a metric is missing or NaN,
    /// and the requirements it misses (a missing value misses).
    public struct Standing: Sendable, Equatable {
        public let score: Double?
        public let missed: [Requirement]

        /// 0: scored and meeting every requirement; 1: scored, missing one; 2: no score.
        var tier: Int { score == nil ? 2 : (missed.isEmpty ? 0 : 1) }
    }

    /// The score: the metric's value, or the weighted mean of the metrics' values.
    public func score(_ metrics: [String: Double]) -> Double? {
        var total = 0.0, weights = 0.0
        for term in terms {
            guard let value = term.metric.value(in: metrics) else { return nil }
            total += term.weight * value
            weights += term.weight
        }
        return total / weights
    }

    /// The score and the requirements missed.
    public func standing(_ metrics: [String: Double]) -> Standing {
        Standing(
            score: score(metrics),
            missed: requirements.filter { requirement in
                requirement.metric.value(in: metrics).map(requirement.isMet(by:)) != true
            })
    }

    /// Whether `a` ranks strictly above `b`.
    public func ranksAbove(_ a: Standing, _ b: Standing) -> Bool {
        if a.tier != b.tier { return a.tier < b.tier }
        guard let x = a.score, let y = b.score else { return false }
        return goal == .max ? x > y : x < y
    }

    /// `items` best first; items that rank equal keep their order (the store's newest first).
    public func ranked<Item>(_ items: [Item], metrics: (Item) -> [String: Double]) -> [Item] {
        let standings = items.map { standing(metrics($0)) }
        return items.indices.sorted { i, j in
            if ranksAbove(standings[i], standings[j]) { return true }
            if ranksAbove(standings[j], standings[i]) { return false }
            return i < j
        }.map { items[$0] }
    }

    /// Early stopping by this objective: an epoch improves on the best when it ranks
    /// above it, its metrics named as the run records them.
    public func earlyStopMonitor(metrics: [Metric]) -> EarlyStopMonitor {
        EarlyStopMonitor(name: description) { candidate, best in
            let named = { (epoch: EpochRecord) in
                Dictionary(epoch.namedValues(metrics: metrics).map { ($0.name, $0.value) }) { first, _ in first }
            }
            return ranksAbove(standing(named(candidate)), standing(named(best)))
        }
    }
}
