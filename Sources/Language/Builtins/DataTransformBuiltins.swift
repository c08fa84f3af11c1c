import Data

/// Transforms of datasets: each returns new datasets and leaves its input as it was.
enum DataTransformBuiltins {
    static var all: [Builtin] { [split, standardize, minmax, select, drop, dropna, fillna, filter, sample, concat] }

    static var split: Builtin {
        Builtin(
            "split",
            parameters: [
                .positional("ds"), .positional("fractions"), .labelled("seed", default: .number(0)),
                .labelled("stratify", default: .bool(true)),
            ],
            summary:
                "Splits the rows into a list of datasets by fractions: train, val, test = split(ds, [0.7, 0.15, 0.15]).",
            details: """
                The fractions must sum to 1. Rows are shuffled by `seed` (the same seed gives the same split on any
                machine). With stratify (the default) and a classification target, every split keeps the class
                proportions of the whole.
                """
        ) { call throws(RuntimeError) in
            let source = try call.dataset("ds")
            var fractions: [Double] = []
            for (index, item) in try call.list("fractions").enumerated() {
                guard case .number(let number) = item else {
                    throw call.invalid(
                        "fractions",
                        "'fractions' must be a list of numbers, got a \(item.typeName) "
                            + "at element \(index)")
                }
                fractions.append(number)
            }
            let seed = try call.seed("seed")
            let stratify = try call.bool("stratify")
            do throws(TransformError) {
                let parts = try source.dataset.split(fractions: fractions, seed: seed, stratify: stratify)
                return .list(parts.map { .native(DatasetValue($0)) })
            } catch {
                throw call.failure(error, argument: "fractions")
            }
        }
    }

    static var standardize: Builtin {
        Builtin(
            "standardize", parameters: [.positional("ds"), .labelled("using", shown: "ds")],
            summary: "Numeric columns rescaled to mean 0 and standard deviation 1, with statistics from `using`.",
            details: """
                Pass the training split as `using` so nothing about validation or test data leaks:
                val = standardize(val, using: train). The deviation is the population one; a constant column is only
                centred. Categorical columns and the target are left as they are.
                `using` means "scale the way this data was scaled": a split that was itself standardized lends the
                statistics that produced it. A model trained on the result keeps the statistics, so predict and
                evaluate also take data as loaded.
                """
        ) { call throws(RuntimeError) in
            try rescale(call) { data, statistics throws(TransformError) in try data.standardize(using: statistics) }
        }
    }

    static var minmax: Builtin {
        Builtin(
            "minmax", parameters: [.positional("ds"), .labelled("using", shown: "ds")],
            summary: "Numeric columns rescaled to [0, 1] by the minimum and maximum of `using`.",
            details: """
                Pass the training split as `using`; values outside its range fall outside [0, 1]. A split that was itself
                minmax-scaled lends the minimum and maximum that produced it. A model trained on the result keeps them,
                so predict and evaluate also take data as loaded.
                """
        ) { call throws(RuntimeError) in
            try rescale(call) { data, statistics throws(TransformError) in try data.minmax(using: statistics) }
        }
    }

    private static func rescale(
        _ call: BuiltinCall,
        _ transform: (Dataset, Dataset) throws(TransformError) -> Dataset
    ) throws(RuntimeError) -> Value {
        let source = try call.dataset("ds")
        let statistics = call.has("using") ? try call.dataset("using") : source
        do throws(TransformError) {
            return .native(DatasetValue(try transform(source.dataset, statistics.dataset)))
        } catch {
            throw call.failure(error, argument: "using")
        }
    }

    static var select: Builtin {
        Builtin(
            "select", parameters: [.positional("ds"), .positional("columns")],
            summary: "Only the named feature columns, in the order named (the target always stays)."
        ) { call throws(RuntimeError) in
            let source = try call.dataset("ds")
            let names = try call.columnNames("columns")
            do throws(TransformError) {
                return .native(DatasetValue(try source.dataset.select(names)))
            } catch {
                throw call.failure(error, argument: "columns")
            }
        }
    }

