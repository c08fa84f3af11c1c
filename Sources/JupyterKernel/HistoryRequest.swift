import JupyterWire

/// A `history_request`, with IPython's defaults for absent fields.
struct HistoryRequest: Equatable, Sendable {
    enum Query: Equatable, Sendable {
        /// The last `n` cells over all sessions.
        case tail(n: Int)
        /// Lines `start..<stop` of a session: 0 is this session, negative counts back
        /// from it (-1 is the previous one), positive is an absolute number.
        case range(session: Int, start: Int, stop: Int?)
        /// Cells matching a glob; `unique` drops repeats, `n` keeps the last `n`.
        case search(pattern: String, n: Int?, unique: Bool)
    }

    /// Whether to return `[input, output]` pairs rather than inputs.
    var output: Bool
    /// Raw input rather than transformed; the kernel stores only one form, so both are the same.
    var raw: Bool
    var query: Query

    /// IPython's `get_tail` default when a tail request gives no `n`.
    static let defaultTail = 10

    init(content: [String: JSONValue]) throws(RequestError) {
        let reader = ContentReader(content: content)
        output = try reader.bool("output", default: false)
        raw = try reader.bool("raw", default: true)
        switch try reader.string("hist_access_type") {
        case "tail":
            let n = try reader.int("n", default: Self.defaultTail)
            guard n >= 0 else { throw .invalidValue(field: "n", reason: "must not be negative") }
            query = .tail(n: n)
        case "range":
            query = .range(
                session: try reader.int("session", default: 0), start: try reader.int("start", default: 0),
                stop: try reader.int("stop"))
        case "search":
            let n = try reader.int("n")
            if let n, n < 0 { throw .invalidValue(field: "n", reason: "must not be negative") }
            query = .search(
                pattern: try reader.string("pattern", default: "*"), n: n,
                unique: try reader.bool("unique", default: false))
        case let other:
            throw .invalidValue(field: "hist_access_type", reason: "'\(other)' is not tail, range or search")
        }
    }
}
