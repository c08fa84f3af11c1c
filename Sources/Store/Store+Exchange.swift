import Digest
import Foundation
import GRDB
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The local store as one side of `strata store push|pull`. Runs come in through the
/// bundle importer's row insertion (one implementation of it), so a pulled run is
/// stored exactly as an imported bundle's would be.
extension Store: StoreExchange {
    public func importRuns(_ records: [RunRecord]) throws(StoreError) -> [RunID] {
        guard !records.isEmpty else { return [] }
        let entries = records.map(Store.bundleEntry)
        var datasets: [String: ParamValue] = [:]
        for entry in entries {
            for version in entry.datasets {
                if case .string(let id)? = version["content_id"] { datasets[id] = version }
            }
        }
        let (imported, _) = try write { db in
            try Store.insertBundleRows(
                runs: entries.map(\.run), datasets: datasets.keys.sorted().map { datasets[$0]! },
                in: db)
        }
        return imported
    }

    /// A run as a bundle document's entry (Docs/StoreFormat.md, "Bundles"), with the
    /// dataset versions it used.
    static func bundleEntry(_ record: RunRecord) -> (run: ParamValue, datasets: [ParamValue]) {
        let summary = record.summary
        func text(_ value: String?) -> ParamValue { value.map(ParamValue.string) ?? .null }
        func number(_ value: Int?) -> ParamValue { value.map { .number(Double($0)) } ?? .null }
        func milliseconds(_ date: Date) -> ParamValue {
            .number(Double(Int64((date.timeIntervalSince1970 * 1000).rounded())))
        }
        let columns = summary.outcome?.columnValues
        var history: [ParamValue] = []
        for epoch in record.history {
            for (name, value) in epoch.metrics.sorted(by: { $0.key < $1.key }) {
                history.append(
                    .record([
                        ("epoch", .number(Double(epoch.epoch))), ("name", .string(name)),
                        ("value", value.isFinite ? .number(value) : .null),
                        ("time_ms", milliseconds(epoch.time)),
                    ]))
            }
        }
        let run = ParamValue.record([
            ("id", .string(summary.id.rawValue)), ("name", text(summary.name)),
            ("status", .string(summary.status.rawValue)),
            ("error", text(summary.error)), ("created_ms", milliseconds(summary.created)),
            ("ended_ms", summary.ended.map(milliseconds) ?? .null), ("source", .string(record.source)),
            ("params", record.params), ("metrics", ParamValue.metrics(summary.metrics)),
            ("weights", text(record.weights?.hex)), ("host", text(summary.host)), ("pid", number(summary.pid)),
            ("model_spec", text(record.modelSpec)), ("preprocessing", text(record.preprocessing)),
            ("outcome", text(columns?.name)), ("outcome_epoch", number(columns?.epoch)),
            ("outcome_batch", number(columns?.batch)), ("outcome_batches", number(columns?.batches)),
            ("best_epoch", number(columns?.bestEpoch)), ("history", .list(history)),
            (
                "data",
                .list(record.data.map { .record([("role", .string($0.role)), ("content_id", .string($0.contentID))]) })
            ),
            ("tags", .list(summary.tags.map(ParamValue.string))),
            (
                "artifacts",
                .list(
                    record.artifacts.map {
                        .record([
                            ("name", .string($0.name)), ("object_id", .string($0.object.hex)),
                            ("media_type", .string($0.mediaType)),
                        ])
                    })
            ),
        ])
        let datasets = record.data.map { use -> ParamValue in
            .record([
                ("name", .string(use.name)), ("content_id", .string(use.contentID)), ("schema", use.schema),
                ("lineage", use.lineage), ("first_seen_ms", milliseconds(summary.created)),
                ("object_id", text(use.object?.hex)),
            ])
        }
        return (run, datasets)
    }

