/// The analysis' picture of a runtime `Scope`: the names bound in it so far, with
/// what is known about each. Like the runtime's, there is one global scope (the
/// whole file, or every cell of a notebook) and one per closure; `if` and `for`
/// blocks bind in the scope they are in.
final class LintScope {
    let parent: LintScope?
    private(set) var bindings: [String: LintBinding] = [:]
    /// Names in the order they were first bound, so reports come out in source order.
    private(set) var order: [String] = []

    init(parent: LintScope?) {
        self.parent = parent
    }

    var isGlobal: Bool { parent == nil }

    /// The innermost binding of `name` known so far.
    func lookup(_ name: String) -> LintBinding? {
        var scope: LintScope? = self
        while let current = scope {
            if let binding = current.bindings[name] { return binding }
            scope = current.parent
        }
        return nil
    }

    /// The binding of `name` in this very scope, made (not yet counted as bound) if new.
    func binding(_ name: String, at span: SourceSpan, cell: Int?, kind: LintBinding.Kind) -> LintBinding {
        if let existing = bindings[name] { return existing }
        let made = LintBinding(name: name, span: span, cell: cell, kind: kind, isGlobal: isGlobal)
        bindings[name] = made
        order.append(name)
        return made
    }

    /// Every name visible from here, innermost first, as the runtime lists them for
    /// "did you mean".
    var visibleNames: [String] {
        var seen = Set<String>()
        var names: [String] = []
        var scope: LintScope? = self
        while let current = scope {
            for name in current.bindings.keys.sorted() where seen.insert(name).inserted { names.append(name) }
            scope = current.parent
        }
        return names
    }

    /// The bindings made in this scope, in the order they were first bound.
    var orderedBindings: [LintBinding] { order.compactMap { bindings[$0] } }
}

/// One name in one scope. Rebinding the same name in the same scope updates this
/// record, so "unused" means no read anywhere after any of its bindings.
final class LintBinding {
    enum Kind { case assignment, destructured, loopVariable, parameter }

    let name: String
    /// Where it was first bound (what S201 and S202 point at).
    let span: SourceSpan
    let cell: Int?
    let kind: Kind
    /// Bound in the global scope: the session holds its value.
    let isGlobal: Bool
    var isUsed = false
    /// How many times the code binds it; a closure's parameter count is trusted only
    /// for a name bound once.
    var bindCount = 0
    /// The parameters' names when it was last bound to a closure literal.
    var closureParameters: [String]?
    var facts = DataFacts()
    /// The first `name(...)` call that reached this binding, for S202.
    var firstCall: (span: SourceSpan, cell: Int?)?
    /// Bound to the result of a builtin that records a run (`fit`, `sweep`...): the run
    /// is kept in the store either way, and the name is a handle for later, not waste.
    var holdsRecordedRun = false

    init(name: String, span: SourceSpan, cell: Int?, kind: Kind, isGlobal: Bool) {
        self.name = name
        self.span = span
        self.cell = cell
        self.kind = kind
        self.isGlobal = isGlobal
    }

    /// `_` and `_name` say "unused on purpose"; closure parameters and loop variables
    /// are named by the shape of the code (`for i in range(depth)` repeats), and a
    /// recorded run stays reachable through the store.
    var isExemptFromUnused: Bool {
        name.hasPrefix("_") || kind == .parameter || kind == .loopVariable || holdsRecordedRun
    }
}
