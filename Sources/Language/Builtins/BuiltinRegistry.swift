/// The builtins a session knows, by name. Built when a session starts (no globals),
/// so later modules (data, models, runs) add theirs with `register`.
public struct BuiltinRegistry {
    private var table: [String: Builtin] = [:]
    /// Names in the order they were registered.
    public private(set) var names: [String] = []

    /// An empty registry; `standard()` has the core language's builtins.
    public init() {}

    /// The core builtins: basics (`range`, `len`, `round`...) and output and
    /// introspection (`print`, `help`, `type`, `sleep`, `input`...).
    public static func standard() -> BuiltinRegistry {
        var registry = BuiltinRegistry()
        registry.register(BasicBuiltins.all)
        registry.register(MathBuiltins.all)
        registry.register(CollectionBuiltins.all)
        registry.register(OutputBuiltins.all)
        registry.register(DataBuiltins.all)
        registry.register(ModelBuiltins.all + OptimizerBuiltins.all + TrainBuiltins.all)
        registry.register(DebugBuiltins.all)
        registry.register(StoreBuiltins.all)
        registry.register(LabelBuiltins.all)
        registry.register(ExperimentBuiltins.all)
        registry.register(BaselineBuiltins.all)
        registry.register(SweepBuiltins.all)
        registry.register(PlanningBuiltins.all)
        registry.register(PlotBuiltins.all)
        registry.register(DiagnoseBuiltins.all)
        registry.register(ServingBuiltins.all)
        registry.register(ExportBuiltins.all)
        registry.register(IngestBuiltins.all)
        return registry
    }

    /// Adds a builtin; one registered later under the same name replaces it.
    public mutating func register(_ builtin: Builtin) {
        if table.updateValue(builtin, forKey: builtin.name) == nil { names.append(builtin.name) }
    }

    public mutating func register(_ builtins: [Builtin]) {
        for builtin in builtins { register(builtin) }
    }

    public subscript(name: String) -> Builtin? { table[name] }

    /// Every builtin, sorted by name.
    public var all: [Builtin] { names.sorted().compactMap { table[$0] } }
}
