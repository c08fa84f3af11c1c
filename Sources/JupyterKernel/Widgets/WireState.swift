import Foundation
import JupyterWire

/// A widget state (attribute name to value) split for the wire, and joined again.
struct WireState: Sendable, Equatable {
    /// The state with every binary value taken out: removed from objects, `null` in arrays.
    var json: [String: JSONValue]
    /// Where each buffer was, as `["value"]` or `["y", "z", 0]`.
    var bufferPaths: [[JSONValue]]
    var buffers: [Data]

    /// Splits `state` as ipywidgets' `_remove_buffers` does.
    init(_ state: [String: WidgetValue]) {
        var paths: [[JSONValue]] = []
        var buffers: [Data] = []
        var json: [String: JSONValue] = [:]
        // Sorted, so the buffers' order (and so the message) is the same for equal states.
        for (key, value) in state.sorted(by: { $0.key < $1.key }) {
            if let separated = Self.separate(value, path: [.string(key)], paths: &paths, buffers: &buffers) {
                json[key] = separated
            }
        }
        self.json = json
        bufferPaths = paths
        self.buffers = buffers
    }

    init(json: [String: JSONValue], bufferPaths: [[JSONValue]], buffers: [Data]) {
        self.json = json
        self.bufferPaths = bufferPaths
        self.buffers = buffers
    }

    /// `buffer_paths` as JSON.
    var bufferPathsJSON: JSONValue { .array(bufferPaths.map(JSONValue.array)) }

    /// The state with each buffer put back at its path (ipywidgets' `_put_buffers`).
    /// A path that leads nowhere (into a number, past an array's end) is dropped: a
    /// front end's mistake must not stop the kernel.
    func joined() -> [String: WidgetValue] {
        var state = json.mapValues(WidgetValue.json)
        for (path, buffer) in zip(bufferPaths, buffers) {
            guard case .string(let key)? = path.first else { continue }
            let root = state[key] ?? .json(.null)
            if let placed = root.placing(buffer, at: path.dropFirst()) { state[key] = placed }
        }
        return state
    }

    /// The JSON of `value` with its binary parts moved into `buffers`; nil when the
    /// whole value is binary (so its key is left out of the object that holds it).
    private static func separate(
        _ value: WidgetValue, path: [JSONValue], paths: inout [[JSONValue]],
        buffers: inout [Data]
    ) -> JSONValue? {
        switch value {
        case .json(let json):
            return json
        case .bytes(let data):
            paths.append(path)
            buffers.append(data)
            return nil
        case .object(let fields):
            var json: [String: JSONValue] = [:]
            for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
                if let member = separate(field, path: path + [.string(key)], paths: &paths, buffers: &buffers) {
                    json[key] = member
                }
            }
            return .object(json)
        case .array(let items):
            return .array(
                items.enumerated().map { index, item in
                    separate(item, path: path + [.number(Double(index))], paths: &paths, buffers: &buffers) ?? .null
                })
        }
    }
}
