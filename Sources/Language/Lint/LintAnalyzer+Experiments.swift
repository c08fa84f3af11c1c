/// The rules about experiments (S3xx): seeds, and information leaking from held-out
/// data into training. The roles of datasets come from `DataRole`'s heuristic.
extension LintAnalyzer {
    /// The builtins whose result depends on a random seed worth writing down.
    /// `overfit` and `lr_find` also take one, but they are probes whose outcome is a
    /// diagnosis, not a number an experiment reports.
    static let seeded: Set<String> = ["split", "sample", "fit", "learning_curve", "sweep"]

    /// Transforms that keep rows as they are (or pick some): their result is the same
    /// split as their input.
    static let rowKeeping: Set<String> = [
        "standardize", "minmax", "fillna", "dropna", "select", "drop", "filter",
        "sample", "head", "vectorize",
    ]

    /// The builtins whose result is a run (or sweep) recorded in the store.
    static let recordsRun: Set<String> = ["fit", "sweep", "baseline", "learning_curve"]

    /// The parameters through which each builtin learns from data.
    static let trainingParameters: [String: [String]] = [
        "fit": ["train", "val"], "learning_curve": ["train", "val"], "lr_find": ["train"],
    ]

    /// The builtin a call expression reaches and its arguments (with the receiver of
    /// `x.f(...)` first); nil when the callee is a binding or not a name.
    func resolvedBuiltin(_ expr: Expr, in scope: LintScope) -> (builtin: Builtin, arguments: [Argument])? {
        guard case .call(let callee, let arguments, _) = expr else { return nil }
        switch callee {
        case .name(let identifier):
            guard scope.lookup(identifier.name) == nil, let builtin = registry[identifier.name] else { return nil }
            return (builtin, arguments)
        case .member(let object, let name, _):
            guard scope.lookup(name.name) == nil, let builtin = registry[name.name], builtin.acceptsReceiver else {
                return nil
            }
            if case .record(let fields, _) = object, fields.contains(where: { $0.name.name == name.name }) {
                return nil
            }
            return (builtin, [Argument(label: nil, value: object)] + arguments)
        default:
            return nil
        }
    }

    /// The builtin's data argument: the value of its first positional parameter.
    private static func dataArgument(_ builtin: Builtin, _ match: ArgumentMatch) -> Expr? {
        builtin.parameters.first { $0.kind == .positional }.flatMap { match.values[$0.name] }
    }

    /// A transform that learns statistics from data (it takes `using:`), and does
    /// here: `fillna` with a constant learns nothing.
    private static func learnsStatistics(_ builtin: Builtin, _ match: ArgumentMatch) -> Bool {
        guard builtin.parameters.contains(where: { $0.name == "using" && $0.kind == .labelled }) else { return false }
        guard builtin.name == "fillna" else { return true }
        func isStatistic(_ expr: Expr) -> Bool {
            if case .string(let text, _) = expr { return ["mean", "median", "mode"].contains(text) }
            return false
        }
        switch match.values["value"] {
        case let value? where isStatistic(value): return true
        case .record(let fields, _)?: return fields.contains { isStatistic($0.value) }
        default: return false
        }
    }

    // MARK: - Facts and roles

    /// What binding `expr`'s value to a name tells the later rules.
    func facts(of expr: Expr, in scope: LintScope) -> DataFacts {
        var facts = DataFacts()
        if case .name(let identifier) = expr, let binding = scope.lookup(identifier.name) { facts = binding.facts }
        facts.role = role(of: expr, in: scope)?.role
        guard let (builtin, arguments) = resolvedBuiltin(expr, in: scope) else { return facts }
        let match = ArgumentMatch(builtin, arguments: arguments, span: expr.span)
        if builtin.name == "split" {
            if case .list(let items, _)? = match.values["fractions"] {
                facts.splitParts = items.count
            } else {
                facts.splitParts = 0
            }
            return facts
        }
        guard Self.rowKeeping.contains(builtin.name), let data = Self.dataArgument(builtin, match) else { return facts }
        facts.scaledWhole = self.facts(of: data, in: scope).scaledWhole
        if facts.role == nil, Self.learnsStatistics(builtin, match) {
            // Statistics of data that is no split: fine unless it is split afterwards (S303).
            let using = match.values["using"]
            if using == nil || Self.sameName(using!, data) { facts.scaledWhole = builtin.name }
        }
        return facts
    }

    private static func sameName(_ a: Expr, _ b: Expr) -> Bool {
        if case .name(let x) = a, case .name(let y) = b { return x.name == y.name }
        return false
    }

    /// The role of the data `expr` evaluates to, and the name that says so.
    func role(of expr: Expr, in scope: LintScope) -> (role: DataRole, subject: String)? {
        switch expr {
        case .name(let identifier):
            // The data flow first, then (in a session) the value itself, then the name.
            let binding = scope.lookup(identifier.name)
            if let role = binding?.facts.role { return (role, identifier.name) }
            if binding?.isGlobal ?? true, let role = sessionRole?(identifier.name) { return (role, identifier.name) }
            return DataRole.named(identifier.name).map { ($0, identifier.name) }
        case .index(.name(let identifier), let index, _):
            guard let parts = scope.lookup(identifier.name)?.facts.splitParts else { return nil }
            let position: Int
            switch index {
            case .number(let n, _) where n >= 0 && n == n.rounded() && n < 1e6:
                position = Int(n)
            case .unary(.negate, .number(let n, _), _)
            where parts > 0 && n >= 1 && n == n.rounded() && n <= Double(parts):
                position = parts - Int(n)
            default:
                return nil
            }
            return (DataRole.ofSplitPart(position, of: parts == 0 ? nil : parts), identifier.name)
        case .call:
            guard let (builtin, arguments) = resolvedBuiltin(expr, in: scope), Self.rowKeeping.contains(builtin.name),
                let data = Self.dataArgument(builtin, ArgumentMatch(builtin, arguments: arguments, span: expr.span))
            else { return nil }
            return role(of: data, in: scope)
        default:
            return nil
        }
    }