    static var drop: Builtin {
        Builtin(
            "drop", parameters: [.positional("ds"), .positional("columns")],
            summary: "Every feature column except the named ones."
        ) { call throws(RuntimeError) in
            let source = try call.dataset("ds")
            let names = try call.columnNames("columns")
            do throws(TransformError) {
                return .native(DatasetValue(try source.dataset.drop(names)))
            } catch {
                throw call.failure(error, argument: "columns")
            }
        }
    }

    static var dropna: Builtin {
        Builtin(
            "dropna", parameters: [.positional("ds")],
            summary: "The rows that have no missing cell (in the features or the target)."
        ) { call throws(RuntimeError) in
            .native(DatasetValue(try call.dataset("ds").dataset.dropna()))
        }
    }

    static var fillna: Builtin {
        Builtin(
            "fillna", parameters: [.positional("ds"), .positional("value"), .labelled("using", shown: "ds")],
            summary:
                "Missing feature cells filled: fillna(ds, \"mean\" | \"median\" | \"mode\" | value, using: train).",
            details: """
                "mean" and "median" fill numeric columns with that statistic and categorical columns with their most \
                frequent category; "mode" fills every column with its most frequent value (ties: the smallest number, \
                or the first category in sorted order). A number fills numeric columns, any other string fills \
                categorical columns with that category (added to their categories if new), and a record fills per \
                column: fillna(ds, [age: 30, city: "paris"]). With `using`, the statistics come from that dataset \
                (pass the training split: val = fillna(val, "median", using: train)). The target is never filled \
                (use dropna). The fills are recorded in the dataset's lineage.
                """
        ) { call throws(RuntimeError) in
            let source = try call.dataset("ds").dataset
            let statistics = call.has("using") ? try call.dataset("using").dataset : nil
            let strategy = try fillStrategy(call, for: source)
            let filled: Dataset
            do throws(TransformError) {
                filled = try source.fillna(strategy, using: statistics)
            } catch {
                throw call.failure(error, argument: statistics != nil && !error.isAboutFillValue ? "using" : "value")
            }
            // A number cannot fill categories (nor a category numbers): say what is left.
            for column in filled.columns where column.missingCount > 0 {
                let count = column.missingCount
                let hint =
                    column.isCategorical
                    ? "a string, \"mode\" or [\(column.name): \"...\"] fills categories"
                    : "a number, \"mean\", \"median\" or \"mode\" fills numbers"
                call.host.write(
                    "fillna: '\(column.name)' still has \(count) missing cell\(count == 1 ? "" : "s") (\(hint))\n",
                    to: .stderr)
            }
            return .native(DatasetValue(filled))
        }
    }

    /// The strategy `value` names: "mean", "median", "mode", a number, a category, or
    /// a record of per-column fills.
    private static func fillStrategy(_ call: BuiltinCall, for dataset: Dataset) throws(RuntimeError)
        -> Dataset.FillStrategy
    {
        let strategies = ["mean", "median", "mode"]
        switch call.argument("value") {
        case .string("mean"): return .mean
        case .string("median"): return .median
        case .string("mode"): return .mode
        case .string(let category):
            // "meen" is a typo far more often than a category; a known category is not.
            let known = dataset.columns.contains { column in
                if case .categorical(_, let categories) = column.values { return categories.contains(category) }
                return false
            }
            if !known, let suggestion = Suggestion.closest(to: category, among: strategies) {
                throw call.invalid(
                    "value",
                    "\(Value.quote(category)) is not a strategy (did you mean "
                        + "\(Value.quote(suggestion))?); to add a new category, fill per column: "
                        + "fillna(ds, [column: \(Value.quote(category))])")
            }
            return .category(category)
        case .number(let number) where number.isFinite:
            return .number(Float(number))
        case .record(let record):
            var fills = FillValues()
            for (name, value) in record.fields {
                switch value {
                case .number(let number) where number.isFinite: fills[name] = .number(Float(number))
                case .string(let category): fills[name] = .category(category)
                default:
                    throw call.invalid(
                        "value",
                        "the fill for '\(name)' must be a finite number or a string, "
                            + "got \(value.typePhrase)")
                }
            }
            return .values(fills)
        case let other:
            throw call.invalid(
                "value",
                "the fill must be \"mean\", \"median\", \"mode\", a finite number, a string "
                    + "or a record of them per column, got \(other.plainText())")
        }
    }

