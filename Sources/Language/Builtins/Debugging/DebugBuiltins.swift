import Experiments
import Learn

/// The "Debugging" section of LANGUAGE.md: `overfit` and `lr_find`. Each reads its
/// arguments, hands a plan to the experiments layer (which trains a copy of the model
/// through the orchestrator) and returns the report as a value; the model is untouched.
enum DebugBuiltins {
    static var all: [Builtin] { [overfit, lrFind] }

    static var overfit: Builtin {
        Builtin(
            "overfit",
            parameters: [
                .positional("model"), .positional("ds"), .labelled("batches", default: .number(1)),
                .labelled("batch", default: .number(32)), .labelled("steps", default: .number(300)),
                .labelled("optimizer", shown: "adam()"), .labelled("loss", shown: "auto"),
                .labelled("threshold", default: .number(0.01)), .labelled("seed", default: .number(0)),
            ],
            summary:
                "Trains a copy of the model on a few fixed batches to check that it can drive the loss to nearly 0.",
            details: """
                The course's first debugging step: a model, loss and data that work overfit a single batch. A copy trains
                on `batches` batches of `batch` rows (picked by a seeded shuffle), in the same order every pass, for up to
                `steps` steps; the model itself is left unchanged. It passes once the mean loss over a pass falls below
                `threshold` (training stops there). Otherwise `.symptom` names what the loss did, "rises", "explodes"
                (not a number, or up by orders of magnitude), "oscillates" or "plateaus", and `.causes` the usual reasons:
                a learning rate too high or too low, a flipped loss sign, numerical problems such as a log of zero,
                corrupt labels or data, the wrong loss for the task.
                Fields: .passed, .final_loss, .steps, .symptom, .causes, .losses, .run. Shows the loss curve and a
                verdict; recorded as a run tagged "overfit", live and interruptible like fit.
                """
        ) { call throws(RuntimeError) in
            let input = try DebugStepInput(call, dataLabel: "ds")
            var options = OverfitCheck.Options()
            options.batches = try call.positiveInteger("batches")
            options.batch = try call.positiveInteger("batch")
            options.steps = try call.positiveInteger("steps")
            options.optimizer = try call.optimizer("optimizer")
            options.loss = try call.loss("loss")
            options.threshold = try call.number("threshold")
            options.seed = try call.seed("seed")
            do throws(SettingError) {
                try options.validate()
            } catch {
                throw TrainFit.runtimeError(.invalidOption(error), call)
            }
            let plan = OverfitCheck.plan(
                model: input.modelValue.model, data: input.trainData.samples, options: options,
                params: input.params(
                    optimizer: options.optimizer, batch: options.batch, loss: options.loss,
                    seed: options.seed, steps: options.steps),
                uses: input.uses, preprocessing: input.trainData.schema.preprocessing, name: nil,
                source: call.cellSource)
            let (report, run) = try input.train(plan, title: "overfit") {
                orchestrator, observer throws(TrainingError) in
                try OverfitCheck.run(plan, threshold: options.threshold, orchestrator: orchestrator, observer: observer)
            }
            return .native(OverfitValue(report: report, runID: run.id))
        }
    }

    static var lrFind: Builtin {
        Builtin(
            "lr_find",
            parameters: [
                .positional("model"), .positional("train"), .labelled("start", default: .number(1e-7)),
                .labelled("end", default: .number(10)), .labelled("steps", default: .number(100)),
                .labelled("batch", default: .number(32)), .labelled("optimizer", shown: "adam()"),
                .labelled("suggest", default: .string("valley")), .labelled("seed", default: .number(0)),
            ],
            summary:
                "Sweeps the learning rate exponentially over one pass and suggests one where the loss falls fastest.",
            details: """
                A copy of the model trains for up to `steps` batches with the rate growing exponentially from `start` to
                `end`, as fastai's lr_find does; the loss is smoothed (beta 0.98, de-biased) and the pass stops once it is
                above 4x its best. The model itself is left unchanged, bit for bit.
                suggest: "valley" (partway down the longest valley of the curve), "steep" (where the smoothed loss falls
                fastest against log lr), "minimum" (the rate at the lowest loss, divided by 10).
                Fields: .lr (the suggestion), .lrs, .losses (smoothed), .raw_losses, .suggest, .run. Shows the curve with a
                log x axis and the suggestion marked; recorded as a run tagged "lr_find", live and interruptible like fit.
                """
        ) { call throws(RuntimeError) in
            let input = try DebugStepInput(call, dataLabel: "train")
            var options = LRFinder.Options()
            options.start = try call.number("start")
            options.end = try call.number("end")
            options.steps = try call.wholeNumber("steps")
            options.batch = try call.positiveInteger("batch")
            options.optimizer = try call.optimizer("optimizer")
            let method = try call.string("suggest")
            guard let suggest = LRSuggestion(rawValue: method) else {
                throw call.invalid(
                    "suggest",
                    BuiltinCall.unknown(
                        "suggestion", method,
                        among: LRSuggestion.allCases.map(\.rawValue)))
            }
            options.suggest = suggest
            options.seed = try call.seed("seed")
            do throws(SettingError) {
                try options.validate()
            } catch {
                throw TrainFit.runtimeError(.invalidOption(error), call)
            }
            let plan = LRFinder.plan(
                model: input.modelValue.model, data: input.trainData.samples, options: options,
                params: input.params(
                    optimizer: options.optimizer, batch: options.batch, loss: nil, seed: options.seed,
                    steps: options.steps),
                uses: input.uses, preprocessing: input.trainData.schema.preprocessing, name: nil,
                source: call.cellSource)
            let (report, run) = try input.train(plan, title: "lr_find") {
                orchestrator, observer throws(TrainingError) in
                try LRFinder.run(plan, options: options, orchestrator: orchestrator, observer: observer)
            }
            return .native(LRFinderValue(report: report, runID: run.id))
        }
    }
}
