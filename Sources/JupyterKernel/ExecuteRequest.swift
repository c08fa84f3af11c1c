import JupyterWire

/// The fields of an `execute_request`, with the protocol's defaults.
struct ExecuteRequest: Equatable, Sendable {
    var code: String
    var silent: Bool
    /// Already false when `silent` is true: the protocol says silent forces it off.
    var storeHistory: Bool
    var userExpressions: [String: String]
    var allowStdin: Bool
    var stopOnError: Bool

    init(content: [String: JSONValue]) throws(RequestError) {
        let reader = ContentReader(content: content)
        code = try reader.string("code")
        silent = try reader.bool("silent", default: false)
        storeHistory = try reader.bool("store_history", default: true) && !silent
        userExpressions = try reader.stringMap("user_expressions")
        allowStdin = try reader.bool("allow_stdin", default: true)
        stopOnError = try reader.bool("stop_on_error", default: true)
    }
}
