import Foundation

/// What lives as long as a session: its builtins, its bindings, its services. Each
/// cell's `Evaluator` works on it.
final class SessionState {
    let environment: SessionEnvironment
    let registry: BuiltinRegistry
    let globals = Scope()
    let services = SessionServices()
    /// The cell running now.
    var currentCell = CellOrigin(source: "")
    /// The source of the cell running now.
    var source: String { currentCell.source }

    init(environment: SessionEnvironment, registry: BuiltinRegistry) {
        self.environment = environment
        self.registry = registry
    }

    /// Every name a user can refer to: session bindings, then builtins.
    var knownNames: [String] {
        globals.visibleNames + registry.names.sorted()
    }
}

/// One executed cell's source. Closures keep theirs, because their spans point into it.
final class CellOrigin {
    let source: String

    init(source: String) {
        self.source = source
    }

    /// `line:column: the source line`, trimmed, for notes about errors in this cell.
    func describe(_ span: SourceSpan) -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let index = span.start.line - 1
        var text = lines.indices.contains(index) ? lines[index].trimmingCharacters(in: .whitespaces) : ""
        if text.count > 60 { text = String(text.prefix(57)) + "..." }
        return "\(span.start.line):\(span.start.column): \(text)"
    }
}
