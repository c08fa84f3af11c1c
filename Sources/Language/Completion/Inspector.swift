import Render

/// Answers inspect requests (Shift+Tab): the text `help` would page for the name under
/// or just before the cursor, or for the function whose call the cursor is in. Reads
/// bindings only; never runs code.
struct Inspector {
    let state: SessionState

    func inspect(_ source: String, cursor: Int) -> MimeBundle? {
        let tokens = Lexer.tokenize(source, keepComments: true).tokens
        let completer = Completer(state: state)
        if let index = tokens.lastIndex(where: {
            $0.kind == .identifier && $0.span.start.offset <= cursor
                && cursor <= $0.span.end.offset
        }) {
            let name = tokens[index].text
            if index > 0, tokens[index - 1].kind == .dot {
                let receiver = CursorContext.receiverChain(tokens[..<(index - 1)])
                if let value = member(name, of: completer.resolve(receiver)) {
                    return bundle(for: value, name: name)
                }
            } else if let value = lookup(name) {
                return bundle(for: value, name: name)
            }
        }
        guard let call = CursorContext(source: source, cursor: cursor).call else { return nil }
        if call.isMethod, let value = member(call.callee, of: completer.resolve(call.receiver)) {
            return bundle(for: value, name: call.callee)
        }
        return lookup(call.callee).map { bundle(for: $0, name: call.callee) }
    }

    /// A bound name, else a builtin.
    private func lookup(_ name: String) -> Value? {
        state.globals.lookup(name) ?? state.registry[name].map(Value.builtin)
    }

    /// What `receiver.name` reads: a field if the receiver has it, else the function
    /// uniform call syntax would call.
    private func member(_ name: String, of receiver: Value?) -> Value? {
        switch receiver {
        case .record(let record)?:
            if let field = record[name] { return field }
        case .native(let native)?:
            if let member = native.member(named: name) { return member }
        default:
            break
        }
        if let value = state.globals.lookup(name), value.isCallable { return value }
        return state.registry[name].map(Value.builtin)
    }

    private func bundle(for value: Value, name: String) -> MimeBundle {
        let text = value.helpText(name: name)
        guard case .builtin(let builtin) = value else { return MimeBundle(plain: text) }
        var markdown = "```\n\(builtin.signature)\n```\n\n\(builtin.summary)"
        if !builtin.details.isEmpty { markdown += "\n\n" + builtin.details }
        return MimeBundle(plain: text, extra: ["text/markdown": markdown])
    }
}