    // MARK: - Rules

    func checkExperiment(_ builtin: Builtin, match: ArgumentMatch, callee: Expr, span: SourceSpan, in scope: LintScope)
    {
        checkSeed(builtin, match, at: Self.nameSpan(of: callee))
        checkStatistics(builtin, match, span: span, in: scope)
        checkSplitOfScaled(builtin, match, in: scope)
        checkTrainingData(builtin, match, in: scope)
    }

    private static func nameSpan(of callee: Expr) -> SourceSpan {
        switch callee {
        case .name(let identifier): return identifier.span
        case .member(_, let name, _): return name.span
        default: return callee.span
        }
    }

    /// S301.
    private func checkSeed(_ builtin: Builtin, _ match: ArgumentMatch, at span: SourceSpan) {
        guard Self.seeded.contains(builtin.name), match.values["seed"] == nil else { return }
        // `sweep(name: n)` without a closure loads a recorded sweep: nothing is drawn.
        if builtin.name == "sweep", match.values["body"] == nil { return }
        report(
            .missingSeed,
            "\(builtin.name) without seed: silently uses seed 0; pass seed: so the experiment says "
                + "how to repeat it", at: span)
    }

    /// S302: a scaler or fill fitted on held-out data.
    private func checkStatistics(_ builtin: Builtin, _ match: ArgumentMatch, span: SourceSpan, in scope: LintScope) {
        guard Self.learnsStatistics(builtin, match), let data = Self.dataArgument(builtin, match) else { return }
        let what = builtin.name == "fillna" ? "computes its fill values on" : "fits the scaler on"
        let advice = "pass using: " + (trainingSplit ?? "the training split")
        let dataText = unit.text(data.span) ?? "..."
        if let using = match.values["using"] {
            guard let (role, subject) = role(of: using, in: scope), role.isHeldOut else { return }
            let usingText = unit.text(using.span) ?? subject
            report(
                .scalerFittedOnHeldOut,
                "\(builtin.name)(\(dataText), using: \(usingText)) \(what) "
                    + "\(role.phrase); \(advice)", at: using.span, subject: subject)
        } else if let (role, subject) = role(of: data, in: scope), role.isHeldOut {
            let call = unit.text(span) ?? "\(builtin.name)(\(dataText))"
            report(.scalerFittedOnHeldOut, "\(call) \(what) \(role.phrase); \(advice)", at: span, subject: subject)
        }
    }

    /// S303: `split` of data scaled with statistics of all its rows.
    private func checkSplitOfScaled(_ builtin: Builtin, _ match: ArgumentMatch, in scope: LintScope) {
        guard builtin.name == "split", let data = match.values["ds"],
            let scaler = facts(of: data, in: scope).scaledWhole
        else { return }
        let dataText = unit.text(data.span) ?? "the data"
        var subject: String?
        if case .name(let identifier) = data { subject = identifier.name }
        report(
            .scaledBeforeSplit,
            "split(\(dataText), ...) splits data that \(scaler) scaled with statistics of all "
                + "its rows, so the held-out rows shaped the scaling; split first, then \(scaler)(train) and pass "
                + "using: train for the others", at: data.span, subject: subject)
    }

    /// S304: a test split trained on or validated on.
    private func checkTrainingData(_ builtin: Builtin, _ match: ArgumentMatch, in scope: LintScope) {
        guard let parameters = Self.trainingParameters[builtin.name] else { return }
        for parameter in parameters {
            guard let data = match.values[parameter], let (role, subject) = role(of: data, in: scope), role == .test
            else { continue }
            let message: String
            if parameter == "train" {
                message = "\(builtin.name) trains on '\(subject)', a test split: its score stops measuring unseen data"
            } else if match.values["early_stop"] != nil {
                message = "\(builtin.name)(val: \(subject)) with early_stop picks the epoch on a test split"
            } else {
                message =
                    "\(builtin.name)(val: \(subject)) validates on a test split, so the runs you compare "
                    + "and keep are chosen by it"
            }
            report(
                .testSplitInTraining, message + "; use the validation split and keep test for the final evaluation",
                at: data.span, subject: subject)
            if case .name(let identifier) = data {
                reportedReads.insert(ReadKey(cell: unit.cell, offset: identifier.span.start.offset))
            }
        }
    }

    /// S305: a name read inside a sweep's trials that holds a test split.
    func checkSweepRead(_ identifier: Identifier, in scope: LintScope) {
        guard sweep != nil, let (role, subject) = role(of: .name(identifier), in: scope), role == .test,
            !reportedReads.contains(ReadKey(cell: unit.cell, offset: identifier.span.start.offset))
        else { return }
        report(
            .testSplitInSweep,
            "the sweep's trials read '\(subject)', a test split: hyperparameters chosen with it "
                + "make its test score optimistic; use the validation split inside the sweep",
            at: identifier.span, subject: subject)
    }
}
