import Digest
import Foundation
import Synchronization

/// Runs and objects kept in memory, for as long as the value lives: what a session
/// uses when no store folder can be opened (its runs are listed, compared and
/// restored the same way, for the session), and the second backend of the store's
/// behaviour tests. It keeps every promise of `RunStore` except surviving the process
/// (and sweeps shared with other processes: only this one sees them).
public final class MemoryStore: RunStore {
    struct State {
        var records: [RunRecord] = []
        var objects: [ObjectID: Data] = [:]
        var objectTimes: [ObjectID: Date] = [:]
        var lastMilliseconds: Int64 = 0
        /// Sweeps by name, and each sweep's trials in number order (MemoryStore+Sweeps).
        var sweeps: [String: SweepDefinition] = [:]
        var trials: [String: [SweepTrialRow]] = [:]
        /// The prediction log, in append order (MemoryStore+Predictions).
        var predictions: [PredictionRecord] = []
    }

    let state = Mutex(State())

    public init() {}

    public var location: String { "memory" }

    // MARK: Objects

    public func putObject(_ data: Data) throws(StoreError) -> ObjectID {
        let id = ObjectID(trusted: SHA256Hasher.hash(data))
        state.withLock { state in
            if state.objects[id] == nil { state.objectTimes[id] = Date() }
            state.objects[id] = data
        }
        return id
    }

    public func object(_ id: ObjectID) throws(StoreError) -> Data {
        guard let data = state.withLock({ $0.objects[id] }) else { throw .objectMissing(id) }
        return data
    }

    // MARK: Writing runs

    public func beginRun(
        name: String?, params: ParamValue, modelSpec: String?, preprocessing: String?,
        data: [DataUse], source: String
    ) throws(StoreError) -> RunID {
        state.withLock { state in
            // Ids sort in creation order, as the folder store's do, even within a millisecond.
            let now = max(Store.nowMilliseconds(), state.lastMilliseconds + 1)
            state.lastMilliseconds = now
            let id = RunID.make(milliseconds: now)
            let summary = RunSummary(
                id: id, name: name, status: .running, outcome: nil, error: nil,
                created: Date(milliseconds: now), ended: nil, metrics: [:], tags: [],
                host: RunSummary.localHost, pid: Int(getpid()))
            state.records.append(
                RunRecord(
                    summary: summary, params: params, modelSpec: modelSpec,
                    preprocessing: preprocessing, source: source, history: [], data: data, weights: nil, artifacts: []))
            return id
        }
    }

    public func tag(_ run: RunID, _ label: String) throws(StoreError) {
        try update(run) { record in
            if !record.summary.tags.contains(label) { record.summary.tags = (record.summary.tags + [label]).sorted() }
        }
    }

    public func appendEpoch(_ run: RunID, epoch: Int, metrics: [String: Double]) throws(StoreError) {
        try update(run) { record in
            let now = Date()
            if let index = record.history.firstIndex(where: { $0.epoch == epoch }) {
                record.history[index].metrics.merge(metrics) { _, new in new }
            } else {
                record.history.append(EpochMetrics(epoch: epoch, metrics: metrics, time: now))
                record.history.sort { $0.epoch < $1.epoch }
            }
        }
    }

    public func addArtifact(_ run: RunID, name: String, data: Data, mediaType: String) throws(StoreError) -> ObjectID {
        let id = try putObject(data)
        try update(run) { record in
            record.artifacts.removeAll { $0.name == name }
            record.artifacts.append(Artifact(name: name, object: id, mediaType: mediaType))
            record.artifacts.sort { $0.name < $1.name }
        }
        return id
    }

    public func finishRun(
        _ run: RunID, outcome: RunOutcome, metrics: [String: Double], weights: Data?,
        error: String?
    ) throws(StoreError) {
        let object = try weights.map { (data) throws(StoreError) in try putObject(data) }
        try update(run) { record in
            record.summary.status = outcome.status
            record.summary.outcome = outcome
            record.summary.error = error
            record.summary.ended = Date()
            record.summary.metrics = metrics
            record.weights = object
        }
    }

