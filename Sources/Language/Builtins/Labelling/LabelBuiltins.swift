import Data
import Foundation
import Store

/// Labelling data in the notebook: `label` shows items one at a time with a button per
/// class and saves every click in the store; `labels` reads them back as a dataset.
enum LabelBuiltins {
    static var all: [Builtin] { [label, labels] }

    static var label: Builtin {
        Builtin(
            "label",
            parameters: [
                .positional("items"), .requiredLabel("classes", placeholder: "[...]"),
                .labelled("name", default: .string("labels"), shown: "\"labels\""),
            ],
            summary: "A labelling widget: shows one item at a time with a button per class, and saves every click.",
            details: """
                items: a dataset (images, e.g. from load_images, show as images; a dataset whose one column is text \
                shows its texts; any other shows each row as a table) or a list of strings (texts). The items' own \
                target, if any, is neither shown nor kept: the labels take its place. classes: the class names, one \
                button each. Besides them, back shows the previous item and skip the next one without labelling it; \
                the widget shows how many items have a label ("4 of 10 labelled").
                Every click on a class is saved in the store at once, as a new version of the labels dataset `name` \
                (datasets() lists them), so a crash or a restart loses no label; the widget then shows the next item \
                without one. Each item is known by the SHA-256 of its content, so calling label again with the same \
                name (after a restart too, or with the items in another order) starts at the first item without a \
                label, and an item relabelled keeps only its newest label. labels(name) gives the labelled items as \
                a dataset for split and fit.
                Needs a notebook with widgets (JupyterLab with jupyterlab_widgets) and a local store; `strata run` \
                cannot show it. Clicks are handled between cells, never while a cell runs.
                """
        ) { call throws(RuntimeError) in
            let items = try labelItems(call)
            let classes = try classNames(call)
            let name = try labelsName(call)
            let store = try call.localStore(for: "label")
            let widgets: any WidgetHost
            do throws(WidgetFailure) {
                widgets = try call.host.widgets()
            } catch {
                throw call.failure("\(error.description); labels given elsewhere are read with labels(\"\(name)\")")
            }
            let stored = try reading(call) { () throws(StoreError) in try store.labelSet(named: name) }
            let controller = LabelController(name: name, classes: classes, items: items, store: store, labels: stored)
            let sessions = call.services.get(LabelSessions.self) { () throws(Never) in LabelSessions() }
            sessions.replace(with: controller)?.supersede(host: call.host)
            do throws(WidgetFailure) {
                let buttons = try controller.start(host: widgets)
                call.widgetHandlers.register(buttons) { event, host in controller.handle(event, host: host) }
            } catch {
                throw call.failure("the widget could not be shown: \(error.description)")
            }
            return .nil
        }
    }

    static var labels: Builtin {
        Builtin(
            "labels", parameters: [.optional("name")],
            summary: "The items labelled with label(..., name:) and their labels, as a dataset for split and fit.",
            details: """
                name: the labels' name, "labels" when not given (label's default). One row per labelled item, in the \
                order the items were first labelled, with the item's columns as label had them (an image's pixels, \
                with its image shape; a text; a row's values) and the target `label`, a classification over the \
                classes offered (sorted). An item relabelled has its newest label. Read from the store alone: it \
                works after a restart, and without the data label was given.
                """
        ) { call throws(RuntimeError) in
            let name = try labelsName(call)
            let store = try call.localStore(for: "labels")
            let set = try reading(call) { () throws(StoreError) in try store.labelSet(named: name) }
            guard let schemaID = set.schema, let head = set.head, set.count > 0 else {
                let known = try reading(call) { () throws(StoreError) in try store.labelSetNames() }
                var message = "no labels named '\(name)' in the store"
                if let suggestion = Suggestion.closest(to: name, among: known) {
                    message += " (did you mean '\(suggestion)'?)"
                } else if !known.isEmpty {
                    message += " (it has \(known.map { "'\($0)'" }.joined(separator: ", ")))"
                }
                throw call.invalid("name", message)
            }
            let (schemaBytes, items) = try reading(call) { () throws(StoreError) in
                (
                    try store.object(schemaID),
                    try set.entries.map { entry throws(StoreError) in [UInt8](try store.object(entry.item)) }
                )
            }
            let lineage = Lineage(
                operation: "labels", parameters: ["name": name, "revision": String(set.revision)],
                parents: [head.hex])
            do throws(LabelItemError) {
                let schema = try LabelSchema.decode([UInt8](schemaBytes))
                return .native(
                    DatasetValue(
                        try LabelledDataset.make(
                            schema: schema, items: items,
                            labels: set.entries.map(\.label),
                            classes: set.classes, name: name, lineage: lineage)))
            } catch {
                throw call.failure(error.description)
            }
        }
    }

    /// Runs a store read, its failure this builtin's error.
    private static func reading<T>(_ call: BuiltinCall, _ body: () throws(StoreError) -> T) throws(RuntimeError) -> T {
        do throws(StoreError) {
            return try body()
        } catch {
            throw call.failure(error.description)
        }
    }

    // MARK: - Arguments

    /// `items:` a dataset with rows, or a non-empty list of strings.
    private static func labelItems(_ call: BuiltinCall) throws(RuntimeError) -> LabelItems {
        switch call.argument("items") {
        case .native(let native as DatasetValue):
            guard native.dataset.rowCount > 0 else {
                throw call.invalid("items", "dataset '\(native.dataset.name)' has no rows")
            }
            guard !native.dataset.columns.isEmpty else {
                throw call.invalid(
                    "items", "dataset '\(native.dataset.name)' has no columns besides its target to show")
            }
            return LabelItems(dataset: native.dataset)
        case .list(let values):
            var texts: [String] = []
            for value in values {
                guard case .string(let text) = value else {
                    throw call.invalid("items", "a list of items must hold texts (strings), got \(value.typePhrase)")
                }
                texts.append(text)
            }
            guard !texts.isEmpty else { throw call.invalid("items", "the list of items is empty") }
            return LabelItems(texts: texts)
        default:
            throw call.mismatch("items", expected: "a dataset or a list of strings")
        }
    }

    /// `classes:` one or more distinct, non-empty names.
    private static func classNames(_ call: BuiltinCall) throws(RuntimeError) -> [String] {
        var names: [String] = []
        for value in try call.list("classes") {
            guard case .string(let name) = value, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw call.invalid("classes", "'classes' must be non-empty strings, got \(value.plainText())")
            }
            guard !names.contains(name) else { throw call.invalid("classes", "'classes' names '\(name)' twice") }
            names.append(name)
        }
        guard !names.isEmpty else { throw call.invalid("classes", "'classes' must name at least one class") }
        return names
    }

    /// `name`, "labels" when not given.
    private static func labelsName(_ call: BuiltinCall) throws(RuntimeError) -> String {
        guard call.has("name") else { return "labels" }
        let name = try call.string("name")
        guard !name.isEmpty else { throw call.invalid("name", "'name' must not be empty") }
        return name
    }
}
