import Foundation

/// A run's id: time-sortable and unique, e.g. `01jq3m5x7k-4f8h2c` without the dash:
/// 10 Crockford base-32 characters of the start time in milliseconds, then 6 random
/// ones, lowercase. Ids sort in creation order; any unique prefix names the run.
public struct RunID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// A fresh id for a run starting now (also for runs no store records, so ids look
    /// alike either way).
    public static func generate(at date: Date = Date()) -> RunID {
        make(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// A fresh id for a run starting at `milliseconds` since 1970.
    package static func make(milliseconds: Int64) -> RunID {
        var characters = [UInt8](repeating: 0, count: 16)
        var time = UInt64(max(0, milliseconds))
        for index in stride(from: 9, through: 0, by: -1) {
            characters[index] = alphabet[Int(time & 31)]
            time >>= 5
        }
        var random = UInt64.random(in: 0...UInt64.max)
        for index in 10..<16 {
            characters[index] = alphabet[Int(random & 31)]
            random >>= 5
        }
        return RunID(rawValue: String(decoding: characters, as: UTF8.self))
    }

    public var description: String { rawValue }

    public static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where a run is in its life. A run is `running` from `beginRun` until `finishRun`;
/// one whose process died stays `running` (`RunSummary.isOrphaned` tells). `pruned`:
/// a sweep's pruner stopped it early because its trial looked worse than the others.
public enum RunStatus: String, Sendable, CaseIterable {
    case running, finished, interrupted, failed, pruned
}

/// One dataset a run used: its role (`train`, `val`, `test`), its name and content id
/// (`version(ds)`), its schema and lineage as JSON (source files with their SHA-256,
/// the transforms applied), and optionally its canonical bytes stored as an object.
public struct DataUse: Sendable, Hashable {
    public var role: String
    public var name: String
    public var contentID: String
    public var schema: ParamValue
    public var lineage: ParamValue
    public var object: ObjectID?

    public init(
        role: String, name: String, contentID: String, schema: ParamValue, lineage: ParamValue,
        object: ObjectID? = nil
    ) {
        self.role = role
        self.name = name
        self.contentID = contentID
        self.schema = schema
        self.lineage = lineage
        self.object = object
    }
}

/// A run as `runs()` lists it: no history, no data.
public struct RunSummary: Sendable, Hashable {
    public var id: RunID
    public var name: String?
    public var status: RunStatus
    /// How it ended; nil while it runs.
    public var outcome: RunOutcome?
    /// Why it failed (`outcome` `.failed`), in the words of the error that stopped it.
    public var error: String?
    public var created: Date
    public var ended: Date?
    /// Final metrics (empty while running).
    public var metrics: [String: Double]
    public var tags: [String]
    /// The host and process that wrote the run (nil for runs from schema 1 stores).
    public var host: String?
    public var pid: Int?

    package init(
        id: RunID, name: String?, status: RunStatus, outcome: RunOutcome?, error: String?, created: Date,
        ended: Date?, metrics: [String: Double], tags: [String], host: String?, pid: Int?
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.outcome = outcome
        self.error = error
        self.created = created
        self.ended = ended
        self.metrics = metrics
        self.tags = tags
        self.host = host
        self.pid = pid
    }

    /// This machine's host name, read once: Foundation's `hostName` may ask the resolver
    /// each time (seconds on a machine without DNS), and a dashboard asks per running run
    /// per render.
    public static let localHost = ProcessInfo.processInfo.hostName

    /// A `running` run whose process no longer exists on this host (it was killed).
    public var isOrphaned: Bool {
        guard status == .running, let pid, let host, host == RunSummary.localHost else { return false }
        return kill(pid_t(pid), 0) != 0 && errno == ESRCH
    }
}

/// One epoch's metrics as recorded while training.
public struct EpochMetrics: Sendable, Hashable {
    public var epoch: Int
    public var metrics: [String: Double]
    public var time: Date

    package init(epoch: Int, metrics: [String: Double], time: Date) {
        self.epoch = epoch
        self.metrics = metrics
        self.time = time
    }
}

/// An artifact a run produced (a figure, a report), stored as an object.
public struct Artifact: Sendable, Hashable {
    public var name: String
    public var object: ObjectID
    public var mediaType: String

    package init(name: String, object: ObjectID, mediaType: String) {
        self.name = name
        self.object = object
        self.mediaType = mediaType
    }
}

/// Everything recorded about one run.
public struct RunRecord: Sendable, Hashable {
    public var summary: RunSummary
    /// The params as `fit` recorded them: model layers, optimizer, every fit label, seed.
    public var params: ParamValue
    /// The model's layers and sample shape as JSON (Docs/StoreFormat.md, "Model specs");
    /// nil for a run that trained no model, or one migrated from schema 3 whose layers
    /// have not been read yet.
    public var modelSpec: String?
    /// What the training data went through (Docs/StoreFormat.md, "Preprocessing"), as
    /// JSON; nil for runs written before schema 5.
    public var preprocessing: String? = nil
    /// The cell's source.
    public var source: String
    /// Per-epoch metrics, in epoch order.
    public var history: [EpochMetrics]
    /// The data the run used, by role.
    public var data: [DataUse]
    /// The trained weights' object, when the run saved them.
    public var weights: ObjectID?
    public var artifacts: [Artifact]

    package init(
        summary: RunSummary, params: ParamValue, modelSpec: String?, preprocessing: String? = nil,
        source: String, history: [EpochMetrics], data: [DataUse], weights: ObjectID?, artifacts: [Artifact]
    ) {
        self.summary = summary
        self.params = params
        self.modelSpec = modelSpec
        self.preprocessing = preprocessing
        self.source = source
        self.history = history
        self.data = data
        self.weights = weights
        self.artifacts = artifacts
    }

    public var id: RunID { summary.id }
    public var name: String? { summary.name }
    public var status: RunStatus { summary.status }
    public var metrics: [String: Double] { summary.metrics }
}
