import Experiments
import Foundation
import Render
import Store
import TextFormat

/// LANGUAGE.md "Hyperparameter sweeps": the distributions, `sweep`, `sweeps`, and the
/// sweep plots `parallel` and `importance` (`plot(sweep)` comes through PlotSource).
enum SweepBuiltins {
    static var all: [Builtin] { [uniform, loguniform, integer, choice, sweep, sweeps, parallel, importance] }

    // MARK: Distributions

    static var uniform: Builtin {
        Builtin(
            "uniform", parameters: [.positional("lo"), .positional("hi"), .labelled("step", default: .nil)],
            summary: "A number drawn uniformly from [lo, hi] (on a grid of `step` when given), for a sweep's space."
        ) { call throws(RuntimeError) in
            let step: Double? = call.argument("step").isNil ? nil : try call.number("step")
            return try distribution(call, .uniform(lo: try call.number("lo"), hi: try call.number("hi"), step: step))
        }
    }

    static var loguniform: Builtin {
        Builtin(
            "loguniform", parameters: [.positional("lo"), .positional("hi")],
            summary:
                "A number drawn uniformly on a log scale from [lo, hi] (both above 0): learning rates, weight decay."
        ) { call throws(RuntimeError) in
            try distribution(call, .logUniform(lo: try call.number("lo"), hi: try call.number("hi")))
        }
    }

    static var integer: Builtin {
        Builtin(
            "integer",
            parameters: [
                .positional("lo"), .positional("hi"), .labelled("log", default: .bool(false)),
                .labelled("step", default: .number(1)),
            ],
            summary:
                "A whole number from lo to hi (both included), on a log scale with `log: true`: layer widths, depths."
        ) { call throws(RuntimeError) in
            try distribution(
                call,
                .integer(
                    lo: try call.wholeNumber("lo"), hi: try call.wholeNumber("hi"),
                    log: try call.bool("log"), step: try call.wholeNumber("step")))
        }
    }

    static var choice: Builtin {
        Builtin(
            "choice", parameters: [.positional("values")],
            summary:
                "One of the values (numbers, strings, booleans or nil): choice([1, 2, 3]), choice([\"relu\", \"gelu\"])."
        ) { call throws(RuntimeError) in
            var values: [SweepValue] = []
            for item in try call.list("values") {
                guard let value = SweepBuiltins.sweepValue(item) else {
                    throw call.invalid(
                        "values", "choices must be numbers, strings, booleans or nil, got a \(item.typeName)")
                }
                values.append(value)
            }
            return try distribution(call, .choice(values))
        }
    }

    private static func distribution(_ call: BuiltinCall, _ distribution: SweepDistribution) throws(RuntimeError)
        -> Value
    {
        do throws(SweepDistribution.Problem) {
            try distribution.validate()
        } catch {
            throw call.failure(error.description)
        }
        return .native(DistributionValue(distribution))
    }

    static func sweepValue(_ value: Value) -> SweepValue? {
        switch value {
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        case .bool(let flag): .bool(flag)
        case .nil: .null
        default: nil
        }
    }

    // MARK: sweep

    static var sweep: Builtin {
        Builtin(
            "sweep",
            parameters: [
                .optional("space"), .labelled("trials", default: .number(20)),
                .labelled("method", default: .string("tpe")), .labelled("objective", default: .nil),
                .labelled("pruner", default: .nil), .labelled("seed", default: .number(0)),
                .labelled("name", default: .nil), .labelled("timeout", default: .nil), .optional("body"),
            ],
            summary:
                "Searches hyperparameters: runs the closure once per trial with sampled values and keeps the best.",
            details: """
                space: a record of distributions (uniform, loguniform, integer, choice) and fixed values. The closure gets a
                record of sampled values and returns the Run of its fit (scored by `objective`, by default the run's
                validation loss) or a number (minimised unless `objective` says otherwise).
                method: "tpe" (Optuna's tree-structured Parzen estimator, 10 random start-up trials), "random" or "grid"
                (every combination once; continuous ranges need a step). pruner: nil, "median" (stops a trial whose best
                value so far is worse than the median of finished trials at the same epoch, after 5 finished trials) or
                "hyperband" (asynchronous successive halving, reduction factor 3); a pruned trial's run ends "pruned".
                Every trial is recorded in the store; a failing trial is recorded failed and the sweep goes on; an
                interrupt stops the sweep, keeping finished trials. sweep(name: ...) again resumes a named sweep up to
                `trials` in all, and several processes running the same named sweep on one store share it.
                sweep(name: n) without a closure loads a recorded sweep. timeout: seconds after which no new trial starts.
                """
        ) { call throws(RuntimeError) in
            try SweepRunner(call).run()
        }
    }

    static var sweeps: Builtin {
        Builtin(
            "sweeps", parameters: [],
            summary: "The store's sweeps: name, method, trials done of the target, best value."
        ) { call throws(RuntimeError) in
            let store = try call.store()
            let summaries: [SweepSummary]
            do throws(StoreError) {
                summaries = try store.sweeps()
            } catch {
                throw call.failure(error.description)
            }
            // A list of records shows as a table, and works with len, for and filter.
            return .list(
                summaries.map { summary in
                    .record(
                        Record([
                            ("name", .string(summary.name)), ("method", .string(summary.definition.method)),
                            ("trials", .number(Double(summary.definition.trials))),
                            ("done", .number(Double(summary.done))),
                            ("pruned", .number(Double(summary.pruned))), ("failed", .number(Double(summary.failed))),
                            ("best", summary.best.map(Value.number) ?? .nil),
                            ("best_trial", summary.bestTrial.map { .number(Double($0)) } ?? .nil),
                            ("created", .string(DateText.local(summary.definition.created))),
                        ]))
                })
        }
    }

    static var parallel: Builtin {
        Builtin(
            "parallel", parameters: [.positional("sweep")],
            summary: "Parallel coordinates of a sweep: a line per trial across its parameters, coloured by its value."
        ) { call throws(RuntimeError) in
            let search = try call.sweepSearch("sweep")
            do throws(RenderError) {
                return .native(try PlotValue(figures: [search.report.parallelFigure]))
            } catch {
                throw call.failure(error.description)
            }
        }
    }

    static var importance: Builtin {
        Builtin(
            "importance", parameters: [.positional("sweep")],
            summary: "Each parameter's share of the objective's variance over a sweep's finished trials.",
            details:
                "Method: \(ParameterImportance.method). Shares sum to 1; with fewer than 2 finished trials they are 0."
        ) { call throws(RuntimeError) in
            let search = try call.sweepSearch("sweep")
            let figure = search.report.importanceFigure
            do throws(RenderError) {
                return .native(try PlotValue(figures: [figure]))
            } catch {
                throw call.failure(error.description)
            }
        }
    }
}

extension BuiltinCall {
    /// The sweep passed as `name`.
    func sweepSearch(_ name: String) throws(RuntimeError) -> SweepSearchValue {
        guard case .native(let native) = argument(name), let search = native as? SweepSearchValue else {
            throw mismatch(name, expected: "a sweep (from sweep)")
        }
        return search
    }
}
