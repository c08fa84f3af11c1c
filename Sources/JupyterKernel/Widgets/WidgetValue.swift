import Foundation
import JupyterWire

/// A widget attribute's value: JSON that may hold binary data anywhere (an image's
/// bytes, an array's buffer), as widget protocol 2 allows. On the wire the binary parts
/// travel as message buffers, each named by its path in the state (`buffer_paths`).
indirect enum WidgetValue: Sendable, Equatable {
    /// Plain JSON, no binary data inside.
    case json(JSONValue)
    case bytes(Data)
    case object([String: WidgetValue])
    case array([WidgetValue])
}

extension WidgetValue {
    /// This value with `data` at `path` below it, or nil when the path does not fit.
    func placing(_ data: Data, at path: ArraySlice<JSONValue>) -> WidgetValue? {
        guard let step = path.first else { return .bytes(data) }
        let rest = path.dropFirst()
        switch (self, step) {
        case (.json(.object(let fields)), .string):
            return WidgetValue.object(fields.mapValues(WidgetValue.json)).placing(data, at: path)
        case (.json(.array(let items)), .number):
            return WidgetValue.array(items.map(WidgetValue.json)).placing(data, at: path)
        case (.object(var fields), .string(let key)):
            guard let placed = (fields[key] ?? .json(.null)).placing(data, at: rest) else { return nil }
            fields[key] = placed
            return .object(fields)
        case (.array(var items), .number(let number)):
            let index = Int(number)
            guard Double(index) == number, items.indices.contains(index),
                let placed = items[index].placing(data, at: rest)
            else { return nil }
            items[index] = placed
            return .array(items)
        default:
            return nil
        }
    }
}