    public func importSweep(_ definition: SweepDefinition, trials: [SweepTrialRow]) throws(StoreError) -> Int {
        try write { db in
            if try Store.sweepDefinition(definition.name, in: db) == nil {
                try db.execute(
                    sql: """
                        INSERT INTO sweeps (name, space, method, seed, objective, goal, pruner, trials, created_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        definition.name, definition.space.json, definition.method, definition.seed,
                        definition.objective?.json, definition.goal.rawValue, definition.pruner,
                        max(0, definition.trials), Store.milliseconds(definition.created),
                    ])
            }
            let held = Dictionary(
                uniqueKeysWithValues: try Store.trialRows(definition.name, in: db).map { ($0.number, $0) })
            var changed = 0
            for trial in trials {
                if let mine = held[trial.number], !(mine.state == .running && trial.state != .running) { continue }
                // A trial's run may not have come along (it was not selected): the
                // reference is kept only when this store has the run.
                var run = trial.run?.rawValue
                if let id = run, try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [id]) != true
                {
                    run = nil
                }
                let intermediate = ParamValue.record(
                    trial.intermediate.sorted { $0.key < $1.key }
                        .map { (String($0.key), ParamValue.number($0.value)) }
                ).json
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO sweep_trials (sweep, number, params, state, value, run_id, error, process_gone,
                            intermediate, host, pid, heartbeat_ms, started_ms, ended_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        definition.name, trial.number, trial.params.json, trial.state.rawValue, trial.value,
                        run, trial.error, trial.processGone ? 1 : 0, intermediate, trial.host, trial.pid,
                        Store.milliseconds(trial.heartbeat), Store.milliseconds(trial.started),
                        trial.ended.map(Store.milliseconds),
                    ])
                changed += 1
            }
            return changed
        }
    }

    public func importTrackedVersions(_ versions: [TrackedVersion]) throws(StoreError) -> Int {
        try write { db in
            var added = 0
            for version in versions.sorted(by: { $0.created < $1.created }) {
                let known =
                    try Bool.fetchOne(
                        db, sql: "SELECT 1 FROM tracked_versions WHERE path = ? AND manifest = ?",
                        arguments: [version.path, version.id.hex]) == true
                if known { continue }
                try db.execute(
                    sql: """
                        INSERT INTO tracked_versions (path, manifest, kind, files, bytes, created_ms) VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        version.path, version.id.hex, version.isFolder ? "folder" : "file", version.files,
                        version.bytes, Store.milliseconds(version.created),
                    ])
                added += 1
            }
            return added
        }
    }

    public func presentObjects(among ids: Set<ObjectID>) throws(StoreError) -> Set<ObjectID> {
        objects.packs.refresh(.always)
        return ids.filter { objects.contains($0) }
    }

    public func objectReceiver() throws(StoreError) -> any ObjectReceiver {
        try objects.prepareFolders()
        return LocalObjectReceiver(objects: objects)
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}

/// Objects arriving in the local store, each checked against its id. Small ones are
/// gathered into packs, as `add` stores them (a pull of ten thousand small files makes a
/// few dozen pack files, not ten thousand object files); each full pack is written,
/// flushed and renamed into place at once. Large ones are written to temporary files
/// (no sync of their own), made durable a batch at a time with one file-system sync
/// and the renames, as an import does.
final class LocalObjectReceiver: ObjectReceiver {
    /// Staged loose objects are committed once this many wait (what an interruption
    /// can cost at most, besides the pack being filled).
    static let batchSize = 512

    private struct State {
        var staged: [ObjectStore.Ingested] = []
        var pack = PackBuilder()
        /// Objects made durable since the last `commit` returned.
        var written = 0
    }

    private let objects: ObjectStore
    private let state = Mutex(State())

    init(objects: ObjectStore) {
        self.objects = objects
    }

    func receive(_ id: ObjectID, _ data: Data) throws(StoreError) {
        let actual = SHA256Hasher.hash(data)
        guard actual == id.hex else { throw .objectCorrupt(id, actual: actual, path: "the copy received") }
        if objects.freshen(id, refresh: .never) { return }
        if data.count < PackImage.objectLimit {
            let full = state.withLock { state -> PackBuilder? in
                state.pack.append(id, data)
                guard state.pack.isFull else { return nil }
                defer { state.pack = PackBuilder() }
                return state.pack
            }
            if var full { try install(&full) }
            return
        }
        let temporary = try objects.temporaryFile()
        let fd = try FileIO.open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode: 0o444, action: "create object file")
        do throws(StoreError) {
            defer { close(fd) }
            try FileIO.writeAll(fd, data, path: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        let batch = state.withLock { state -> [ObjectStore.Ingested]? in
            state.staged.append(ObjectStore.Ingested(id: id, staged: temporary))
            guard state.staged.count >= LocalObjectReceiver.batchSize else { return nil }
            defer { state.staged = [] }
            return state.staged
        }
        if let batch { try commitLoose(batch) }
    }

    func commit() throws(StoreError) -> Int {
        let (batch, pack) = state.withLock { state in
            defer {
                state.staged = []
                state.pack = PackBuilder()
            }
            return (state.staged, state.pack)
        }
        var rest = pack
        if !rest.isEmpty { try install(&rest) }
        try commitLoose(batch)
        return state.withLock { state in
            defer { state.written = 0 }
            return state.written
        }
    }

    func abandon() {
        let batch = state.withLock { state in
            defer {
                state.staged = []
                state.pack = PackBuilder()
            }
            return state.staged
        }
        for item in batch { if let path = item.staged { unlink(path) } }
    }

    private func install(_ pack: inout PackBuilder) throws(StoreError) {
        let image = pack.seal()
        try objects.install(image)
        state.withLock { $0.written += image.entries.count }
    }

    private func commitLoose(_ batch: [ObjectStore.Ingested]) throws(StoreError) {
        let added = try objects.commit(batch)
        state.withLock { $0.written += added }
    }
}
