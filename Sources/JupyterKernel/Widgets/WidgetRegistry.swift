import Foundation
import JupyterWire
import Synchronization

/// The kernel's widget models and the `jupyter.widget` comm target (widget protocol
/// 2.1.0): one comm per model, whose id is the model id. Models the language creates
/// (`ControlWidget`s, each with its layout and style models) and models a front end
/// opens are kept alike, with their whole state, so a front end that reloads gets
/// every state back (`request_state`, or `request_states` on `jupyter.widget.control`).
final class WidgetRegistry: CommTarget {
    /// The protocol version sent with every `comm_open`.
    static let protocolVersion = "2.1.0"
    static let targetName = "jupyter.widget"

    struct Model: Sendable {
        var name: WidgetModelName
        var state: [String: WidgetValue]
        /// What the language made it as, with the ids of its layout and style models;
        /// nil for models a front end opened, and for layouts and styles.
        var control: (widget: ControlWidget, layout: String, style: String?)?
    }

    private let models = Mutex<[String: Model]>([:])
    private let log: @Sendable (String) -> Void

    init(log: @escaping @Sendable (String) -> Void) {
        self.log = log
    }

    let name = WidgetRegistry.targetName

    // MARK: - Widgets the language makes

    /// Opens the models of `widget` (its layout, its style, then itself, so every
    /// reference is to a model the front end has already) and returns its id.
    func create(_ widget: ControlWidget, publisher: CommPublisher) -> String {
        let layout = openModel(.layout, state: WidgetDefaults.layout, control: nil, publisher: publisher)
        let style = widget.styleKind.map { kind in
            openModel(.style(kind), state: WidgetDefaults.style(kind), control: nil, publisher: publisher)
        }
        return openModel(
            widget.modelName, state: widget.state(layout: layout, style: style),
            control: (widget, layout, style), publisher: publisher)
    }

    /// Makes widget `id` show `widget` instead: sends an `update` with the attributes
    /// that changed (none: nothing is sent).
    func update(_ id: String, to widget: ControlWidget, publisher: CommPublisher) throws(WidgetError) {
        let changed = try models.withLock { models throws(WidgetError) -> [String: WidgetValue] in
            guard var model = models[id], let control = model.control else { throw .unknownWidget(id) }
            guard widget.modelName == model.name else {
                throw .kindChanged(widget: id, from: model.name.model, to: widget.modelName.model)
            }
            let state = widget.state(layout: control.layout, style: control.style)
            let changed = state.filter { model.state[$0.key] != $0.value }
            model.state.merge(state) { _, new in new }
            model.control = (widget, control.layout, control.style)
            models[id] = model
            return changed
        }
        guard !changed.isEmpty else { return }
        sendState(id, method: "update", state: changed, publisher: publisher)
    }

    /// Whether a model `id` is open.
    func contains(_ id: String) -> Bool {
        models.withLock { $0[id] != nil }
    }

    /// The model `id` as it is now (tests read states through it).
    func model(_ id: String) -> Model? {
        models.withLock { $0[id] }
    }

    /// Every model's name and whole state, for `update_states`: `{id: {model_name,
    /// model_module, model_module_version, state}}`.
    func allStates() -> [String: WidgetValue] {
        models.withLock { models in
            models.mapValues { model in
                .object([
                    "model_name": .json(.string(model.name.model)),
                    "model_module": .json(.string(model.name.module)),
                    "model_module_version": .json(.string(model.name.moduleVersion)),
                    "state": .object(model.state),
                ])
            }
        }
    }

    // MARK: - CommTarget

    /// A front end created a model (its state names the model): kept like the kernel's own.
    func open(_ message: CommMessage, publisher: CommPublisher) throws(CommRefusal) {
        if let major = message.majorVersion, major != "2" {
            throw CommRefusal(reason: "widget protocol \(message.metadata["version"]?.stringValue ?? "") is not 2.x")
        }
        let stateJSON = message.data["state"]?.objectValue ?? [:]
        let wire = WireState(
            json: stateJSON, bufferPaths: Self.paths(message.data["buffer_paths"]),
            buffers: message.buffers)
        let state = wire.joined()
        guard case .json(.string(let modelName))? = state["_model_name"] else {
            throw CommRefusal(reason: "the state names no _model_name")
        }
        func text(_ key: String) -> String { if case .json(.string(let value))? = state[key] { value } else { "" } }
        let name = WidgetModelName(
            model: modelName, module: text("_model_module"),
            moduleVersion: text("_model_module_version"),
            view: text("_view_name").isEmpty ? nil : text("_view_name"),
            viewModule: text("_view_module"), viewModuleVersion: text("_view_module_version"))
        models.withLock { $0[message.commID] = Model(name: name, state: state, control: nil) }
    }

    func receive(_ message: CommMessage, publisher: CommPublisher) -> [WidgetEvent] {
        let id = message.commID
        switch message.data["method"]?.stringValue {
        case "update":
            let wire = WireState(
                json: message.data["state"]?.objectValue ?? [:],
                bufferPaths: Self.paths(message.data["buffer_paths"]), buffers: message.buffers)
            let changes = wire.joined()
            let known = models.withLock { models -> Bool in
                guard var model = models[id] else { return false }
                model.state.merge(changes) { _, new in new }
                models[id] = model
                return true
            }
            guard known else {
                log("ignored an update for widget \(id), which the kernel does not hold")
                return []
            }
            // Protocol 2.1: echo what a front end set, so every other front end shows it too.
            if !changes.isEmpty { sendState(id, method: "echo_update", state: changes, publisher: publisher) }
            return []
        case "request_state":
            guard let state = model(id)?.state else {
                log("ignored request_state for widget \(id), which the kernel does not hold")
                return []
            }
            sendState(id, method: "update", state: state, publisher: publisher)
            return []
        case "custom":
            let event = message.data["content"]?["event"]?.stringValue
            if event == "click", model(id)?.name.model == "ButtonModel" { return [.click(widget: id)] }
            log("ignored a custom widget message (\(event ?? "no event")) for widget \(id)")
            return []
        case let method:
            log("ignored widget message with method '\(method ?? "none")' for widget \(id)")
            return []
        }
    }

    func close(_ message: CommMessage) {
        models.withLock { _ = $0.removeValue(forKey: message.commID) }
    }

    // MARK: - Wire

    private func openModel(
        _ name: WidgetModelName, state: [String: WidgetValue],
        control: (widget: ControlWidget, layout: String, style: String?)?,
        publisher: CommPublisher
    ) -> String {
        let id = Self.newID()
        models.withLock { $0[id] = Model(name: name, state: state, control: control) }
        let wire = WireState(state)
        publisher.open(
            id, target: Self.targetName,
            data: ["state": .object(wire.json), "buffer_paths": wire.bufferPathsJSON],
            metadata: ["version": .string(Self.protocolVersion)], buffers: wire.buffers)
        return id
    }

    private func sendState(_ id: String, method: String, state: [String: WidgetValue], publisher: CommPublisher) {
        let wire = WireState(state)
        publisher.send(
            id,
            data: [
                "method": .string(method), "state": .object(wire.json),
                "buffer_paths": wire.bufferPathsJSON,
            ], buffers: wire.buffers)
    }

    /// `buffer_paths` as a list of paths; anything malformed is read as no paths.
    static func paths(_ value: JSONValue?) -> [[JSONValue]] {
        value?.arrayValue?.compactMap(\.arrayValue) ?? []
    }

    /// A model id as ipywidgets makes them: 32 lowercase hex characters of a random UUID.
    static func newID() -> String {
        UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}
