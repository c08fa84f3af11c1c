/// Answers completion requests from the session's bindings and builtins, without
/// running any code: paths inside strings, members after `x.`, labels inside calls,
/// and names everywhere else.
struct Completer {
    static let keywords = ["if", "else", "for", "in", "true", "false", "nil"]

    let state: SessionState

    func complete(_ source: String, cursor: Int) -> CompletionList {
        let context = CursorContext(source: source, cursor: cursor)
        let end = min(max(cursor, 0), source.unicodeScalars.count)
        var list = CompletionList(start: context.start, end: end)
        switch context.position {
        case .none:
            return list
        case .string(let text, let contentStart):
            list.start = contentStart
            PathCompleter(workingDirectory: state.environment.workingDirectory).add(completionsOf: text, to: &list)
        case .member(let receiver):
            addMembers(of: receiver, prefix: context.partial, to: &list)
        case .name:
            if let call = context.call, call.atArgumentStart {
                addLabels(of: call, prefix: context.partial, to: &list)
            }
            addNames(prefix: context.partial, to: &list)
        }
        return list
    }

    /// The value a chain of names stands for, read from bindings, record fields and
    /// native members; nil when any link is unknown.
    func resolve(_ chain: [String]) -> Value? {
        guard let first = chain.first, var value = state.globals.lookup(first) else { return nil }
        for name in chain.dropFirst() {
            switch value {
            case .record(let record):
                guard let field = record[name] else { return nil }
                value = field
            case .native(let native):
                guard let member = native.member(named: name) else { return nil }
                value = member
            default:
                return nil
            }
        }
        return value
    }

    private func addMembers(of receiver: [String], prefix: String, to list: inout CompletionList) {
        switch resolve(receiver) {
        case .record(let record)?:
            for field in record.fields where field.name.hasPrefix(prefix) {
                list.add(field.name, kind: "field", signature: field.value.typeName)
            }
        case .native(let native)?:
            for name in native.memberNames where name.hasPrefix(prefix) {
                list.add(name, kind: "field", signature: native.member(named: name)?.typeName ?? "")
            }
        default:
            break
        }
        for name in state.globals.visibleNames where name.hasPrefix(prefix) {
            if let value = state.globals.lookup(name), value.isCallable {
                list.add(name, kind: "function", signature: Completer.signature(of: value, name: name))
            }
        }
        for builtin in state.registry.all where builtin.acceptsReceiver && builtin.name.hasPrefix(prefix) {
            list.add(builtin.name, kind: "function", signature: builtin.signature)
        }
    }

    private func addLabels(of call: CursorContext.EnclosingCall, prefix: String, to list: inout CompletionList) {
        // A session binding shadows a builtin of the same name, and closures have no labels.
        guard state.globals.lookup(call.callee) == nil, let builtin = state.registry[call.callee] else { return }
        for label in builtin.labels where label.hasPrefix(prefix) && !call.usedLabels.contains(label) {
            list.add(label + ":", kind: "label", signature: builtin.signature)
        }
    }

    private func addNames(prefix: String, to list: inout CompletionList) {
        for name in state.globals.visibleNames where name.hasPrefix(prefix) {
            guard let value = state.globals.lookup(name) else { continue }
            list.add(
                name, kind: value.isCallable ? "function" : "variable",
                signature: Completer.signature(of: value, name: name))
        }
        for builtin in state.registry.all where builtin.name.hasPrefix(prefix) {
            list.add(builtin.name, kind: "function", signature: builtin.signature)
        }
        for keyword in Completer.keywords where keyword.hasPrefix(prefix) && keyword != prefix {
            list.add(keyword, kind: "keyword")
        }
    }

    /// What a completion menu shows beside a name: a signature for functions, the
    /// type otherwise.
    static func signature(of value: Value, name: String) -> String {
        switch value {
        case .builtin(let builtin): return builtin.signature
        case .closure(let closure): return name + closure.signature
        case .bound(_, let function): return signature(of: function, name: name)
        default: return value.typeSummary
        }
    }
}
