import JupyterWire

/// The number of Unicode scalars in `code`: the protocol counts cursor positions so.
func scalarCount(_ code: String) -> Int { code.unicodeScalars.count }

/// The `cursor_pos` of a request: absent means the end of the code, as ipykernel reads it.
/// A position past the end is clamped, not refused: a front end counting UTF-16 units
/// instead of scalars overshoots after an emoji, and completion should still work.
private func cursorPosition(_ reader: ContentReader, code: String) throws(RequestError) -> Int {
    let position = try reader.int("cursor_pos") ?? scalarCount(code)
    guard position >= 0 else { throw .invalidValue(field: "cursor_pos", reason: "must not be negative") }
    return min(position, scalarCount(code))
}

/// A `complete_request`.
struct CompleteRequest: Equatable, Sendable {
    var code: String
    var cursorPos: Int

    init(content: [String: JSONValue]) throws(RequestError) {
        let reader = ContentReader(content: content)
        code = try reader.string("code")
        cursorPos = try cursorPosition(reader, code: code)
    }
}

/// An `inspect_request`.
struct InspectRequest: Equatable, Sendable {
    var code: String
    var cursorPos: Int
    var detailLevel: Int

    init(content: [String: JSONValue]) throws(RequestError) {
        let reader = ContentReader(content: content)
        code = try reader.string("code")
        cursorPos = try cursorPosition(reader, code: code)
        detailLevel = try reader.int("detail_level", default: 0)
    }
}

/// An `is_complete_request`.
struct IsCompleteRequest: Equatable, Sendable {
    var code: String

    init(content: [String: JSONValue]) throws(RequestError) {
        code = try ContentReader(content: content).string("code")
    }
}
