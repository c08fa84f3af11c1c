import Foundation
import Language
import Render
import Testing

/// Widgets kept in memory, as a front end would hold them: what each shows now.
final class MemoryWidgets: WidgetHost {
    private(set) var widgets: [WidgetID: Widget] = [:]
    private(set) var shown: [(id: WidgetID, text: String)] = []
    private var next = 0

    func create(_ widget: Widget) throws(WidgetFailure) -> WidgetID {
        next += 1
        let id = WidgetID("w\(next)")
        widgets[id] = widget
        return id
    }

    func update(_ id: WidgetID, to widget: Widget) throws(WidgetFailure) {
        guard widgets[id] != nil else { throw .unknownWidget(id) }
        widgets[id] = widget
    }

    func show(_ id: WidgetID, text: String) throws(WidgetFailure) {
        shown.append((id, text))
    }

    /// The button labelled `label` (the newest, when several widgets have one).
    func button(_ label: String) -> WidgetID? {
        widgets.filter { if case .button(label, _, _, _) = $0.value { true } else { false } }
            .keys.max { Int($0.raw.dropFirst())! < Int($1.raw.dropFirst())! }
    }

    /// Every text and HTML widget's content, for looking for words in.
    var texts: [String] {
        widgets.sorted { Int($0.key.raw.dropFirst())! < Int($1.key.raw.dropFirst())! }.compactMap { _, widget in
            switch widget {
            case .text(let text), .html(let text): text
            default: nil
            }
        }
    }

    func isDisabled(_ id: WidgetID) -> Bool {
        if case .button(_, _, let disabled, _)? = widgets[id] { return disabled }
        return false
    }
}

/// A host with widgets: the notebook as `label` sees it. Hosts of one kernel share its
/// widgets, so a later cell can change an earlier cell's widget.
final class WidgetTestHost: Language.Host {
    let widgetHost: MemoryWidgets
    var errors = ""

    init(widgets: MemoryWidgets = MemoryWidgets()) {
        widgetHost = widgets
    }

    func write(_ text: String, to stream: Language.OutputStream) { if stream == .stderr { errors += text } }
    func display(_ bundle: MimeBundle, id: String?) {}
    func update(_ bundle: MimeBundle, id: String) {}
    func clearOutput(wait: Bool) {}
    func readLine(prompt: String) throws(HostInputError) -> String { throw .notAllowed }
    var isInterrupted: Bool { false }
    func widgets() throws(WidgetFailure) -> any WidgetHost { widgetHost }
}

@Suite("label and labels")
struct LabelBuiltinTests {
    static let reviews = #"label(["good", "bad", "meh"], classes: ["pos", "neg"], name: "reviews")"#

