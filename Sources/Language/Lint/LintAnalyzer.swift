/// The static analysis behind `strata lint` and the notebook's leakage warnings: a
/// walk over the syntax tree that mirrors how the evaluator binds and looks up
/// names, with the builtin registry as its knowledge of functions and labels.
///
/// It is fed programs in order (a file, or a notebook's cells one by one: bindings
/// flow from cell to cell as in a session) and then asked to `finish`. Like
/// pyflakes, it walks a closure's body only once the code around it is done, because
/// a closure looks names up when it is called, not where it is written:
/// `f = { x in g(x) }` may use a `g` bound on a later line.
///
/// Where the code does not say enough (a value rebound in a branch, a closure passed
/// around), it assumes the best, so that what it reports is worth reading.
final class LintAnalyzer {
    let registry: BuiltinRegistry
    let rules: Set<LintRule>
    let globals = LintScope(parent: nil)
    private(set) var findings: [LintFinding] = []
    /// What the running session knows about a name the analysis has not seen bound
    /// (the notebook asks its session's values); nil for files.
    var sessionRole: ((String) -> DataRole?)?

    /// The cell (or file) being walked.
    var unit = LintUnit(cell: nil, source: "")
    /// Set while walking a sweep's closure (and closures inside it).
    var sweep: SweepContext?
    /// The most recent training split's name, for "pass using: train".
    var trainingSplit: String?
    /// Name reads S304 already reported, by unit and offset, so S305 does not repeat them.
    var reportedReads: Set<ReadKey> = []

    private var pendingClosures: [PendingClosure] = []
    private var pendingCalls: [PendingClosureCall] = []
    /// Every closure scope walked, for the unused and shadowing checks at the end.
    private var closureScopes: [LintScope] = []

    init(registry: BuiltinRegistry, rules: Set<LintRule>) {
        self.registry = registry
        self.rules = rules
    }

    /// Walks `program` in the global scope, after everything fed before it.
    func analyze(_ program: Program, unit: LintUnit) {
        self.unit = unit
        walk(program.statements, in: globals)
    }

    /// Walks the closures written so far (their bodies see every name bound by now).
    func analyzeClosures() {
        while !pendingClosures.isEmpty {
            let closure = pendingClosures.removeFirst()
            let (savedUnit, savedSweep) = (unit, sweep)
            unit = closure.unit
            sweep = closure.sweep
            let scope = LintScope(parent: closure.parent)
            for parameter in closure.parameters {
                bind(parameter, in: scope, kind: .parameter, value: nil)
            }
            walk(closure.body, in: scope)
            if wantsScopeChecks { closureScopes.append(scope) }
            (unit, sweep) = (savedUnit, savedSweep)
        }
    }

    /// The checks that need the whole program: closures, calls of user closures,
    /// unused bindings and shadowed builtins.
    func finish() {
        analyzeClosures()
        checkClosureCalls()
        for scope in [globals] + closureScopes {
            for binding in scope.orderedBindings {
                checkUnused(binding)
                checkShadowing(binding)
            }
        }
    }

    /// Forgets the findings reported so far (the notebook takes them cell by cell).
    func takeFindings() -> [LintFinding] {
        defer { findings = [] }
        return findings
    }

    func report(_ rule: LintRule, _ message: String, at span: SourceSpan, subject: String? = nil, cell: Int?? = nil) {
        guard rules.contains(rule) else { return }
        findings.append(
            LintFinding(
                rule: rule, message: message, span: span, cell: cell ?? unit.cell,
                subject: subject))
    }

    private var wantsScopeChecks: Bool { rules.contains(.unusedBinding) || rules.contains(.shadowedBuiltin) }

    // MARK: - Statements

    func walk(_ statements: [Stmt], in scope: LintScope) {
        for statement in statements { walk(statement, in: scope) }
    }

    private func walk(_ statement: Stmt, in scope: LintScope) {
        switch statement {
        case .expression(let expr, _):
            visit(expr, in: scope)
        case .assign(let name, let value, _):
            visit(value, in: scope)
            bind(name, in: scope, kind: .assignment, value: value)
        case .destructure(let names, let value, _):
            visit(value, in: scope)
            let fromSplit = resolvedBuiltin(value, in: scope)?.builtin.name == "split"
            for (index, name) in names.enumerated() {
                let binding = bind(name, in: scope, kind: .destructured, value: nil)
                guard fromSplit else { continue }
                let role = DataRole.named(name.name) ?? DataRole.ofSplitPart(index, of: names.count)
                binding.facts.role = role
                if role == .train, scope.isGlobal { trainingSplit = name.name }
            }
        case .forIn(let variable, let sequence, let body, _):
            visit(sequence, in: scope)
            // The body runs again and again: a name it binds late may be read early on
            // a later pass, so count its names as bound from the start.
            for (name, kind) in Self.assignedNames(in: body.statements) where scope.lookup(name.name) == nil {
                _ = scope.binding(name.name, at: name.span, cell: unit.cell, kind: kind)
            }
            bind(variable, in: scope, kind: .loopVariable, value: nil)
            walk(body.statements, in: scope)
        }
    }

