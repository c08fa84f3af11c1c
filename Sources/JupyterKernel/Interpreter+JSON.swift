import JupyterWire

// The JSON shapes of the interpreter's values as the messaging protocol writes them.

extension DisplayBundle {
    /// `{"data": ..., "metadata": ...}`, the core of display_data and execute_result.
    var jsonFields: [String: JSONValue] {
        ["data": .object(data), "metadata": .object(metadata)]
    }
}

extension KernelError {
    /// `ename`, `evalue`, `traceback`: the error message's content and an error reply's extra fields.
    var jsonFields: [String: JSONValue] {
        ["ename": .string(name), "evalue": .string(value), "traceback": .array(traceback.map(JSONValue.string))]
    }
}

extension Payload {
    var json: JSONValue {
        switch self {
        case .page(let bundle):
            ["source": "page", "data": .object(bundle.data), "start": 0]
        }
    }
}

extension CompletionResult {
    /// The content of complete_reply, with per-match types under `_jupyter_types_experimental`.
    var replyContent: [String: JSONValue] {
        let types: [JSONValue] = types.map { type in
            [
                "text": .string(type.text), "type": .string(type.type), "signature": .string(type.signature),
                "start": .number(Double(cursorStart)), "end": .number(Double(cursorEnd)),
            ]
        }
        return [
            "status": "ok",
            "matches": .array(matches.map(JSONValue.string)),
            "cursor_start": .number(Double(cursorStart)),
            "cursor_end": .number(Double(cursorEnd)),
            "metadata": ["_jupyter_types_experimental": .array(types)],
        ]
    }
}

extension Completeness {
    /// The content of is_complete_reply.
    var replyContent: [String: JSONValue] {
        switch self {
        case .complete: ["status": "complete"]
        case .incomplete(let indent): ["status": "incomplete", "indent": .string(indent)]
        case .invalid: ["status": "invalid"]
        case .unknown: ["status": "unknown"]
        }
    }
}

extension LanguageInfo {
    /// The `language_info` object of kernel_info_reply.
    var json: JSONValue {
        [
            "name": .string(name), "version": .string(version), "mimetype": .string(mimetype),
            "file_extension": .string(fileExtension), "pygments_lexer": .string(pygmentsLexer),
            "codemirror_mode": .string(codemirrorMode),
        ]
    }
}
