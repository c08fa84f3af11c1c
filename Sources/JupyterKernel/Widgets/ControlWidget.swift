import Foundation
import JupyterWire

/// A widget the kernel can show for a language: the `@jupyter-widgets/controls` 2.0.0
/// models a small UI needs (a labelling tool: buttons, text, an image, rows and
/// columns of them). The language describes what to show; the kernel keeps the
/// models, their layouts and styles, and the protocol.
public enum ControlWidget: Sendable, Equatable {
    /// A push button; its clicks come back as `WidgetEvent.click`.
    case button(label: String, style: ButtonStyle = .plain, disabled: Bool = false, tooltip: String? = nil)
    /// One line of plain text.
    case label(String)
    /// A piece of HTML.
    case html(String)
    /// An image's encoded bytes (`format` `png`, `jpeg`...); `width` and `height` in
    /// pixels as text, empty for the image's own size.
    case image(Data, format: String = "png", width: String = "", height: String = "")
    /// Widgets side by side, by id.
    case row([String])
    /// Widgets one above the other, by id.
    case column([String])

    /// The predefined looks of a button (`button_style`).
    public enum ButtonStyle: String, Sendable, CaseIterable {
        case plain = "", primary, success, info, warning, danger
    }

    /// The model that holds this widget.
    var modelName: WidgetModelName {
        switch self {
        case .button: .control("Button")
        case .label: .control("Label")
        case .html: .control("HTML")
        case .image: .control("Image")
        case .row: .control("HBox")
        case .column: .control("VBox")
        }
    }

    /// The style model's kind (`Button` for `ButtonStyleModel`), or nil for widgets
    /// without one.
    var styleKind: String? {
        switch self {
        case .button: "Button"
        case .label: "Label"
        case .html: "HTML"
        case .image, .row, .column: nil
        }
    }

    /// The whole state of the widget's model, given the ids of its layout and style models.
    func state(layout: String, style: String?) -> [String: WidgetValue] {
        var state = WidgetDefaults.domWidget(modelName, layout: layout)
        if let style { state["style"] = .json(.string(WidgetDefaults.reference(style))) }
        switch self {
        case .button(let label, let buttonStyle, let disabled, let tooltip):
            state["button_style"] = .json(.string(buttonStyle.rawValue))
            state["description"] = .json(.string(label))
            state["disabled"] = .json(.bool(disabled))
            state["icon"] = .json("")
            state["tooltip"] = .json(tooltip.map(JSONValue.string) ?? .null)
        case .label(let text), .html(let text):
            state["description"] = .json("")
            state["description_allow_html"] = .json(false)
            state["placeholder"] = .json("\u{200B}")
            state["value"] = .json(.string(text))
        case .image(let bytes, let format, let width, let height):
            state["format"] = .json(.string(format))
            state["height"] = .json(.string(height))
            state["width"] = .json(.string(width))
            state["value"] = .bytes(bytes)
        case .row(let children), .column(let children):
            state["box_style"] = .json("")
            state["children"] = .json(.array(children.map { .string(WidgetDefaults.reference($0)) }))
        }
        return state
    }
}
