import Data
import Experiments
import Learn
import TextFormat

/// One call of `learning_curve`: fit's labels read and checked once (by `TrainFit`),
/// the fractions checked, then one fit per point, each a fresh copy of the model trained
/// through the orchestrator (recorded, live, interruptible) on a growing prefix of one
/// seeded shuffle of the training data, so every point's rows include the previous ones.
struct LearningCurveRun {
    static let tag = "learning_curve"

    let fit: TrainFit
    /// Training rows per point, increasing.
    let sizes: [Int]

    init(_ call: BuiltinCall) throws(RuntimeError) {
        fit = try TrainFit(call)
        var fractions: [Double] = []
        for item in try call.list("fractions") {
            guard case .number(let fraction) = item else {
                throw call.invalid("fractions", "'fractions' must be a list of numbers, got \(item.typePhrase) in it")
            }
            fractions.append(fraction)
        }
        do throws(LearningCurve.Problem) {
            sizes = try LearningCurve.sizes(fractions: fractions, rows: fit.train.dataset.rowCount)
        } catch {
            throw call.invalid("fractions", error.description)
        }
    }

    /// Trains every point and measures it; an interrupt stops at the next batch (the
    /// point's run is kept, marked interrupted, as fit keeps it) and ends the curve.
    func run() throws(RuntimeError) -> LearningCurveValue {
        let call = fit.call
        let all = fit.train.dataset
        // The shuffle uses fit's seed, so the same call gives the same subsets.
        let shuffled: Dataset
        do throws(TransformError) {
            shuffled = try all.sample(all.rowCount, seed: fit.options.seed)
        } catch {
            throw call.invalid("train", error.message)
        }
        let metric = fit.params.metrics.first ?? Metric.automatic(for: fit.trainData.samples.targets)[0]
        var curve = LearningCurve(metric: metric)
        var runs: [RunValue] = []
        for size in sizes {
            try call.checkInterrupt()
            let subset: Dataset
            do throws(TransformError) {
                subset = try shuffled.head(size)
            } catch {
                throw call.invalid("train", error.message)
            }
            // A fresh, unbuilt copy: weights initialised from fit's seed as a first fit
            // would, and the model the user passed keeps its own.
            let fresh: Sequential
            do throws(ModelError) {
                fresh = try Sequential(fit.modelValue.model.specs)
            } catch {
                throw call.invalid("model", error.description)
            }
            let point = try TrainFit(
                fit, model: ModelValue(fresh), train: DatasetValue(subset),
                name: fit.name.map { "\($0) n=\(size)" },
                tags: fit.tags.contains(LearningCurveRun.tag) ? fit.tags : fit.tags + [LearningCurveRun.tag])
            let run = try point.run()
            runs.append(run)
            curve.points.append(try measure(run, trainedOn: point.trainData, metric: metric, size: size))
        }
        return LearningCurveValue(curve: curve, runs: runs)
    }

    /// The trained model's loss and metric on its own training rows and on the
    /// validation data, in inference mode.
    private func measure(_ run: RunValue, trainedOn data: TrainingData, metric: Metric, size: Int)
        throws(RuntimeError) -> LearningCurve.Point
    {
        // Checked in `TrainFit`: learning_curve requires `val:`.
        let validation = fit.validationData!.samples
        do throws(TrainingError) {
            let train = try Evaluation.evaluate(run.model, on: data.samples, loss: run.loss, metrics: [metric])
            let val = try Evaluation.evaluate(run.model, on: validation, loss: run.loss, metrics: [metric])
            return LearningCurve.Point(
                samples: size, runID: run.id, trainLoss: train.loss,
                trainMetric: train.metrics.first?.value ?? .nan,
                valLoss: val.loss, valMetric: val.metrics.first?.value ?? .nan)
        } catch {
            throw fit.call.invalid("val", error.description)
        }
    }
}
