import Foundation
import JupyterWire
import Testing

@testable import JupyterKernel

/// Widget states split into JSON and buffers and joined again, as ipywidgets'
/// `_remove_buffers` and `_put_buffers` do.
@Suite("widget state encoding")
struct WidgetStateTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var state: [String: WidgetValue]
        var json: [String: JSONValue]
        var paths: [[JSONValue]]
        var buffers: [Data]
        var testDescription: String { name }
    }

    static let a = Data([1, 2, 3])
    static let b = Data([4])

    static let cases: [Case] = [
        Case(
            name: "plain JSON", state: ["value": .json("x"), "n": .json(3)], json: ["value": "x", "n": 3],
            paths: [], buffers: []),
        Case(
            name: "a top-level buffer is left out", state: ["value": .bytes(a), "format": .json("png")],
            json: ["format": "png"], paths: [["value"]], buffers: [a]),
        Case(
            name: "a buffer in an object", state: ["x": .object(["ar": .bytes(a), "shape": .json([3])])],
            json: ["x": ["shape": [3]]], paths: [["x", "ar"]], buffers: [a]),
        Case(
            name: "buffers in a list become null", state: ["y": .array([.bytes(a), .json(1), .bytes(b)])],
            json: ["y": [nil, 1, nil]], paths: [["y", 0], ["y", 2]], buffers: [a, b]),
    ]

    @Test(arguments: cases)
    func splitAndJoin(_ test: Case) {
        let wire = WireState(test.state)
        #expect(wire.json == test.json)
        #expect(wire.bufferPaths == test.paths)
        #expect(wire.buffers == test.buffers)
        #expect(WireState(json: wire.json, bufferPaths: wire.bufferPaths, buffers: wire.buffers).joined() == test.state)
    }

    @Test func pathsThatLeadNowhereAreDropped() {
        let wire = WireState(
            json: ["n": 3, "list": [1]], bufferPaths: [["n", "x"], ["list", 5], [7]],
            buffers: [Self.a, Self.a, Self.a])
        #expect(wire.joined() == ["n": .json(3), "list": .json([1])])
    }

    @Test func controlWidgetsHaveTheControlsDefaults() {
        let state = ControlWidget.label("hi").state(layout: "L", style: "S")
        #expect(state["_model_name"] == .json("LabelModel"))
        #expect(state["_view_module"] == .json("@jupyter-widgets/controls"))
        #expect(state["layout"] == .json("IPY_MODEL_L"))
        #expect(state["style"] == .json("IPY_MODEL_S"))
        #expect(state["placeholder"] == .json("\u{200B}"))
        #expect(state["value"] == .json("hi"))
        #expect(state["_dom_classes"] == .json([]))
        let box = ControlWidget.row(["a", "b"]).state(layout: "L", style: nil)
        #expect(box["_model_name"] == .json("HBoxModel"))
        #expect(box["children"] == .json(["IPY_MODEL_a", "IPY_MODEL_b"]))
        #expect(box["style"] == nil)
        #expect(WidgetDefaults.layout["_model_module"] == .json("@jupyter-widgets/base"))
        #expect(WidgetDefaults.layout["width"] == .json(.null))
        #expect(WidgetDefaults.style("Button")["_view_name"] == .json("StyleView"))
        #expect(WidgetDefaults.style("Button")["_view_module"] == .json("@jupyter-widgets/base"))
    }
}
