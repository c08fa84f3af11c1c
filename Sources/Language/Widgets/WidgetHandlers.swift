/// Which code handles the events of which widget, for the session's lifetime: a builtin
/// that makes widgets (`label`) registers a handler for them, and the host's events
/// (clicks between cells) reach it through `Session.handleWidgetEvent`.
final class WidgetHandlers {
    typealias Handler = (WidgetEvent, Host) -> Void

    private var handlers: [WidgetID: Handler] = [:]

    /// Sends the events of each widget in `ids` to `handler` (replacing an earlier one).
    func register(_ ids: [WidgetID], _ handler: @escaping Handler) {
        for id in ids { handlers[id] = handler }
    }

    /// Hands `event` to its widget's handler; false when no handler knows the widget.
    func handle(_ event: WidgetEvent, host: Host) -> Bool {
        let id: WidgetID
        switch event {
        case .click(let widget): id = widget
        }
        guard let handler = handlers[id] else { return false }
        handler(event, host)
        return true
    }
}

extension Session {
    /// Handles what the user did with a widget a builtin made (a `label` button click),
    /// between cells. Output (a note about a widget nobody handles) goes to `host`.
    public func handleWidgetEvent(_ event: WidgetEvent, host: Host) {
        let handlers = services.get(WidgetHandlers.self) { () throws(Never) in WidgetHandlers() }
        if !handlers.handle(event, host: host) {
            host.write(
                "no handler for widget event \(event) (the widget belongs to an earlier kernel session)\n",
                to: .stderr)
        }
    }
}

extension BuiltinCall {
    /// The session's widget handlers, where a builtin registers those of its widgets.
    var widgetHandlers: WidgetHandlers {
        services.get(WidgetHandlers.self) { () throws(Never) in WidgetHandlers() }
    }
}
