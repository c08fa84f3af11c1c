import Foundation
import Store

/// Writes one training run to a store while it trains: `begin` once training has
/// started (so a fit rejected for bad arguments leaves no run), each epoch as it ends,
/// artifacts, and the end with its outcome, final metrics and weights.
///
/// The store is an extra a fit must not die of: the first store error is kept in
/// `problem` (the caller warns once) and later writes are skipped.
final class RunRecorder {
    private let writer: any RunWriter
    private(set) var runID: RunID?
    private(set) var problem: String?

    init(writer: any RunWriter) {
        self.writer = writer
    }

    /// Records the run as `running` with its tags; nil when the store failed.
    func begin(
        name: String?, params: ParamValue, modelSpec: String?, preprocessing: String?, data: [DataUse],
        source: String, tags: [String]
    ) -> RunID? {
        attempt { writer throws(StoreError) in
            let id = try writer.beginRun(
                name: name, params: params, modelSpec: modelSpec, preprocessing: preprocessing,
                data: data, source: source)
            for tag in tags { try writer.tag(id, tag) }
            runID = id
        }
        return runID
    }

    func epoch(_ number: Int, metrics: [(name: String, value: Double)]) {
        guard let runID else { return }
        attempt { writer throws(StoreError) in
            try writer.appendEpoch(runID, epoch: number, metrics: Self.dictionary(metrics))
        }
    }

    func artifact(name: String, bytes: [UInt8], mediaType: String) {
        guard let runID else { return }
        attempt { writer throws(StoreError) in
            try writer.addArtifact(runID, name: name, data: Data(bytes), mediaType: mediaType)
        }
    }

    func finish(outcome: RunOutcome, metrics: [(name: String, value: Double)], weights: [UInt8]?, error: String?) {
        guard let runID else { return }
        attempt { writer throws(StoreError) in
            try writer.finishRun(
                runID, outcome: outcome, metrics: Self.dictionary(metrics), weights: weights.map { Data($0) },
                error: error)
        }
    }

    private func attempt(_ body: (any RunWriter) throws(StoreError) -> Void) {
        guard problem == nil else { return }
        do throws(StoreError) {
            try body(writer)
        } catch {
            problem = error.description
        }
    }

    private static func dictionary(_ metrics: [(name: String, value: Double)]) -> [String: Double] {
        Dictionary(metrics.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
