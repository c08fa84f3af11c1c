import Render
import TextFormat

extension Value {
    /// Lists longer than this are shortened in text (`[0, 1, ..., 999] (1000 items)`).
    static let listDisplayLimit = 100
    /// Lists of records longer than this show their first rows and a count.
    static let tableRowLimit = 50

    /// The value as text. `quoted` (a cell result, or an element inside a list) writes
    /// strings as literals, `"a\nb"`; unquoted (`print`, `str`) writes them raw.
    public func plainText(quoted: Bool = true) -> String {
        switch self {
        case .number(let number): return NumberText.shortest(number)
        case .string(let text): return quoted ? Value.quote(text) : text
        case .bool(let flag): return flag ? "true" : "false"
        case .nil: return "nil"
        case .list(let items): return Value.listText(items.count) { items[$0].plainText() }
        case .record(let record):
            if record.isEmpty { return "[:]" }
            return "["
                + record.fields.map { Value.fieldName($0.name) + ": " + $0.value.plainText() }
                .joined(separator: ", ") + "]"
        case .range(let range):
            let step = range.step == 1 ? "" : ", step: " + NumberText.shortest(range.step)
            return "range(\(NumberText.shortest(range.start)), \(NumberText.shortest(range.end))\(step))"
        case .closure(let closure): return "<closure \(closure.signature)>"
        case .builtin(let builtin): return "<builtin \(builtin.signature)>"
        case .bound(let receiver, let function):
            let name: String
            switch function {
            case .builtin(let builtin): name = builtin.name
            case .closure(let closure): name = closure.name ?? "closure"
            default: name = function.typeName
            }
            return "<function \(name) bound to a \(receiver.typeName)>"
        case .native(let native): return native.display().plainText
        }
    }

    /// The rich display of the value as a cell result or through `show`: lists of
    /// records become tables; native values display themselves; everything else is text.
    public func displayBundle() -> MimeBundle {
        switch self {
        case .native(let native):
            return native.display()
        case .list(let items):
            if let table = Value.table(of: items) { return table.bundle() }
            return MimeBundle(plain: plainText())
        default:
            return MimeBundle(plain: plainText())
        }
    }

    /// A string as a literal: quoted, with `\n \t \" \\` escaped as the lexer reads them.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A record field's name as written: bare when it is an identifier, quoted otherwise.
    static func fieldName(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, first == "_" || first.isASCIILetter,
            scalars.allSatisfy({ $0 == "_" || $0.isASCIILetter || ("0"..."9").contains($0) })
        else { return quote(name) }
        return name
    }

    static func listText(_ count: Int, element: (Int) -> String) -> String {
        guard count > listDisplayLimit else {
            return "[" + (0..<count).map(element).joined(separator: ", ") + "]"
        }
        let head = (0..<20).map(element)
        let tail = (count - 5..<count).map(element)
        return "[" + (head + ["..."] + tail).joined(separator: ", ") + "] (\(count) items)"
    }

    /// A list of records sharing their keys, as a table; nil when the list is not one.
    /// Columns are the union of the records' fields in first-seen order; a record
    /// missing a field gets an empty cell.
    static func table(of items: [Value]) -> Table? {
        guard !items.isEmpty else { return nil }
        var records: [Record] = []
        for item in items {
            guard case .record(let record) = item, !record.isEmpty else { return nil }
            records.append(record)
        }
        let firstNames = Set(records[0].names)
        // Records that share nothing with the first one are not rows of one table.
        guard records.allSatisfy({ !firstNames.isDisjoint(with: $0.names) }) else { return nil }
        var columns: [String] = []
        var seen = Set<String>()
        for record in records {
            for name in record.names where seen.insert(name).inserted { columns.append(name) }
        }
        let shown = records.prefix(tableRowLimit)
        let rows = shown.map { record in columns.map { record[$0]?.plainText(quoted: false) ?? "" } }
        let footer =
            records.count > shown.count
            ? "... \(records.count - shown.count) more rows (\(records.count) in all)" : nil
        return Table(columns: columns, rows: rows, footer: footer)
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
