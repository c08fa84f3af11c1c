import Learn

/// What an objective can tell from runs' recorded metrics alone (a run's final metrics
/// name its task: `accuracy` only classification has, `rmse` only regression).
extension Objective {
    /// Whether metrics recorded under these names come from classification (true),
    /// regression (false), or cannot tell (only the loss).
    public static func task(recorded names: some Sequence<String>) -> Bool? {
        for name in names {
            let bare = name.hasPrefix("val_") ? String(name.dropFirst(4)) : name
            if let metric = Metric(rawValue: bare) { return metric.isClassification }
        }
        return nil
    }

    /// Checks the objective can rank these runs (their final metrics): when every run
    /// whose task shows is of one task, that task must have the objective's metrics;
    /// and at least one run must have a score.
    /// - Throws: `.notForTask` (`auc` over regression runs), `.notRecorded`. No runs: nothing to check.
    public func check(runs metrics: [[String: Double]]) throws(ObjectiveError) {
        guard !metrics.isEmpty else { return }
        let tasks = Set(metrics.compactMap { Objective.task(recorded: $0.keys) })
        if tasks.count == 1, let classification = tasks.first { try check(classification: classification) }
        guard metrics.contains(where: { score($0) != nil }) else {
            let missing = terms.first { term in !metrics.contains { term.metric.value(in: $0) != nil } }
            throw .notRecorded(metric: (missing ?? terms[0]).metric.description)
        }
    }
}
