/// Bindings of names to values, with a link to the enclosing scope.
///
/// Scoping rule (documented for users in help and the tests): the session has one
/// global scope; every closure call gets a fresh scope whose parent is the scope the
/// closure was created in. `if`, `for` and other blocks do not open scopes: like a
/// Python function body, they read and rebind the names of the scope they run in.
/// Assignment always binds in the innermost scope, so assigning inside a closure
/// never changes an outer binding (it shadows it).
final class Scope {
    private(set) var bindings: [String: Value] = [:]
    let parent: Scope?

    init(parent: Scope? = nil) {
        self.parent = parent
    }

    func lookup(_ name: String) -> Value? {
        var scope: Scope? = self
        while let current = scope {
            if let value = current.bindings[name] { return value }
            scope = current.parent
        }
        return nil
    }

    func bind(_ name: String, _ value: Value) {
        bindings[name] = value
    }

    /// Every name visible from here, innermost first, without duplicates.
    var visibleNames: [String] {
        var seen = Set<String>()
        var names: [String] = []
        var scope: Scope? = self
        while let current = scope {
            for name in current.bindings.keys.sorted() where seen.insert(name).inserted {
                names.append(name)
            }
            scope = current.parent
        }
        return names
    }
}