    static var filter: Builtin {
        Builtin(
            "filter", parameters: [.positional("items"), .positional("predicate")],
            summary:
                "The rows (or list items, or runs) for which the predicate is true: ds.filter { row in row.age > 30 }.",
            details: """
                For a dataset, each row is a record of column name to value, the target included; categories are
                strings and missing cells nil. For a list, the predicate gets each item. For runs(), each run, and the
                result is a table of the runs kept: filter(runs(), { r in r.metrics.val_accuracy > 0.9 }).
                """
        ) { call throws(RuntimeError) in
            let predicate = call.argument("predicate")
            guard predicate.isCallable else { throw call.mismatch("predicate", expected: "a function") }
            func keep(_ argument: Value, _ position: String) throws(RuntimeError) -> Bool {
                try call.checkInterrupt()
                let answer = try call.call(predicate, [argument])
                guard case .bool(let flag) = answer else {
                    throw call.invalid(
                        "predicate", "the predicate must return a bool, got \(answer.typePhrase) (\(position))")
                }
                return flag
            }
            if case .native(let native) = call.argument("items"), let source = native as? DatasetValue {
                let record = source.rowRecords()
                let kept = try source.dataset.filter { (row: Int) throws(RuntimeError) -> Bool in
                    try keep(.record(record(row)), "row \(row)")
                }
                return .native(DatasetValue(kept))
            }
            if case .native(let native as ExperimentRunList) = call.argument("items") {
                return .native(
                    try native.filtered { (run, index) throws(RuntimeError) -> Bool in try keep(run, "run \(index)") })
            }
            let items: [Value]
            switch call.argument("items") {
            case .list, .range: items = try call.list("items")
            case .native(let native) where native.elements() != nil: items = native.elements() ?? []
            default: throw call.mismatch("items", expected: "a dataset, a list or runs")
            }
            var kept: [Value] = []
            for (index, item) in items.enumerated() where try keep(item, "element \(index)") { kept.append(item) }
            return .list(kept)
        }
    }

    static var sample: Builtin {
        Builtin(
            "sample", parameters: [.positional("ds"), .positional("n"), .labelled("seed", default: .number(0))],
            summary: "n distinct rows drawn at random, reproducible by seed."
        ) { call throws(RuntimeError) in
            let source = try call.dataset("ds")
            let n = try call.rowCount("n")
            let seed = try call.seed("seed")
            do throws(TransformError) {
                return .native(DatasetValue(try source.dataset.sample(n, seed: seed)))
            } catch {
                throw call.failure(error, argument: "n")
            }
        }
    }

    static var concat: Builtin {
        Builtin(
            "concat", parameters: [.variadic("datasets")],
            summary: "The rows of several datasets one after another: concat(a, b) or concat([a, b, c]).",
            details: """
                Columns are matched by name, so each dataset needs the same column names (in any order; the first \
                dataset's order is kept) and the same target. Categorical columns and classes that differ between \
                the datasets are merged: the result has every category (sorted) and rows keep their values. Images \
                must have the same shape. The result's lineage names every dataset it was made from.
                """
        ) { call throws(RuntimeError) in
            var parts: [Dataset] = []
            func add(_ value: Value, _ span: SourceSpan, inList: Bool) throws(RuntimeError) {
                switch value {
                case .native(let native as DatasetValue):
                    parts.append(native.dataset)
                case .list(let items) where !inList:
                    for item in items { try add(item, span, inList: true) }
                default:
                    throw RuntimeError.invalidArgument(
                        function: call.builtin.name,
                        message: "expected datasets, got \(value.typePhrase)",
                        span: span)
                }
            }
            for (value, span) in zip(call.rest, call.restSpans) { try add(value, span, inList: false) }
            do throws(TransformError) {
                return .native(DatasetValue(try Dataset.concat(parts)))
            } catch {
                throw call.failure(error.message)
            }
        }
    }
}