    private func update(_ run: RunID, _ change: (inout RunRecord) -> Void) throws(StoreError) {
        let found = state.withLock { state -> Bool in
            guard let index = state.records.firstIndex(where: { $0.id == run }) else { return false }
            change(&state.records[index])
            return true
        }
        guard found else { throw .unknownRun(run.rawValue) }
    }

    // MARK: Reading runs

    public func runs(sort: String, limit: Int?, offset: Int, filter: RunFilter) throws(StoreError) -> [RunSummary] {
        let summaries = state.withLock { state in state.records.filter { state.keeps($0, filter) }.map(\.summary) }
        let descending = sort.hasPrefix("-")
        let field = descending ? String(sort.dropFirst()) : sort
        let ordered: [RunSummary]
        // Ties (and runs without the field) fall back to the id, newest first, as SQL's ORDER BY does there.
        switch field {
        case "created", "id":
            ordered = summaries.sorted { descending ? $0.id > $1.id : $0.id < $1.id }
        case "ended":
            let ended = summaries.filter { $0.ended != nil }.sorted { a, b in
                a.ended! == b.ended!
                    ? (descending ? a.id > b.id : a.id < b.id)
                    : (descending ? a.ended! > b.ended! : a.ended! < b.ended!)
            }
            // Running runs (no end yet) last, in creation order the way the sort goes.
            ordered = ended + summaries.filter { $0.ended == nil }.sorted { descending ? $0.id > $1.id : $0.id < $1.id }
        case "name":
            let named = summaries.filter { $0.name != nil }.sorted { a, b in
                a.name! == b.name! ? a.id > b.id : (descending ? a.name! > b.name! : a.name! < b.name!)
            }
            ordered = named + summaries.filter { $0.name == nil }.sorted { $0.id > $1.id }
        case "status":
            ordered = summaries.sorted { a, b in
                a.status == b.status
                    ? a.id > b.id
                    : (descending ? a.status.rawValue > b.status.rawValue : a.status.rawValue < b.status.rawValue)
            }
        default:
            let known = try metricNames()
            guard known.contains(field) else { throw .unknownSortField(field, known: Store.runSortFields + known) }
            let with = summaries.filter { $0.metrics[field] != nil }.sorted { a, b in
                a.metrics[field]! == b.metrics[field]!
                    ? a.id > b.id
                    : (descending ? a.metrics[field]! > b.metrics[field]! : a.metrics[field]! < b.metrics[field]!)
            }
            ordered = with + summaries.filter { $0.metrics[field] == nil }.sorted { $0.id > $1.id }
        }
        return Array(ordered.dropFirst(max(0, offset)).prefix(limit.map { max(0, $0) } ?? Int.max))
    }

    public func runCount(filter: RunFilter) throws(StoreError) -> Int {
        state.withLock { state in state.records.count { state.keeps($0, filter) } }
    }

    public func metricNames() throws(StoreError) -> [String] {
        Set(state.withLock { $0.records.flatMap(\.summary.metrics.keys) }).sorted()
    }

    public func resolveRun(_ reference: String) throws(StoreError) -> RunID {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .unknownRun(reference) }
        let ids = state.withLock { $0.records.map { (id: $0.id, name: $0.name) } }
        if let exact = ids.first(where: { $0.id.rawValue == trimmed }) { return exact.id }
        if let named = ids.last(where: { $0.name == trimmed }) { return named.id }
        let prefix = trimmed.lowercased()
        let matches = ids.map(\.id.rawValue).filter { $0.hasPrefix(prefix) }.sorted()
        if matches.count == 1 { return RunID(rawValue: matches[0]) }
        if matches.isEmpty { throw .unknownRun(reference) }
        throw .ambiguousRun(reference, matches: Array(matches.prefix(20)))
    }

    public func run(_ reference: String) throws(StoreError) -> RunRecord {
        let id = try resolveRun(reference)
        guard let record = state.withLock({ $0.records.first { $0.id == id } }) else { throw .unknownRun(reference) }
        return record
    }
}

extension MemoryStore.State {
    /// Whether `filter` keeps the run, a trial of its sweep counting as of the sweep.
    func keeps(_ record: RunRecord, _ filter: RunFilter) -> Bool {
        let isTrial = filter.sweep.map { sweep in trials[sweep]?.contains { $0.run == record.id } ?? false } ?? false
        return filter.matches(record, isTrial: isTrial)
    }
}
