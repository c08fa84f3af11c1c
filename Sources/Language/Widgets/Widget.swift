/// A widget a program asks its front end to show, described without naming any front
/// end's protocol: the kernel turns it into Jupyter widget models.
public enum Widget: Sendable, Equatable {
    /// A push button; its clicks come back as `WidgetEvent.click`.
    case button(String, style: ButtonStyle = .plain, disabled: Bool = false, tooltip: String? = nil)
    /// One line of plain text.
    case text(String)
    /// A piece of HTML.
    case html(String)
    /// A PNG image.
    case image(png: [UInt8])
    /// Widgets side by side.
    case row([WidgetID])
    /// Widgets one above the other.
    case column([WidgetID])

    /// How a button looks: plain, or one of the emphasised styles.
    public enum ButtonStyle: Sendable, Equatable, CaseIterable {
        case plain, primary, success, info, warning, danger
    }
}

/// A widget's id, given by the host that created it.
public struct WidgetID: Hashable, Sendable, CustomStringConvertible {
    public let raw: String

    public init(_ raw: String) {
        self.raw = raw
    }

    public var description: String { raw }
}
