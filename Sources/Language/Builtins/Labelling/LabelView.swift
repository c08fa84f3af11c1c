import Data
import Render

/// The widgets of a labelling session and what each shows for a given state: pure
/// functions of the state, so the controller only decides the state.
///
/// ```
/// pets: item 3 of 10                      header (HTML)
/// [ the image, text or row ]              stage (a column holding the item, or the end note)
/// label: cat                              the current item's label (text)
/// [cat] [dog] [bird]                      one button per class (the current label highlighted)
/// [back] [skip]
/// 4 of 10 labelled                        progress (text)
/// saved 'cat' (version 7)                 status (text)
/// ```
struct LabelView {
    /// What the view shows.
    struct State {
        var name: String
        var classes: [String]
        /// The item shown, or `count` at the end.
        var position: Int
        var count: Int
        var labelled: Int
        /// The shown item's label, if it has one.
        var currentLabel: String?
        var status: String
        /// A newer `label` of the same name took over: every button is off.
        var superseded: Bool

        var atEnd: Bool { position >= count }
    }

    var header: WidgetID
    var stage: WidgetID
    var item: WidgetID
    var end: WidgetID
    var current: WidgetID
    var classButtons: [WidgetID]
    var back: WidgetID
    var skip: WidgetID
    var progress: WidgetID
    var status: WidgetID
    var root: WidgetID

    /// Makes every widget for `state`, showing `item` (the shown item's widget).
    static func make(_ state: State, item: Widget, host: any WidgetHost) throws(WidgetFailure) -> LabelView {
        let header = try host.create(Self.header(state))
        let itemWidget = try host.create(item)
        let end = try host.create(Self.endNote(state))
        let stage = try host.create(.column([state.atEnd ? end : itemWidget]))
        let current = try host.create(Self.current(state))
        var classButtons: [WidgetID] = []
        for index in state.classes.indices { classButtons.append(try host.create(Self.classButton(index, state))) }
        let back = try host.create(Self.back(state))
        let skip = try host.create(Self.skip(state))
        let progress = try host.create(Self.progress(state))
        let status = try host.create(.text(state.status))
        let buttons = try host.create(.row(classButtons))
        let navigation = try host.create(.row([back, skip]))
        let root = try host.create(.column([header, stage, current, buttons, navigation, progress, status]))
        return LabelView(
            header: header, stage: stage, item: itemWidget, end: end, current: current,
            classButtons: classButtons, back: back, skip: skip, progress: progress, status: status,
            root: root)
    }

    /// Brings every widget up to `state`; `item` is the shown item's widget when the
    /// item changed (nil: keep it). Unchanged widgets send nothing (the kernel diffs).
    func show(_ state: State, item: Widget?, host: any WidgetHost) throws(WidgetFailure) {
        try host.update(header, to: Self.header(state))
        if let item, !state.atEnd { try host.update(self.item, to: item) }
        try host.update(end, to: Self.endNote(state))
        try host.update(stage, to: .column([state.atEnd ? end : self.item]))
        try host.update(current, to: Self.current(state))
        for (index, button) in classButtons.enumerated() { try host.update(button, to: Self.classButton(index, state)) }
        try host.update(back, to: Self.back(state))
        try host.update(skip, to: Self.skip(state))
        try host.update(progress, to: Self.progress(state))
        try host.update(status, to: .text(state.status))
    }

    /// Every button's id, for the handler.
    var buttons: [WidgetID] { classButtons + [back, skip] }

    // MARK: - Each widget for a state

    static func header(_ state: State) -> Widget {
        let name = "<b>" + Table.escapeHTML(state.name) + "</b>"
        if state.atEnd { return .html(name + ": end of the items") }
        return .html(name + ": item \(state.position + 1) of \(state.count)")
    }

    static func endNote(_ state: State) -> Widget {
        if state.labelled == state.count { return .html("<p>All \(state.count) items are labelled.</p>") }
        return .html(
            "<p>End of the items: \(state.count - state.labelled) still without a label. "
                + "<b>back</b> goes to them, or run <code>label</code> again to start at the first.</p>")
    }

    static func current(_ state: State) -> Widget {
        guard !state.atEnd else { return .text(" ") }
        return .text(state.currentLabel.map { "label: \($0)" } ?? "no label yet")
    }

    static func classButton(_ index: Int, _ state: State) -> Widget {
        let name = state.classes[index]
        return .button(
            name, style: state.currentLabel == name ? .success : .plain,
            disabled: state.atEnd || state.superseded, tooltip: "label this item '\(name)'")
    }

    static func back(_ state: State) -> Widget {
        .button("back", disabled: state.position == 0 || state.superseded, tooltip: "show the previous item")
    }

    static func skip(_ state: State) -> Widget {
        .button(
            "skip", disabled: state.atEnd || state.superseded, tooltip: "show the next item without labelling this one")
    }

    static func progress(_ state: State) -> Widget {
        .text("\(state.labelled) of \(state.count) labelled")
    }

    /// How an item looks: an image, a text, or a row as a two-column table.
    static func item(_ index: Int, of items: LabelItems, range: (low: Float, high: Float)) -> Widget {
        switch items.schema.presentation {
        case .image:
            let shape = items.schema.sampleShape ?? [1, 1, items.schema.columns.count]
            // LabelItems gives every image its shape's number of values, so encoding
            // cannot fail; an empty image would stand in if it did.
            let png = try? ImagePNG.encode(
                pixels: items.pixels(at: index), channels: shape[0], height: shape[1],
                width: shape[2], low: range.low, high: range.high)
            return .image(png: png ?? [])
        case .text:
            return .html(
                "<div style=\"white-space: pre-wrap; max-width: 60em\">"
                    + Table.escapeHTML(items.text(at: index)) + "</div>")
        case .row:
            let cells = items.cells(at: index)
            let rows = cells.prefix(Self.rowCellsShown).map { cell in [cell.name, Self.text(cell.value)] }
            let footer = cells.count > Self.rowCellsShown ? "... \(cells.count - Self.rowCellsShown) more columns" : nil
            return .html(Table(columns: ["column", "value"], rows: Array(rows), footer: footer).html())
        }
    }

    /// A row's columns shown at most.
    static let rowCellsShown = 60

    private static func text(_ cell: CellValue) -> String {
        DatasetValue.value(of: cell).plainText(quoted: false)
    }
}
