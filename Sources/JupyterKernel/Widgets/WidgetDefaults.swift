import JupyterWire

/// The default states of the models the kernel creates, attribute for attribute as
/// `@jupyter-widgets/controls` 2.0.0 and `@jupyter-widgets/base` 2.0.0 define them
/// (jupyter-widgets' packages/schema/jupyterwidgetmodels.v8.md). The kernel sends
/// whole states, as ipywidgets does, so a front end never falls back on defaults of
/// another version.
enum WidgetDefaults {
    /// LayoutModel: every CSS attribute unset.
    static var layout: [String: WidgetValue] {
        let keys = [
            "align_content", "align_items", "align_self", "border_bottom", "border_left", "border_right",
            "border_top", "bottom", "display", "flex", "flex_flow", "grid_area", "grid_auto_columns",
            "grid_auto_flow", "grid_auto_rows", "grid_column", "grid_gap", "grid_row", "grid_template_areas",
            "grid_template_columns", "grid_template_rows", "height", "justify_content", "justify_items",
            "left", "margin", "max_height", "max_width", "min_height", "min_width", "object_fit",
            "object_position", "order", "overflow", "padding", "right", "top", "visibility", "width",
        ]
        var state = WidgetModelName.layout.fields
        for key in keys { state[key] = .json(.null) }
        return state
    }

    /// A style model (`Button`, `Label`, `HTML`) with every attribute at its default.
    static func style(_ kind: String) -> [String: WidgetValue] {
        var state = WidgetModelName.style(kind).fields
        let unset: [String]
        switch kind {
        case "Button":
            unset = [
                "button_color", "font_family", "font_size", "font_style", "font_variant", "font_weight",
                "text_color", "text_decoration",
            ]
        case "Label":
            unset = [
                "background", "font_family", "font_size", "font_style", "font_variant", "font_weight",
                "text_color", "text_decoration",
            ]
            state["description_width"] = .json("")
        default:  // HTML
            unset = ["background", "font_size", "text_color"]
            state["description_width"] = .json("")
        }
        for key in unset { state[key] = .json(.null) }
        return state
    }

    /// What every DOM widget of controls 2.0.0 has: classes, layout, focus and tooltip.
    static func domWidget(_ name: WidgetModelName, layout: String) -> [String: WidgetValue] {
        var state = name.fields
        state["_dom_classes"] = .json([])
        state["layout"] = .json(.string(reference(layout)))
        state["tabbable"] = .json(.null)
        state["tooltip"] = .json(.null)
        return state
    }

    /// How one model names another in its state: `IPY_MODEL_<id>`.
    static func reference(_ id: String) -> String { "IPY_MODEL_" + id }
}
