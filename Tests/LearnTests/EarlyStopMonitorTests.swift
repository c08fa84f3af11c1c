import Testing

@testable import Learn

@Suite("Early stopping monitor")
struct EarlyStopMonitorTests {
    /// The loop asks the monitor, not the loss: one that never sees an improvement stops
    /// after `patience` epochs and keeps the first epoch's weights.
    @Test func theLoopKeepsTheEpochTheMonitorPrefers() throws {
        var model = try Sequential([.dense(units: 2, activation: nil)])
        var options = FitOptions(
            epochs: 20, batchSize: 8, seed: 1, earlyStopPatience: 2,
            validation: TrainerTests.blobs(16, seed: 9))
        options.earlyStopMonitor = EarlyStopMonitor(name: "never") { _, _ in false }
        let history = try Trainer.fit(&model, on: TrainerTests.blobs(32, seed: 4), options: options)
        #expect(history.epochs.count == 3)
        #expect(history.bestEpoch == 1)
        #expect(history.outcome == .earlyStopped(epoch: 3))
    }
}