    /// Binds `name` in `scope`, remembering what `value` (when it is known) says.
    @discardableResult
    func bind(_ name: Identifier, in scope: LintScope, kind: LintBinding.Kind, value: Expr?) -> LintBinding {
        let binding = scope.binding(name.name, at: name.span, cell: unit.cell, kind: kind)
        binding.bindCount += 1
        binding.facts = value.map { facts(of: $0, in: scope) } ?? DataFacts()
        binding.holdsRecordedRun =
            value.flatMap { resolvedBuiltin($0, in: scope) }
            .map { Self.recordsRun.contains($0.builtin.name) } ?? false
        if case .closure(let parameters, _, _)? = value {
            binding.closureParameters = parameters.map(\.name)
        } else {
            binding.closureParameters = nil
        }
        return binding
    }

    /// The names a block binds directly (also inside `if` and `for`, not in closures).
    /// A nested loop's own variable is left out: it is bound before its body runs.
    static func assignedNames(in statements: [Stmt]) -> [(Identifier, LintBinding.Kind)] {
        var names: [(Identifier, LintBinding.Kind)] = []
        func collect(_ statements: [Stmt]) {
            for statement in statements {
                switch statement {
                case .assign(let name, let value, _):
                    names.append((name, .assignment))
                    collect(value)
                case .destructure(let targets, let value, _):
                    names += targets.map { ($0, .destructured) }
                    collect(value)
                case .forIn(_, _, let body, _): collect(body.statements)
                case .expression(let expr, _): collect(expr)
                }
            }
        }
        func collect(_ expr: Expr) {
            if case .ifElse(_, let thenBlock, let elseBlock, _) = expr {
                collect(thenBlock.statements)
                if let elseBlock { collect(elseBlock.statements) }
            }
        }
        collect(statements)
        return names
    }

    // MARK: - Expressions

    func visit(_ expr: Expr, in scope: LintScope) {
        switch expr {
        case .number, .string, .bool, .nil:
            return
        case .name(let identifier):
            read(identifier, in: scope)
        case .list(let items, _):
            for item in items { visit(item, in: scope) }
        case .record(let fields, _):
            for field in fields { visit(field.value, in: scope) }
        case .unary(_, let operand, _):
            visit(operand, in: scope)
        case .binary(_, let lhs, let rhs, _, _):
            visit(lhs, in: scope)
            visit(rhs, in: scope)
        case .call(let callee, let arguments, let span):
            visitCall(callee: callee, arguments: arguments, span: span, in: scope)
        case .member(let object, let name, _):
            visit(object, in: scope)
            // `x.f` may be a bound function `f`: count it as a use, to be safe.
            scope.lookup(name.name)?.isUsed = true
        case .index(let object, let index, _):
            visit(object, in: scope)
            visit(index, in: scope)
        case .closure(let parameters, let body, _):
            pendingClosures.append(
                PendingClosure(
                    parameters: parameters, body: body, parent: scope, unit: unit,
                    sweep: sweep))
        case .ifElse(let condition, let thenBlock, let elseBlock, _):
            visit(condition, in: scope)
            walk(thenBlock.statements, in: scope)
            if let elseBlock { walk(elseBlock.statements, in: scope) }
        }
    }

    /// A name read as a value: a binding (now used), a builtin, or S101.
    private func read(_ identifier: Identifier, in scope: LintScope) {
        if let binding = scope.lookup(identifier.name) {
            binding.isUsed = true
            checkSweepRead(identifier, in: scope)
            return
        }
        if registry[identifier.name] != nil { return }
        if sessionRole != nil {
            checkSweepRead(identifier, in: scope)
            return
        }
        let candidates = scope.visibleNames + registry.names.sorted()
        report(
            .undefinedName,
            "unknown name '\(identifier.name)'"
                + Self.hint(Suggestion.closest(to: identifier.name, among: candidates)),
            at: identifier.span, subject: identifier.name)
    }