    /// Starts `label` in a session of `folder` and returns the host holding its widgets.
    static func start(
        _ session: ExperimentSession, _ code: String = reviews, widgets: MemoryWidgets = MemoryWidgets(),
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> WidgetTestHost {
        let host = WidgetTestHost(widgets: widgets)
        let result = session.session.execute(code, host: host)
        #expect(result.error == nil, "\(result.error?.message ?? "")", sourceLocation: sourceLocation)
        #expect(result.display == nil, sourceLocation: sourceLocation)
        return host
    }

    static func click(
        _ session: ExperimentSession, _ host: WidgetTestHost, _ label: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        guard let button = host.widgetHost.button(label) else {
            Issue.record("no button '\(label)'", sourceLocation: sourceLocation)
            return
        }
        session.session.handleWidgetEvent(.click(button), host: host)
    }

    @Test func labelShowsTheFirstItemWithAButtonPerClass() throws {
        let session = ExperimentSession()
        let host = Self.start(session)
        let widgets = host.widgetHost
        #expect(widgets.shown.count == 1)
        #expect(widgets.shown.first?.text.hasPrefix("label 'reviews': 0 of 3 labelled") == true)
        for name in ["pos", "neg", "skip", "back"] { #expect(widgets.button(name) != nil, "\(name)") }
        #expect(widgets.texts.contains { $0.contains("item 1 of 3") })
        #expect(widgets.texts.contains { $0.contains(">good<") })
        #expect(widgets.texts.contains("0 of 3 labelled"))
        #expect(widgets.isDisabled(try #require(widgets.button("back"))))
    }

    @Test func aClickSavesTheLabelAndShowsTheNextItem() throws {
        let session = ExperimentSession()
        let host = Self.start(session)
        Self.click(session, host, "pos")
        let widgets = host.widgetHost
        #expect(widgets.texts.contains("1 of 3 labelled"))
        #expect(widgets.texts.contains { $0.contains("item 2 of 3") })
        #expect(widgets.texts.contains { $0.contains(">bad<") })
        #expect(widgets.texts.contains { $0.hasPrefix("saved 'pos' for item 1") })
        #expect(session.run(#"count(labels("reviews"))"#) == "1")
        #expect(session.run(#"labels("reviews")["label"]"#) == #"["pos"]"#)
        #expect(session.run(#"labels("reviews")["text"]"#) == #"["good"]"#)
        #expect(session.run(#"classes(labels("reviews"))"#) == #"["neg", "pos"]"#)
        #expect(host.errors.isEmpty)
    }

    @Test func skipBackAndRelabelling() throws {
        let session = ExperimentSession()
        let host = Self.start(session)
        let widgets = host.widgetHost
        Self.click(session, host, "skip")
        #expect(widgets.texts.contains { $0.contains("item 2 of 3") })
        Self.click(session, host, "neg")  // bad
        #expect(widgets.texts.contains { $0.contains("item 3 of 3") })
        Self.click(session, host, "pos")  // meh; then back to the skipped first item
        #expect(widgets.texts.contains { $0.contains("item 1 of 3") })
        Self.click(session, host, "skip")
        Self.click(session, host, "back")
        #expect(widgets.texts.contains { $0.contains("item 1 of 3") })
        #expect(widgets.texts.contains("no label yet"))
        Self.click(session, host, "skip")
        #expect(widgets.texts.contains("label: neg"))  // item 2, labelled before
        Self.click(session, host, "pos")  // relabel bad as pos
        #expect(session.run(#"labels("reviews")["label"]"#) == #"["pos", "pos"]"#)
        Self.click(session, host, "neg")  // good: now all are labelled
        #expect(widgets.texts.contains { $0.contains("All 3 items are labelled") })
        #expect(widgets.isDisabled(try #require(widgets.button("pos"))))
        #expect(session.run(#"labels("reviews")["text"]"#) == #"["bad", "meh", "good"]"#)
        #expect(session.run(#"labels("reviews")["label"]"#) == #"["pos", "pos", "neg"]"#)
    }

    @Test func aNewSessionResumesAtTheFirstItemWithoutALabel() {
        let first = ExperimentSession()
        let host = Self.start(first)
        Self.click(first, host, "neg")
        Self.click(first, host, "skip")
        Self.click(first, host, "pos")
        // A restart: a new session on the same store, the items in another order.
        let second = ExperimentSession(folder: first.folder)
        let resumed = Self.start(second, #"label(["meh", "bad", "good"], classes: ["pos", "neg"], name: "reviews")"#)
        #expect(resumed.widgetHost.texts.contains("2 of 3 labelled"))
        #expect(resumed.widgetHost.texts.contains { $0.contains("item 2 of 3") && $0.contains("reviews") })
        #expect(resumed.widgetHost.texts.contains { $0.contains(">bad<") })
        #expect(second.run(#"labels("reviews")["text"]"#) == #"["good", "meh"]"#)
    }

    @Test func imagesAreShownAsPNGsAndComeBackWithTheirShape() throws {
        let session = ExperimentSession()
        let host = Self.start(session, #"label(dataset("digits").head(n: 4), classes: ["small", "large"], name: "d")"#)
        let images = host.widgetHost.widgets.values.compactMap { widget -> [UInt8]? in
            if case .image(let png) = widget { png } else { nil }
        }
        #expect(images.count == 1)
        #expect(images.first?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true)
        Self.click(session, host, "large")
        Self.click(session, host, "small")
        #expect(session.run(#"count(labels("d"))"#) == "2")
        #expect(session.run(#"labels("d")"#).contains("images 1x8x8"))
        #expect(session.run(#"columns(labels("d")) == columns(dataset("digits"))"#) == "true")
        // Ready for split and fit.
        session.run(#"a, b = split(labels("d"), [0.5, 0.5], stratify: false)"#)
    }

    @Test func aNewerLabelOfTheSameNameTakesOver() throws {
        let session = ExperimentSession()
        let old = Self.start(session)
        let oldButton = try #require(old.widgetHost.button("pos"))
        let new = Self.start(session, widgets: old.widgetHost)
        #expect(old.widgetHost.isDisabled(oldButton))
        #expect(old.widgetHost.texts.contains { $0.contains("took over") })
        let newButton = try #require(new.widgetHost.button("pos"))
        #expect(newButton != oldButton && !new.widgetHost.isDisabled(newButton))
        // The old widget's buttons do nothing now.
        session.session.handleWidgetEvent(.click(oldButton), host: old)
        #expect(session.error(#"labels("reviews")"#)?.contains("no labels") == true)
    }

    @Test(arguments: [
        (#"label([1, 2], classes: ["a"])"#, "must hold texts"),
        (#"label([], classes: ["a"])"#, "empty"),
        (#"label(["x"], classes: [])"#, "at least one class"),
        (#"label(["x"], classes: ["a", "a"])"#, "twice"),
        (#"label(["x"], classes: ["a"], name: "")"#, "must not be empty"),
        (#"label(3, classes: ["a"])"#, "must be a dataset or a list of strings"),
        (#"label(["x"])"#, "classes"),
        (#"labels("nothing")"#, "no labels named 'nothing'"),
    ])
    func mistakesAreNamed(code: String, message: String) {
        let session = ExperimentSession()
        let error = session.session.execute(code, host: WidgetTestHost()).error?.message ?? ""
        #expect(error.contains(message), "\(error)")
    }

    @Test func withoutWidgetsLabelSaysWhatItNeeds() {
        let session = ExperimentSession()
        let error = session.error(Self.reviews) ?? ""
        #expect(error.contains("widgets need a notebook"), "\(error)")
    }

    @Test func aWrongNameSuggestsTheNearestLabels() {
        let session = ExperimentSession()
        let host = Self.start(session)
        Self.click(session, host, "pos")
        #expect(session.error(#"labels("review")"#)?.contains("did you mean 'reviews'") == true)
    }
}
