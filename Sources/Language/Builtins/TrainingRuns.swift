import Store

/// The runs `fit` made in this session, oldest first, kept in the session's services
/// so `runs()`/`run(id)` can list them even when the store cannot be written.
public final class TrainingRuns {
    public private(set) var runs: [RunValue] = []
    /// Fits started in this session, for unique display ids.
    private(set) var fitCount = 0

    public init() {}

    func add(_ run: RunValue) {
        runs.append(run)
    }

    /// A display id for the next fit's progress output, unique in this session and,
    /// thanks to the random part, across sessions writing to the same notebook.
    func nextDisplayID() -> String {
        fitCount += 1
        return "strata-fit-\(fitCount)-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    }

    /// This session's runs that `filter` keeps, oldest first.
    func matching(_ filter: RunFilter) -> [RunValue] {
        runs.filter { run in
            var sweep: String?
            if case .string(let name)? = run.params["sweep"] { sweep = name }
            return filter.matches(
                status: RunStatus(rawValue: run.status.rawValue) ?? .failed, tags: run.tags,
                sweepParam: sweep, name: run.name, contentIDs: run.data.map(\.contentID))
        }
    }

    /// The run with this id, id prefix or name (the newest of that name).
    public func find(_ reference: String) -> RunValue? {
        if let exact = runs.last(where: { $0.id == reference }) { return exact }
        let prefixed = runs.filter { $0.id.hasPrefix(reference) }
        if prefixed.count == 1 { return prefixed[0] }
        return runs.last { $0.name == reference }
    }
}

extension BuiltinCall {
    /// The session's list of runs.
    var trainingRuns: TrainingRuns {
        services.get(TrainingRuns.self) { () throws(Never) in TrainingRuns() }
    }
}
