import Store
import Testing
import TextFormat

@testable import Language
@testable import Learn

/// The live display's words: every number names the epoch it belongs to, the final line
/// shows the kept epoch's numbers, and throughput appears only once it means something.
@Suite struct TrainProgressLineTests {
    static let line = TrainProgressLine(epochs: 5, metrics: [.accuracy])

    static func epoch(
        _ epoch: Int, loss: Double, accuracy: Double, valLoss: Double, valAccuracy: Double,
        throughput: Throughput? = nil
    ) -> EpochRecord {
        EpochRecord(
            epoch: epoch, loss: loss, metrics: [MetricValue(metric: .accuracy, value: accuracy)],
            validationLoss: valLoss, validationMetrics: [MetricValue(metric: .accuracy, value: valAccuracy)],
            seconds: 0.1, throughput: throughput)
    }

    static func batch(epoch: Int, batch: Int, loss: Double, throughput: Throughput) -> BatchProgress {
        BatchProgress(
            epoch: epoch, epochs: 5, batch: batch, batches: 90, samples: batch * 16, loss: loss,
            throughput: throughput)
    }

    static let quick = Throughput(samples: 1_000, seconds: 0.05, epochs: 1)

    @Test("within an epoch: its running loss, then the previous epoch's metrics under that epoch's number")
    func withinAnEpoch() {
        let first = Self.epoch(1, loss: 0.09, accuracy: 0.8616, valLoss: 0.1582, valAccuracy: 0.85)
        let latest = Self.batch(epoch: 2, batch: 39, loss: 0.07361, throughput: Self.quick)
        #expect(
            Self.line.running(latest: latest, finished: [first], left: 4)
                == "epoch 2/5  batch 39/90  loss 0.07361  |  epoch 1: accuracy 0.8616  val_loss 0.1582  val_accuracy 0.85"
                + "  |  ~4.0s left")
        // In the first epoch nothing earlier is shown.
        let early = Self.batch(epoch: 1, batch: 3, loss: 1.2, throughput: Self.quick)
        #expect(Self.line.running(latest: early, finished: [], left: nil) == "epoch 1/5  batch 3/90  loss 1.2")
    }

    @Test("once an epoch ends, the line shows that epoch's numbers")
    func atAnEpochsEnd() {
        let first = Self.epoch(1, loss: 0.09, accuracy: 0.8616, valLoss: 0.1582, valAccuracy: 0.85)
        let last = Self.batch(epoch: 1, batch: 90, loss: 0.0912, throughput: Self.quick)
        #expect(
            Self.line.running(latest: last, finished: [first], left: nil)
                == "epoch 1/5: loss 0.09  accuracy 0.8616  val_loss 0.1582  val_accuracy 0.85")
    }

    @Test("stopped early: the kept epoch's numbers beside it, not the last epoch's")
    func stoppedEarlyShowsTheKeptEpoch() {
        let line = TrainProgressLine(epochs: 200, metrics: [])
        let epochs = (1...108).map { epoch in
            EpochRecord(
                epoch: epoch, loss: epoch == 93 ? 2326 : 2265, metrics: [],
                validationLoss: epoch == 93 ? 3980 : 4025, validationMetrics: [], seconds: 0.1, throughput: nil)
        }
        #expect(
            line.finished(
                .stoppedEarly(stoppedEpoch: 108, keptEpoch: 93), batches: 7, finished: epochs,
                throughput: nil, elapsed: 12)
                == "stopped early at epoch 108/200, kept epoch 93: loss 2326  val_loss 3980  |  done in 12s")
    }

    @Test("completed and interrupted runs name the epoch their numbers come from")
    func completedAndInterrupted() {
        let epochs = [
            Self.epoch(1, loss: 0.5, accuracy: 0.6, valLoss: 0.55, valAccuracy: 0.58),
            Self.epoch(2, loss: 0.25, accuracy: 0.8, valLoss: 0.3, valAccuracy: 0.75),
        ]
        let line = TrainProgressLine(epochs: 2, metrics: [.accuracy])
        #expect(
            line.finished(.completed, batches: 7, finished: epochs, throughput: nil, elapsed: 3)
                == "epoch 2/2: loss 0.25  accuracy 0.8  val_loss 0.3  val_accuracy 0.75  |  done in 3.0s")
        #expect(
            Self.line.finished(
                .interrupted(epoch: 3, batch: 4, batches: 7), batches: 7, finished: epochs,
                throughput: nil, elapsed: 3)
                == "interrupted at epoch 3/5, batch 4/7  |  epoch 2: loss 0.25  accuracy 0.8  val_loss 0.3  val_accuracy 0.75"
                + "  |  done in 3.0s")
        #expect(
            Self.line.finished(
                .interrupted(epoch: 1, batch: 4, batches: 7), batches: 7, finished: [],
                throughput: nil, elapsed: 1)
                == "interrupted at epoch 1/5, batch 4/7  |  done in 1.0s")
    }

    @Test("throughput: samples trained over wall time since the start, shown only once it means something")
    func throughput() {
        let epochs = [Self.epoch(1, loss: 0.5, accuracy: 0.6, valLoss: 0.55, valAccuracy: 0.58)]
        // 63,000 samples in a tenth of a second would read as 630,000 samples/s: not shown.
        #expect(
            !Self.line.finished(
                .completed, batches: 7, finished: epochs,
                throughput: Throughput(samples: 63_000, seconds: 0.1, epochs: 60), elapsed: 0.1
            )
            .contains("samples/s"))
        #expect(
            Self.line.finished(
                .completed, batches: 7, finished: epochs,
                throughput: Throughput(samples: 6_300, seconds: 2, epochs: 60), elapsed: 2
            )
            .hasSuffix("  |  3150 samples/s  done in 2.0s"))
        let latest = Self.batch(
            epoch: 2, batch: 39, loss: 0.07,
            throughput: Throughput(samples: 5_000, seconds: 2, epochs: 1))
        #expect(
            Self.line.running(latest: latest, finished: epochs, left: 6).hasSuffix("  |  2500 samples/s  ~6.0s left"))
    }
}

/// The same through a real `fit`: the display's last state names the kept epoch with its numbers.
@Suite struct TrainProgressFitTests {
    @Test("a fit stopped early ends its display with the kept epoch's loss, as the run records it")
    func stoppedEarlyFit() {
        let model = ModelSession()
        model.run(TrainBuiltinTests.irisSetup)
        let host = RecordingHost()
        model.run(
            "r = fit(m, train, val: val, epochs: 300, batch: 16, optimizer: sgd(lr: 0.9), early_stop: 2, seed: 4)",
            host: host)
        let final =
            host.events.compactMap { event -> String? in
                if case .update(let bundle, _) = event { return bundle.plainText }
                return nil
            }.last ?? ""
        guard let run = model.session.services.existing(TrainingRuns.self)?.runs.first,
            case .stoppedEarly(let stopped, let kept)? = run.outcome
        else {
            Issue.record("the fit did not stop early: \(final)")
            return
        }
        let keptLoss = run.epochs[kept - 1].loss, lastLoss = run.epochs[stopped - 1].loss
        #expect(
            NumberText.metric(keptLoss) != NumberText.metric(lastLoss), "the test means something only if they differ")
        #expect(
            final.hasPrefix(
                "stopped early at epoch \(stopped)/300, kept epoch \(kept): loss \(NumberText.metric(keptLoss))  "),
            "\(final)")
    }
}
