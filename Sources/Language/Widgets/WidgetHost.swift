/// What the user did with a widget, handed to the session between cells.
public enum WidgetEvent: Sendable, Equatable {
    case click(WidgetID)
}

/// Why a widget could not be made, shown or changed.
public enum WidgetFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The program runs where nothing can show widgets: why, in the user's terms.
    case unavailable(String)
    /// The host has no widget with this id (the front end closed it).
    case unknownWidget(WidgetID)
    /// The host refused the change, for the reason given.
    case refused(String)

    public var description: String {
        switch self {
        case .unavailable(let reason): reason
        case .unknownWidget(let id): "the widget \(id) is no longer open"
        case .refused(let reason): reason
        }
    }
}

/// The widgets of the front end a program runs in: a notebook's, through the kernel.
/// `label` builds its UI with them; `Host.widgets()` hands them out.
public protocol WidgetHost {
    /// Makes a widget (not shown yet) and returns its id.
    func create(_ widget: Widget) throws(WidgetFailure) -> WidgetID
    /// Makes widget `id` show `widget` instead (the same kind of widget).
    func update(_ id: WidgetID, to widget: Widget) throws(WidgetFailure)
    /// Shows widget `id` in the cell's output; `text` stands in for it where widgets
    /// cannot be drawn (a static copy of the notebook).
    func show(_ id: WidgetID, text: String) throws(WidgetFailure)
}
