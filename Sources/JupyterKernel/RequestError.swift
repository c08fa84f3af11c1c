import JupyterWire

/// Why a request's content could not be read. Becomes an error reply (or a log line)
/// in one place, the dispatcher; never a crash.
enum RequestError: Error, Equatable, Sendable {
    case missingField(String)
    case wrongType(field: String, expected: String)
    case invalidValue(field: String, reason: String)

    /// The `evalue` of the error reply.
    var description: String {
        switch self {
        case .missingField(let field): "missing field '\(field)'"
        case .wrongType(let field, let expected): "field '\(field)' must be \(expected)"
        case .invalidValue(let field, let reason): "field '\(field)': \(reason)"
        }
    }
}

/// Typed reads of a request's `content`. JSON null counts as absent, since some
/// front ends send `"stop": null` where they mean "not given".
struct ContentReader {
    let content: [String: JSONValue]

    private func present(_ key: String) -> JSONValue? {
        guard let value = content[key], value != .null else { return nil }
        return value
    }

    func string(_ key: String) throws(RequestError) -> String {
        guard let value = present(key) else { throw .missingField(key) }
        guard let text = value.stringValue else { throw .wrongType(field: key, expected: "a string") }
        return text
    }

    func string(_ key: String, default fallback: String) throws(RequestError) -> String {
        present(key) == nil ? fallback : try string(key)
    }

    /// A string that may be absent (nil).
    func optionalString(_ key: String) throws(RequestError) -> String? {
        present(key) == nil ? nil : try string(key)
    }

    func bool(_ key: String, default fallback: Bool) throws(RequestError) -> Bool {
        guard let value = present(key) else { return fallback }
        guard let flag = value.boolValue else { throw .wrongType(field: key, expected: "a boolean") }
        return flag
    }

    func int(_ key: String) throws(RequestError) -> Int? {
        guard let value = present(key) else { return nil }
        guard let number = value.intValue else { throw .wrongType(field: key, expected: "an integer") }
        return number
    }

    func int(_ key: String, default fallback: Int) throws(RequestError) -> Int {
        try int(key) ?? fallback
    }

    /// An object whose members are all strings, as `user_expressions` is.
    func stringMap(_ key: String) throws(RequestError) -> [String: String] {
        guard let value = present(key) else { return [:] }
        guard let object = value.objectValue else { throw .wrongType(field: key, expected: "an object") }
        var result: [String: String] = [:]
        for (name, member) in object {
            guard let text = member.stringValue else {
                throw .wrongType(field: "\(key).\(name)", expected: "a string")
            }
            result[name] = text
        }
        return result
    }
}
