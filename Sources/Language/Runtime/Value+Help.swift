extension Value {
    /// What `help(x)` pages and inspect shows for a value: a builtin's signature and
    /// doc; for anything else its type, a summary and (shortened) its value.
    /// `name` is the name the user wrote, if any.
    public func helpText(name: String? = nil) -> String {
        switch self {
        case .builtin(let builtin):
            return builtin.helpText
        case .bound(let receiver, let function):
            return "A function bound to a \(receiver.typeName): x.f(args) calls f(x, args).\n\n"
                + function.helpText()
        case .closure(let closure):
            let shown = name ?? closure.name ?? ""
            let count = closure.parameters.count
            return "\(shown)\(closure.signature)\n\nA closure defined in this session, taking "
                + "\(count) argument\(count == 1 ? "" : "s")."
        case .native(let native):
            var text = native.typeName + (name.map { " \($0)" } ?? "") + "\n\n" + native.summary
            if !native.memberNames.isEmpty {
                text += "\n\nMembers: " + native.memberNames.joined(separator: ", ")
            }
            return text
        default:
            let header = (name.map { "\($0): " } ?? "") + typeSummary
            return header + "\n\n" + Value.shortened(plainText())
        }
    }

    /// `list of 3 items`, `record with fields lr, units`, `string of 5 characters`, `number`.
    public var typeSummary: String {
        switch self {
        case .list(let items): return "list of \(items.count) item\(items.count == 1 ? "" : "s")"
        case .record(let record):
            return record.isEmpty
                ? "record with no fields" : "record with fields " + record.names.joined(separator: ", ")
        case .string(let text): return "string of \(text.count) character\(text.count == 1 ? "" : "s")"
        case .range(let range): return "range of \(range.count) number\(range.count == 1 ? "" : "s")"
        case .native(let native): return native.summary
        default: return typeName
        }
    }

    /// Text cut to a screenful for help and inspect.
    static func shortened(_ text: String, limit: Int = 2000) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "..."
    }
}
