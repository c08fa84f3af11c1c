/// The `jupyter.widget.control` comm target (control protocol 1.0.0): a front end that
/// connects to a running kernel (a reload, a second window) opens a comm here, sends
/// `request_states`, and gets every widget's state in one `update_states` message
/// instead of asking each model in turn.
final class WidgetControlTarget: CommTarget {
    static let targetName = "jupyter.widget.control"

    let name = WidgetControlTarget.targetName
    private let widgets: WidgetRegistry
    private let log: @Sendable (String) -> Void

    init(widgets: WidgetRegistry, log: @escaping @Sendable (String) -> Void) {
        self.widgets = widgets
        self.log = log
    }

    func open(_ message: CommMessage, publisher: CommPublisher) throws(CommRefusal) {
        // ipywidgets refuses another major version; the front end then falls back to
        // asking each model (comm_info and request_state).
        if let major = message.majorVersion, major != "1" {
            throw CommRefusal(
                reason: "widget control protocol \(message.metadata["version"]?.stringValue ?? "") is not 1.x")
        }
    }

    func receive(_ message: CommMessage, publisher: CommPublisher) -> [WidgetEvent] {
        guard message.data["method"]?.stringValue == "request_states" else {
            log("ignored widget control message with method '\(message.data["method"]?.stringValue ?? "none")'")
            return []
        }
        let wire = WireState(widgets.allStates())
        publisher.send(
            message.commID,
            data: [
                "method": "update_states", "states": .object(wire.json),
                "buffer_paths": wire.bufferPathsJSON,
            ], buffers: wire.buffers)
        return []
    }

    func close(_ message: CommMessage) {}
}
