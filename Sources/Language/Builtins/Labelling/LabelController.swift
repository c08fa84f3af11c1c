import Data
import Foundation
import Store

/// One `label` widget at work: which item it shows, the labels as stored, and what
/// each button does. Every class click is saved in the store (a new version of the
/// labels dataset) before the widget moves on, so a crash loses no label.
///
/// Lives for the session; clicks arrive between cells through the session's widget
/// handlers.
final class LabelController {
    let name: String
    let classes: [String]
    private let items: LabelItems
    private let itemIDs: [ObjectID?]
    private let schema: Data
    private let store: Store
    private let pixelRange: (low: Float, high: Float)
    private var labels: LabelSet
    private var position: Int
    private var status: String
    private var superseded = false
    private var view: LabelView?

    init(name: String, classes: [String], items: LabelItems, store: Store, labels: LabelSet) {
        self.name = name
        self.classes = classes
        self.items = items
        itemIDs = items.ids.map(ObjectID.init(hex:))
        schema = Data(items.schema.encoded())
        self.store = store
        self.labels = labels
        pixelRange = items.schema.presentation == .image ? items.pixelRange() : (0, 1)
        position = 0  // set before the first method call; the real start is below
        let labelled = itemIDs.filter { $0.flatMap(labels.label(of:)) != nil }.count
        status =
            labelled == 0
            ? "click a class to label the item"
            : "resumed: \(labelled) of \(items.count) items already have a label"
        position = nextUnlabelled(from: 0)
    }

    /// Makes the widget, shows it, and returns the ids of its buttons.
    func start(host: any WidgetHost) throws(WidgetFailure) -> [WidgetID] {
        let view = try LabelView.make(state, item: itemWidget(), host: host)
        self.view = view
        try host.show(
            view.root,
            text: "label '\(name)': \(labelledCount) of \(items.count) labelled "
                + "(a widget: open the notebook in JupyterLab with jupyterlab_widgets to label)")
        return view.buttons
    }

    /// What a click does: a class labels the item and moves to the next one without a
    /// label; back and skip move. The widget then shows the new state.
    func handle(_ event: WidgetEvent, host: Host) {
        guard let view, !superseded else { return }
        let shownBefore = position
        switch event {
        case .click(let button) where button == view.back:
            position = max(0, position - 1)
            status = " "
        case .click(let button) where button == view.skip:
            position = min(items.count, position + 1)
            status = " "
        case .click(let button):
            guard let index = view.classButtons.firstIndex(of: button), position < items.count else { return }
            save(classes[index])
        }
        refresh(host: host, itemChanged: position != shownBefore)
    }

    /// A newer `label` of the same name took over: this widget's buttons go off, so two
    /// widgets never label one dataset at once in a session.
    func supersede(host: Host) {
        superseded = true
        status = "a newer label(...) of '\(name)' took over: use that one"
        refresh(host: host, itemChanged: false)
    }

    // MARK: - Steps

    private func save(_ label: String) {
        do throws(StoreError) {
            labels = try store.saveLabel(
                label, item: Data(items.bytes(at: position)), schema: schema,
                classes: classes, to: labels)
            status =
                "saved '\(label)' for item \(position + 1) (labels version \(labels.revision), "
                + "\(labels.head?.short ?? "?"))"
            position = nextUnlabelled(from: position + 1)
        } catch {
            status = "could not save the label: \(error.description)"
        }
    }

    private func refresh(host: Host, itemChanged: Bool) {
        guard let view else { return }
        do throws(WidgetFailure) {
            let widgets = try host.widgets()
            try view.show(state, item: itemChanged ? itemWidget() : nil, host: widgets)
        } catch {
            host.write("label '\(name)': the widget could not be updated: \(error.description)\n", to: .stderr)
        }
    }

    /// The first item without a label at or after `start`, wrapping round to the
    /// beginning (so skipped items come back); the end when every item has one.
    private func nextUnlabelled(from start: Int) -> Int {
        let count = items.count
        for offset in 0..<count {
            let index = (start + offset) % count
            if !isLabelled(index) { return index }
        }
        return count
    }

    private func isLabelled(_ index: Int) -> Bool {
        itemIDs[index].flatMap(labels.label(of:)) != nil
    }

    private var labelledCount: Int {
        items.ids.indices.filter(isLabelled).count
    }

    private var state: LabelView.State {
        LabelView.State(
            name: name, classes: classes, position: position, count: items.count,
            labelled: labelledCount,
            currentLabel: position < items.count ? itemIDs[position].flatMap(labels.label(of:)) : nil,
            status: status, superseded: superseded)
    }

    private func itemWidget() -> Widget {
        LabelView.item(min(position, items.count - 1), of: items, range: pixelRange)
    }
}
