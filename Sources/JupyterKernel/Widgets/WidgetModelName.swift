import JupyterWire

/// Which front-end classes hold and draw a widget model: the `_model_*` and `_view_*`
/// fields every widget state starts with (widget protocol 2, "Widget state").
struct WidgetModelName: Sendable, Equatable {
    var model: String
    var module: String
    var moduleVersion: String
    /// nil for models that are never displayed on their own.
    var view: String?
    var viewModule: String
    var viewModuleVersion: String

    /// `@jupyter-widgets/controls` 2.0.0, the module ipywidgets 8 and jupyterlab_widgets 3 speak.
    static let controls = "@jupyter-widgets/controls"
    /// `@jupyter-widgets/base` 2.0.0: layouts and the style view.
    static let base = "@jupyter-widgets/base"
    static let moduleVersion = "2.0.0"

    /// A model of `@jupyter-widgets/controls` with its view of the same module.
    static func control(_ name: String) -> WidgetModelName {
        WidgetModelName(
            model: name + "Model", module: controls, moduleVersion: moduleVersion, view: name + "View",
            viewModule: controls, viewModuleVersion: moduleVersion)
    }

    /// A style model of `@jupyter-widgets/controls`, drawn by base's `StyleView`.
    static func style(_ name: String) -> WidgetModelName {
        WidgetModelName(
            model: name + "StyleModel", module: controls, moduleVersion: moduleVersion, view: "StyleView",
            viewModule: base, viewModuleVersion: moduleVersion)
    }

    static let layout = WidgetModelName(
        model: "LayoutModel", module: base, moduleVersion: moduleVersion,
        view: "LayoutView", viewModule: base, viewModuleVersion: moduleVersion)

    /// The identity fields, as they open every state.
    var fields: [String: WidgetValue] {
        [
            "_model_name": .json(.string(model)), "_model_module": .json(.string(module)),
            "_model_module_version": .json(.string(moduleVersion)),
            "_view_name": .json(view.map(JSONValue.string) ?? .null),
            "_view_module": .json(.string(viewModule)), "_view_module_version": .json(.string(viewModuleVersion)),
        ]
    }
}
