import JSON

/// Parsing JSON text into a `ParamValue` with the project's one JSON reader, keeping
/// object keys in the order written.
extension ParamValue: JSONBuildable {
    /// Parses `text`, or returns nil when it is not one complete JSON value.
    public static func parse(_ text: String) -> ParamValue? {
        try? JSONParser.parse(text, as: ParamValue.self)
    }

    public static func jsonNull() -> ParamValue { .null }
    public static func jsonBool(_ value: Bool) -> ParamValue { .bool(value) }
    public static func jsonNumber(_ value: Double) -> ParamValue { .number(value) }
    public static func jsonString(_ value: String) -> ParamValue { .string(value) }
    public static func jsonArray(_ elements: [ParamValue]) -> ParamValue { .list(elements) }

    /// Keys are unique in a record: a repeated key keeps its first place and its last value.
    public static func jsonObject(_ fields: [(String, ParamValue)]) -> ParamValue {
        var ordered: [(String, ParamValue)] = []
        var index: [String: Int] = [:]
        for (key, value) in fields {
            if let at = index[key] {
                ordered[at].1 = value
            } else {
                index[key] = ordered.count
                ordered.append((key, value))
            }
        }
        return .record(ordered)
    }
}