    private func visitCall(callee: Expr, arguments: [Argument], span: SourceSpan, in scope: LintScope) {
        var target: Builtin?
        var bound = arguments
        switch callee {
        case .name(let identifier):
            if let binding = scope.lookup(identifier.name) {
                binding.isUsed = true
                if registry[identifier.name] != nil, binding.firstCall == nil {
                    binding.firstCall = (identifier.span, unit.cell)
                }
                if rules.contains(.tooManyArguments) || rules.contains(.missingArgument) {
                    pendingCalls.append(
                        PendingClosureCall(
                            binding: binding, name: identifier.name,
                            arguments: arguments, span: span, cell: unit.cell))
                }
            } else if let builtin = registry[identifier.name] {
                target = builtin
            } else {
                read(identifier, in: scope)
            }
        case .member(let object, let name, _):
            visit(object, in: scope)
            if let binding = scope.lookup(name.name) {
                binding.isUsed = true
            } else if let builtin = registry[name.name], builtin.acceptsReceiver, !Self.hasField(object, name.name) {
                target = builtin
                bound = [Argument(label: nil, value: object)] + arguments
            }
        default:
            visit(callee, in: scope)
        }
        if let target {
            let match = ArgumentMatch(target, arguments: bound, span: span)
            for problem in match.problems {
                report(problem.rule, "\(target.name): \(problem.message)", at: problem.span)
            }
            checkExperiment(target, match: match, callee: callee, span: span, in: scope)
        }
        for argument in arguments {
            if target?.name == "sweep", case .closure(let parameters, let body, _) = argument.value {
                pendingClosures.append(
                    PendingClosure(
                        parameters: parameters, body: body, parent: scope, unit: unit,
                        sweep: SweepContext(span: callee.span)))
            } else {
                visit(argument.value, in: scope)
            }
        }
    }

    /// `[f: ...].f(...)`: a record literal's own field wins over a builtin.
    private static func hasField(_ object: Expr, _ name: String) -> Bool {
        guard case .record(let fields, _) = object else { return false }
        return fields.contains { $0.name.name == name }
    }

    static func hint(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean '\($0)'?)" } ?? ""
    }

    // MARK: - Whole-program checks

    private func checkClosureCalls() {
        for call in pendingCalls {
            guard call.binding.bindCount == 1, let parameters = call.binding.closureParameters else { continue }
            if let labelled = call.arguments.first(where: { $0.label != nil }), let label = labelled.label {
                report(
                    .unknownLabel, "\(call.name): closures take positional arguments only, got label '\(label.name):'",
                    at: label.span, cell: call.cell)
                continue
            }
            let count = call.arguments.count
            guard count != parameters.count else { continue }
            let noun = parameters.count == 1 ? "argument" : "arguments"
            let message =
                "\(call.name): expects \(parameters.count) \(noun) (\(parameters.joined(separator: ", "))), "
                + "got \(count)"
            report(
                count > parameters.count ? .tooManyArguments : .missingArgument, message, at: call.span,
                cell: call.cell)
        }
    }

    private func checkUnused(_ binding: LintBinding) {
        guard !binding.isUsed, !binding.isExemptFromUnused, binding.bindCount > 0 else { return }
        report(
            .unusedBinding,
            "'\(binding.name)' is bound but never used; name it '_\(binding.name)' if that is "
                + "on purpose", at: binding.span, subject: binding.name, cell: binding.cell)
    }

    private func checkShadowing(_ binding: LintBinding) {
        guard let builtin = registry[binding.name], !binding.name.hasPrefix("_"), binding.bindCount > 0 else { return }
        if binding.closureParameters != nil {
            report(
                .shadowedBuiltin,
                "'\(binding.name)' is a function of your own that hides the builtin "
                    + "\(builtin.signature); rename it to keep both", at: binding.span, subject: binding.name,
                cell: binding.cell)
        } else if let call = binding.firstCall {
            let place = call.cell.map { "cell \($0), line \(call.span.start.line)" } ?? "line \(call.span.start.line)"
            report(
                .shadowedBuiltin,
                "'\(binding.name)' hides the builtin \(builtin.signature), so the call at "
                    + "\(place) calls this value instead; rename it", at: binding.span, subject: binding.name,
                cell: binding.cell)
        }
    }
}

/// A cell or file being analysed: its number in the notebook and its text, so
/// messages can quote the code.
struct LintUnit {
    let cell: Int?
    let source: [Unicode.Scalar]

    init(cell: Int?, source: String) {
        self.cell = cell
        self.source = Array(source.unicodeScalars)
    }

    /// The code `span` covers, when it fits on one short line; nil otherwise.
    func text(_ span: SourceSpan, limit: Int = 40) -> String? {
        let start = span.start.offset, end = span.end.offset
        guard start >= 0, end <= source.count, start < end, end - start <= limit else { return nil }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: source[start..<end])
        let result = String(text)
        return result.contains("\n") ? nil : result
    }
}

/// The sweep whose trials the walk is in.
struct SweepContext {
    /// The `sweep` name in the call, for messages.
    let span: SourceSpan
}

struct ReadKey: Hashable {
    let cell: Int?
    let offset: Int
}

private struct PendingClosure {
    let parameters: [Identifier]
    let body: [Stmt]
    let parent: LintScope
    let unit: LintUnit
    let sweep: SweepContext?
}

/// A call of a user binding, checked at the end against the closure it holds.
private struct PendingClosureCall {
    let binding: LintBinding
    let name: String
    let arguments: [Argument]
    let span: SourceSpan
    let cell: Int?
}
