import Experiments
import Foundation
import Learn
import Store
import Testing

/// A store written by Strata 0.1.0 (schema 3, `Fixtures/make_store_v3.py`) opens,
/// migrates to schema 4 and gives back every run's outcome and model, from the store
/// alone: this target links no Language code.
@Suite struct StoreMigrationTests {
    /// A fresh copy of the fixture (opening migrates it in place).
    static func fixtureCopy() throws -> String {
        let source = try #require(Bundle.module.url(forResource: "Fixtures/store-v3", withExtension: nil))
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("strata-v3-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: target)
        return target.path
    }

    @Test func schema3StoreMigratesWithTypedOutcomes() throws {
        let store = try ExperimentStore.open(at: try Self.fixtureCopy())
        #expect(try store.local!.schemaVersion() == 8)
        #expect(try store.run("iris-mlp").outcome == .completed)
        #expect(try store.run("digits-cnn").outcome == .completed)
        #expect(try store.run("interrupted").outcome == .interrupted(epoch: 145, batch: 325, batches: 1797))
        // Stopped early: schema 3 kept no best epoch; the migration found it once.
        let early = try store.run("iris-early")
        guard case .stoppedEarly(let stopped, let kept)? = early.outcome else {
            Issue.record("iris-early: \(String(describing: early.outcome))")
            return
        }
        #expect(stopped == early.record.history.last?.epoch && kept < stopped)
        let keptEpoch = try #require(early.record.history.first { $0.epoch == kept })
        #expect(keptEpoch.metrics["loss"] == early.record.metrics["loss"])
        #expect(early.record.summary.error == nil, "the outcome replaced the prose")
        // The killed run: settled on the host that wrote it, still `running` elsewhere.
        let killed = try store.run("killed")
        if killed.record.summary.host == ProcessInfo.processInfo.hostName {
            #expect(killed.outcome == .processGone(lastEpoch: killed.record.history.last?.epoch))
            #expect(killed.record.metrics.keys == killed.record.history.last?.metrics.keys)
        } else {
            #expect(killed.outcome == nil && killed.status == .running)
        }
    }

    @Test func migratedRunsLoadTheirModelsBitIdentically() throws {
        let store = try ExperimentStore.open(at: try Self.fixtureCopy())
        let expected: [String: [LayerSpec]] = [
            "iris-mlp": [
                .dense(units: 8, activation: .relu), .dropout(rate: 0.25), .dense(units: 3, activation: .softmax),
            ],
            "iris-early": [
                .dense(units: 6, activation: .tanh), .batchNorm, .sigmoid, .dense(units: 3, activation: nil),
            ],
            "digits-cnn": [
                .reshape([1, 8, 8]),
                .conv2d(filters: 4, kernel: 2, stride: 1, padding: .valid, activation: .relu),
                .maxPool2d(size: 2), .conv2d(filters: 3, kernel: 3, stride: 1, padding: .same, activation: .gelu),
                .avgPool2d(size: 2), .flatten, .tanh, .dense(units: 10, activation: nil), .softmax,
            ],
            "diabetes": [.dense(units: 4, activation: .sigmoid), .relu, .dense(units: 1, activation: nil)],
            "wine-tracked": [.dense(units: 5, activation: .relu), .dense(units: 3, activation: nil)],
            "interrupted": [.flatten, .dense(units: 256, activation: .relu), .dense(units: 10, activation: nil)],
        ]
        for (name, layers) in expected {
            let run = try store.run(name)
            #expect(run.model?.layers == layers, "\(name)")
            let model = try store.model(of: run)
            let stored = try store.store.object(try #require(run.record.weights))
            #expect(model.encodedWeights() == [UInt8](stored), "\(name): the weights read back bit for bit")
            #expect(run.fit?.layers == layers.map(\.description), "\(name): params and spec agree")
        }
        // No weights: the run killed before it finished.
        let killed = try store.run("killed")
        #expect(throws: RestoreError.noWeights(run: killed.id, status: killed.status)) { try store.model(of: killed) }
    }

    @Test func reopeningDoesNotRewriteModelSpecs() throws {
        let folder = try Self.fixtureCopy()
        let first = try ExperimentStore.open(at: folder).run("iris-mlp").record.modelSpec
        let again = try ExperimentStore.open(at: folder)
        #expect(try again.local!.runsAwaitingModelSpec().isEmpty)
        #expect(try again.run("iris-mlp").record.modelSpec == first)
    }
}
