import Store

extension Value {
    /// The value as the store's JSON-like param value: closures, builtins and native
    /// values as their text.
    var paramValue: ParamValue {
        switch self {
        case .number(let number): return .number(number)
        case .string(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        case .nil: return .null
        case .list(let items): return .list(items.map(\.paramValue))
        case .record(let record): return .record(record.fields.map { ($0.name, $0.value.paramValue) })
        case .range: return .list((sequenceElements ?? []).map(\.paramValue))
        case .closure, .builtin, .bound, .native: return .string(plainText(quoted: false))
        }
    }
}
