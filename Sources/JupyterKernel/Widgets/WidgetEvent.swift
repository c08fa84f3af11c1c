/// What a front end did with a widget that the language should hear about, delivered
/// between cells like a request.
public enum WidgetEvent: Sendable, Equatable {
    /// A button was clicked (`{"method": "custom", "content": {"event": "click"}}`).
    case click(widget: String)
}

/// Why a widget could not be changed.
public enum WidgetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No widget with this id is open (never made, or closed by the front end).
    case unknownWidget(String)
    /// An update tried to turn one kind of widget into another (a button into an image).
    case kindChanged(widget: String, from: String, to: String)

    public var description: String {
        switch self {
        case .unknownWidget(let id): "no widget \(id) is open"
        case .kindChanged(let id, let from, let to): "widget \(id) is a \(from) and cannot become a \(to)"
        }
    }
}
