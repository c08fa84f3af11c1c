import JupyterWire

/// The widgets one request may create and change: a cell, or a widget event handled
/// between cells. The comm messages it causes go out with that request as parent.
public struct WidgetSession: Sendable {
    let registry: WidgetRegistry
    let publisher: CommPublisher

    /// Opens a widget in the front ends (its models' `comm_open`s) and returns its id.
    public func create(_ widget: ControlWidget) -> String {
        registry.create(widget, publisher: publisher)
    }

    /// Makes widget `id` show `widget`, sending the attributes that changed.
    /// - Throws: `.unknownWidget`, or `.kindChanged` when `widget` is another kind.
    public func update(_ id: String, to widget: ControlWidget) throws(WidgetError) {
        try registry.update(id, to: widget, publisher: publisher)
    }

    /// The display of widget `id`: its view (`application/vnd.jupyter.widget-view+json`,
    /// protocol 2.1) and `text` for front ends without widgets (nbconvert, a terminal).
    public func view(of id: String, text: String) throws(WidgetError) -> DisplayBundle {
        guard registry.contains(id) else { throw .unknownWidget(id) }
        return DisplayBundle(data: [
            "application/vnd.jupyter.widget-view+json": [
                "model_id": .string(id), "version_major": 2, "version_minor": 1,
            ],
            "text/plain": .string(text),
        ])
    }
}
