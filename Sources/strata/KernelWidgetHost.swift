import Foundation
import JupyterKernel
import Language

/// The language's widgets as Jupyter widgets: each `Language.Widget` becomes the
/// kernel's `ControlWidget` (a `@jupyter-widgets/controls` model), shown in the output
/// of the request that runs (a cell, or a widget event).
struct KernelWidgetHost: WidgetHost {
    let session: WidgetSession
    let output: any OutputSink

    func create(_ widget: Language.Widget) throws(WidgetFailure) -> WidgetID {
        WidgetID(session.create(Self.control(widget)))
    }

    func update(_ id: WidgetID, to widget: Language.Widget) throws(WidgetFailure) {
        do throws(WidgetError) {
            try session.update(id.raw, to: Self.control(widget))
        } catch {
            throw Self.failure(error)
        }
    }

    func show(_ id: WidgetID, text: String) throws(WidgetFailure) {
        do throws(WidgetError) {
            output.display(try session.view(of: id.raw, text: text), displayID: nil)
        } catch {
            throw Self.failure(error)
        }
    }

    static func control(_ widget: Language.Widget) -> ControlWidget {
        switch widget {
        case .button(let label, let style, let disabled, let tooltip):
            return .button(label: label, style: buttonStyle(style), disabled: disabled, tooltip: tooltip)
        case .text(let text): return .label(text)
        case .html(let html): return .html(html)
        case .image(let png): return .image(Data(png), format: "png")
        case .row(let children): return .row(children.map(\.raw))
        case .column(let children): return .column(children.map(\.raw))
        }
    }

    private static func buttonStyle(_ style: Language.Widget.ButtonStyle) -> ControlWidget.ButtonStyle {
        switch style {
        case .plain: .plain
        case .primary: .primary
        case .success: .success
        case .info: .info
        case .warning: .warning
        case .danger: .danger
        }
    }

    private static func failure(_ error: WidgetError) -> WidgetFailure {
        switch error {
        case .unknownWidget(let id): .unknownWidget(WidgetID(id))
        case .kindChanged: .refused(error.description)
        }
    }
}
