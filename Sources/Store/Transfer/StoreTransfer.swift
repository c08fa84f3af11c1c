import Foundation
import Synchronization

/// What to move between two stores.
public struct TransferSelection: Sendable, Hashable {
    /// Runs by id, unique id prefix or name.
    public var runs: [String]
    /// Tracked data versions by id or unique id prefix.
    public var data: [String]
    /// Every run, sweep and tracked data version.
    public var everything: Bool

    public init(runs: [String] = [], data: [String] = [], everything: Bool = false) {
        self.runs = runs
        self.data = data
        self.everything = everything
    }
}

/// What a transfer did.
public struct TransferReport: Sendable, Hashable {
    /// Runs copied, and runs the destination already had.
    public var runsCopied = 0
    public var runsPresent = 0
    /// Sweeps looked at, and their trial rows copied or brought up to date.
    public var sweeps = 0
    public var trialsCopied = 0
    /// Tracked data versions copied (the destination lacked them) and already there.
    public var dataVersionsCopied = 0
    public var dataVersionsPresent = 0
    /// Objects sent (the destination lacked them) and their bytes; objects it had.
    public var objectsSent = 0
    public var bytesSent: Int64 = 0
    public var objectsPresent = 0
}

/// `strata store push|pull`: copies runs (with their history, data versions, tags,
/// weights and artifacts), sweeps and tracked data versions from one store to another,
/// as `dvc push` and `git push` do: it asks the destination which objects it lacks and
/// sends only those, on `jobs` concurrent transfers, each checked against its id when
/// read and again on arrival; rows follow once every object they name is durable.
///
/// Resumable: the destination makes objects durable as they arrive (a pack or a batch
/// at a time), and everything already in the destination (objects by id, runs by id,
/// versions by path and id) is skipped, so a transfer cut short (a dead server, ^C) is
/// completed by running it again, without sending again what arrived.
public struct StoreTransfer: Sendable {
    public let source: any StoreExchange
    public let destination: any StoreExchange
    public let jobs: Int

    public init(from source: any StoreExchange, to destination: any StoreExchange, jobs: Int = 16) {
        self.source = source
        self.destination = destination
        self.jobs = max(1, jobs)
    }

    /// Copies what `selection` names. `progress` hears (objects sent, objects to send).
    public func run(
        _ selection: TransferSelection,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(StoreError) -> TransferReport {
        var report = TransferReport()
        // What to copy.
        var runIDs: [RunID] = []
        if selection.everything {
            runIDs = try source.runs(sort: "created", limit: nil, filter: .all).map(\.id)
        }
        for reference in selection.runs {
            let id = try source.resolveRun(reference)
            if !runIDs.contains(id) { runIDs.append(id) }
        }
        let versions = try dataVersions(selection)
        let sweepNames = selection.everything ? try source.sweeps().map(\.definition.name) : []

        let held = Set(try destination.runs(sort: "id", limit: nil, filter: .all).map(\.id))
        let missingRuns = runIDs.filter { !held.contains($0) }
        report.runsPresent = runIDs.count - missingRuns.count
        var records: [RunRecord] = []
        for id in missingRuns { records.append(try source.run(id.rawValue)) }

        // The objects they name, and those the destination lacks.
        var needed = Set<ObjectID>()
        for record in records {
            if let weights = record.weights { needed.insert(weights) }
            for artifact in record.artifacts { needed.insert(artifact.object) }
            for use in record.data { if let object = use.object { needed.insert(object) } }
        }
        let heldVersions = Set(try destination.trackedVersions(path: nil).map { "\($0.path)\u{0}\($0.id.hex)" })
        let newVersions = versions.filter { !heldVersions.contains("\($0.path)\u{0}\($0.id.hex)") }
        report.dataVersionsPresent = versions.count - newVersions.count
        for manifestID in Set(newVersions.map(\.id)) {
            needed.insert(manifestID)
            let manifest = try Manifest.decode(try source.object(manifestID), id: manifestID)
            for entry in manifest.entries { needed.insert(entry.object) }
        }
        let present = try destination.presentObjects(among: needed)
        report.objectsPresent = present.count
        let missing = needed.subtracting(present).sorted()
        let sent = try copy(missing, progress: progress)
        report.objectsSent = sent.objects
        report.bytesSent = sent.bytes

        // Rows, now that every object they name is durable in the destination.
        report.dataVersionsCopied = try destination.importTrackedVersions(newVersions)
        for start in stride(from: 0, to: records.count, by: 200) {
            report.runsCopied += try destination.importRuns(Array(records[start..<min(start + 200, records.count)]))
                .count
        }
        for name in sweepNames {
            guard let definition = try source.sweep(named: name) else { continue }
            report.trialsCopied += try destination.importSweep(definition, trials: try source.trials(sweep: name))
            report.sweeps += 1
        }
        return report
    }

    /// The tracked versions the selection names: all of them, or those whose id starts
    /// with one of the references (one match each).
    private func dataVersions(_ selection: TransferSelection) throws(StoreError) -> [TrackedVersion] {
        let all = try source.trackedVersions(path: nil)
        if selection.everything { return all }
        var chosen: [TrackedVersion] = []
        for reference in selection.data {
            let prefix = reference.lowercased()
            let matches = all.filter { !prefix.isEmpty && $0.id.hex.hasPrefix(prefix) }
            let ids = Set(matches.map(\.id))
            guard ids.count == 1 else { throw .unknownDataVersion(reference, matches: ids.map(\.hex).sorted()) }
            chosen += matches.filter { version in !chosen.contains(version) }
        }
        return chosen
    }

    /// Sends `ids`, read on `jobs` threads in the order the source reads best (a pack at
    /// a time, where it has packs) and handed to the destination's receiver, which makes
    /// them durable as it goes; the first failure stops the reading and is thrown, after
    /// what arrived is made durable (the next transfer skips it).
    private func copy(_ ids: [ObjectID], progress: (@Sendable (Int, Int) -> Void)?) throws(StoreError)
        -> (objects: Int, bytes: Int64)
    {
        guard !ids.isEmpty else { return (0, 0) }
        let receiver = try destination.objectReceiver()
        let done = Atomic<Int>(0)
        let bytes = Atomic<Int>(0)
        let total = ids.count
        do throws(StoreError) {
            try source.readObjects(ids, jobs: jobs) { id, result throws(StoreError) in
                let data = try result.get()
                try receiver.receive(id, data)
                bytes.add(data.count, ordering: .relaxed)
                let count = done.add(1, ordering: .relaxed).newValue
                progress?(count, total)
            }
        } catch {
            do throws(StoreError) { try receiver.commit() } catch { receiver.abandon() }
            throw error
        }
        try receiver.commit()
        return (done.load(ordering: .relaxed), Int64(bytes.load(ordering: .relaxed)))
    }
}
