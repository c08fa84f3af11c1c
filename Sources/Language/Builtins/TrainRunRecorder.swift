import Data
import Foundation
import Learn
import Store

/// Persists one fit to the session's store while it runs: `beginRun` once training
/// has started (so a fit rejected for bad arguments leaves no run), each epoch as it
/// ends, and the end with its status, final metrics and weights.
///
/// The store is an extra a fit must not die of: the first store error is kept in
/// `problem` (the caller warns once) and later writes are skipped.
final class TrainRunRecorder {
    private let store: Store?
    private var runID: RunID?
    private(set) var problem: String?

    /// - Parameter store: the session's store, or nil when it could not be opened
    ///   (`problem` then says why).
    init(store: Store?, problem: String?) {
        self.store = store
        self.problem = problem
    }

    /// Records the run as `running` and returns its id; nil without a store.
    func begin(name: String?, params: Record, modelSpec: ModelSpec, data: [DataUse], source: String,
               tags: [String]) -> String? {
        guard let store, problem == nil else { return nil }
        do throws(StoreError) {
            let id = try store.beginRun(name: name, params: TrainRunRecorder.param(.record(params)),
                                        modelSpec: modelSpec.json(), data: data, source: source)
            for tag in tags { try store.tag(id, tag) }
            runID = id
            return id.rawValue
        } catch {
            problem = error.description
            return nil
        }
    }

    /// The files behind `data` and the tracked versions holding them (none without a store).
    func sources(of data: [DataUse]) -> [RunSource] {
        RunSource.sources(in: data.map(\.lineage), store: problem == nil ? store : nil)
    }

    /// Records one finished epoch's loss and metrics.
    func epoch(_ number: Int, metrics: [(name: String, value: Double)]) {
        guard let store, let runID, problem == nil else { return }
        do throws(StoreError) {
            try store.appendEpoch(runID, epoch: number,
                                  metrics: Dictionary(metrics.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
        } catch {
            problem = error.description
        }
    }

    /// Ends the run with its outcome, final metrics and the trained weights.
    func finish(outcome: RunOutcome, metrics: [(name: String, value: Double)], weights: [UInt8]?) {
        guard let store, let runID, problem == nil else { return }
        do throws(StoreError) {
            try store.finishRun(runID, outcome: outcome,
                                metrics: Dictionary(metrics.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
                                weights: weights.map { Foundation.Data($0) }, error: nil)
        } catch {
            problem = error.description
        }
    }

    /// Stores a rendered figure (the learning curves) with the run.
    func artifact(name: String, bytes: [UInt8], mediaType: String) {
        guard let store, let runID, problem == nil else { return }
        do throws(StoreError) {
            try store.addArtifact(runID, name: name, data: Foundation.Data(bytes), mediaType: mediaType)
        } catch {
            problem = error.description
        }
    }

    /// A language value as the store's JSON-like param value.
    static func param(_ value: Value) -> ParamValue {
        switch value {
        case .number(let number): return .number(number)
        case .string(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        case .nil: return .null
        case .list(let items): return .list(items.map(param))
        case .record(let record): return .record(record.fields.map { ($0.name, param($0.value)) })
        case .range: return .list((value.sequenceElements ?? []).map(param))
        case .closure, .builtin, .bound, .native: return .string(value.plainText(quoted: false))
        }
    }

    /// A dataset used by a run, with its schema and lineage as the store records them.
    static func use(_ dataset: DatasetValue, role: String) -> DataUse {
        let data = dataset.dataset
        let columns: [ParamValue] = data.columns.map { column in
            switch column.values {
            case .numeric:
                return .record([("name", .string(column.name)), ("type", .string("numeric"))])
            case .categorical(_, let categories):
                return .record([("name", .string(column.name)), ("type", .string("categorical")),
                                ("categories", .list(categories.map(ParamValue.string)))])
            }
        }
        var schema: [(String, ParamValue)] = [("rows", .number(Double(data.rowCount))), ("columns", .list(columns))]
        switch data.target {
        case .classification(let name, _, let classes):
            schema.append(("target", .record([("name", .string(name)), ("task", .string("classification")),
                                              ("classes", .list(classes.map(ParamValue.string)))])))
        case .regression(let name, _):
            schema.append(("target", .record([("name", .string(name)), ("task", .string("regression"))])))
        case nil:
            schema.append(("target", .null))
        }
        if let shape = data.sampleShape { schema.append(("sample_shape", .list(shape.map { .number(Double($0)) }))) }
        let lineage = data.lineage
        let sources: [ParamValue] = lineage.sources.map { source in
            .record([("path", .string(source.path)), ("sha256", .string(source.sha256)),
                     ("size", .number(Double(source.size)))])
        }
        let lineageValue = ParamValue.record([
            ("operation", .string(lineage.operation)),
            ("parameters", .record(lineage.parameters.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("parents", .list(lineage.parents.map(ParamValue.string))),
            ("sources", .list(sources)),
        ])
        return DataUse(role: role, name: data.name, contentID: dataset.contentID, schema: .record(schema),
                       lineage: lineageValue)
    }
}
