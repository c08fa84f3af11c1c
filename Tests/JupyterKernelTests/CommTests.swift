import Foundation
import JupyterWire
import Testing

@testable import JupyterKernel

/// Comms and the widget protocol against the mock interpreter: what a front end sees
/// when a cell makes widgets, and what the kernel does with its comm messages.
@Suite("comms and widgets")
struct CommTests {
    /// Runs the mock's `widget` statement and returns the harness and that cell's messages.
    private func widgetCell() -> (KernelHarness, Message, [SentMessage]) {
        let harness = KernelHarness()
        let cell = harness.execute("widget")
        return (harness, cell, harness.finished(cell))
    }

    private static func state(_ sent: SentMessage) -> [String: JSONValue] {
        sent.content["data"]?["state"]?.objectValue ?? [:]
    }

    @Test func aCellOpensEachModelAfterTheModelsItReferencesThenDisplaysTheView() throws {
        let (_, cell, sent) = widgetCell()
        let opens = sent.filter { $0.type == "comm_open" }
        // button: layout, style, button; label: layout, style, label; image: layout, image; column: layout, column
        #expect(opens.count == 10)
        var opened: Set<String> = []
        for open in opens {
            #expect(open.channel == .iopub)
            #expect(open.message.parentHeader == cell.header)
            #expect(open.content["target_name"] == "jupyter.widget")
            #expect(open.message.metadata == ["version": "2.1.0"])
            let state = Self.state(open)
            for key in ["layout", "style"] {
                if let reference = state[key]?.stringValue {
                    #expect(opened.contains(String(reference.dropFirst("IPY_MODEL_".count))), "\(key) opened first")
                }
            }
            for child in state["children"]?.arrayValue ?? [] {
                #expect(opened.contains(String(child.stringValue?.dropFirst("IPY_MODEL_".count) ?? "")))
            }
            opened.insert(open.content["comm_id"]?.stringValue ?? "")
        }
        let names = opens.compactMap { Self.state($0)["_model_name"]?.stringValue }
        #expect(
            names == [
                "LayoutModel", "ButtonStyleModel", "ButtonModel", "LayoutModel", "LabelStyleModel",
                "LabelModel", "LayoutModel", "ImageModel", "LayoutModel", "VBoxModel",
            ])
        let button = try #require(opens.first { Self.state($0)["_model_name"] == "ButtonModel" })
        #expect(Self.state(button)["_model_module"] == "@jupyter-widgets/controls")
        #expect(Self.state(button)["_model_module_version"] == "2.0.0")
        #expect(Self.state(button)["_view_name"] == "ButtonView")
        #expect(Self.state(button)["description"] == "press")
        #expect(Self.state(button)["button_style"] == "primary")
        #expect(Self.state(button)["disabled"] == false)

        let display = try #require(sent.first { $0.type == "display_data" })
        let column = opens.last?.content["comm_id"]
        #expect(
            display.content["data"]?["application/vnd.jupyter.widget-view+json"]
                == ["model_id": column ?? .null, "version_major": 2, "version_minor": 1])
        #expect(display.content["data"]?["text/plain"] == "a widget")
        let displayIndex = try #require(sent.firstIndex { $0.type == "display_data" })
        let lastOpen = try #require(sent.lastIndex { $0.type == "comm_open" })
        #expect(lastOpen < displayIndex)
    }

    @Test func anImageTravelsAsABufferNamedByItsPath() throws {
        let (_, _, sent) = widgetCell()
        let image = try #require(sent.first { Self.state($0)["_model_name"] == "ImageModel" })
        #expect(Self.state(image)["value"] == nil)
        #expect(image.content["data"]?["buffer_paths"] == [["value"]])
        #expect(image.message.buffers == [Data([0x89, 0x50, 0x4E, 0x47])])
        #expect(Self.state(image)["format"] == "png")
    }

    @Test func commInfoListsOpenCommsFilteredByTarget() throws {
        let (harness, _, sent) = widgetCell()
        let ids = Set(sent.filter { $0.type == "comm_open" }.compactMap { $0.content["comm_id"]?.stringValue })
        let all = try #require(harness.reply(to: harness.send("comm_info_request", [:])))
        #expect(Set(all.content["comms"]?.objectValue?.keys.map { $0 } ?? []) == ids)
        #expect(all.content["comms"]?[ids.first ?? ""] == ["target_name": "jupyter.widget"])
        let control = try #require(
            harness.reply(
                to: harness.send(
                    "comm_info_request",
                    ["target_name": "jupyter.widget.control"])))
        #expect(control.content == ["status": "ok", "comms": [:]])
        // On control too, answered at once.
        let onControl = try #require(
            harness.reply(
                to: harness.send(
                    "comm_info_request",
                    ["target_name": "jupyter.widget"], on: .control)))
        #expect(onControl.content["comms"]?.objectValue?.count == ids.count)
    }

    @Test func aClickRunsTheHandlerAsARequestOfItsOwn() throws {
        let (harness, _, sent) = widgetCell()
        let button = try #require(sent.first { Self.state($0)["_model_name"] == "ButtonModel" }?.content["comm_id"])
        let label = try #require(sent.first { Self.state($0)["_model_name"] == "LabelModel" }?.content["comm_id"])
        let click = harness.send(
            "comm_msg", ["comm_id": button, "data": ["method": "custom", "content": ["event": "click"]]])
        let handled = harness.finished(click)
        #expect(handled.kinds == ["iopub:busy", "iopub:comm_msg", "iopub:stream", "iopub:idle"])
        let update = handled[1]
        #expect(update.content["comm_id"] == label)
        #expect(update.content["data"] == ["method": "update", "state": ["value": "clicked 1"], "buffer_paths": []])
        #expect(handled.stdout == "clicked 1\n")
        #expect(handled.allSatisfy { $0.message.parentHeader == click.header })
        // A second click is a second event.
        #expect(
            harness.finished(
                harness.send(
                    "comm_msg",
                    [
                        "comm_id": button,
                        "data": ["method": "custom", "content": ["event": "click"]],
                    ])
            )
            .stdout == "clicked 2\n")
    }

    @Test func aClickDuringACellWaitsUntilTheCellIsDone() throws {
        let (harness, _, sent) = widgetCell()
        let button = try #require(sent.first { Self.state($0)["_model_name"] == "ButtonModel" }?.content["comm_id"])
        let cell = harness.execute("pause; print done")
        let click = harness.send(
            "comm_msg", ["comm_id": button, "data": ["method": "custom", "content": ["event": "click"]]])
        harness.finished(click)
        let all = harness.transport.all
        let cellIdle = try #require(
            all.firstIndex {
                $0.parentID == cell.header.msgID && $0.content["execution_state"] == "idle"
            })
        let clickBusy = try #require(
            all.firstIndex {
                $0.parentID == click.header.msgID && $0.content["execution_state"] == "busy"
            })
        #expect(cellIdle < clickBusy)
    }

    @Test func requestStateAnswersWithTheWholeState() throws {
        let (harness, _, sent) = widgetCell()
        let image = try #require(sent.first { Self.state($0)["_model_name"] == "ImageModel" })
        let id = try #require(image.content["comm_id"])
        let request = harness.send("comm_msg", ["comm_id": id, "data": ["method": "request_state"]])
        let answer = try #require(harness.finished(request).first { $0.type == "comm_msg" })
        #expect(answer.content["data"]?["method"] == "update")
        #expect(answer.content["data"]?["state"] == image.content["data"]?["state"])
        #expect(answer.content["data"]?["buffer_paths"] == [["value"]])
        #expect(answer.message.buffers == image.message.buffers)
        #expect(answer.message.parentHeader == request.header)
    }

    @Test func anUpdateFromTheFrontEndIsKeptAndEchoed() throws {
        let (harness, _, sent) = widgetCell()
        let id = try #require(sent.first { Self.state($0)["_model_name"] == "LabelModel" }?.content["comm_id"])
        let update = harness.send(
            "comm_msg",
            [
                "comm_id": id,
                "data": [
                    "method": "update", "state": ["value": "typed"],
                    "buffer_paths": [],
                ],
            ])
        let echo = try #require(harness.finished(update).first { $0.type == "comm_msg" })
        #expect(echo.content["data"] == ["method": "echo_update", "state": ["value": "typed"], "buffer_paths": []])
        let state = harness.finished(harness.send("comm_msg", ["comm_id": id, "data": ["method": "request_state"]]))
            .first { $0.type == "comm_msg" }?.content["data"]?["state"]
        #expect(state?["value"] == "typed")
    }

    @Test func theControlTargetSendsEveryStateInOneMessage() throws {
        let (harness, _, sent) = widgetCell()
        // A model the front end creates is kept like the kernel's own.
        let frontEnd = harness.send(
            "comm_open",
            [
                "comm_id": "front-1", "target_name": "jupyter.widget",
                "data": [
                    "state": [
                        "_model_name": "IntSliderModel", "_model_module": "@jupyter-widgets/controls",
                        "_model_module_version": "2.0.0", "_view_name": "IntSliderView", "value": 3,
                    ],
                    "buffer_paths": [],
                ],
            ])
        #expect(harness.finished(frontEnd).kinds == ["iopub:busy", "iopub:idle"])
        let control = harness.send(
            "comm_open",
            [
                "comm_id": "control-1", "target_name": "jupyter.widget.control",
                "data": [:],
            ])
        #expect(harness.finished(control).kinds == ["iopub:busy", "iopub:idle"])
        let request = harness.send("comm_msg", ["comm_id": "control-1", "data": ["method": "request_states"]])
        let answer = try #require(harness.finished(request).first { $0.type == "comm_msg" })
        #expect(answer.content["comm_id"] == "control-1")
        let data = try #require(answer.content["data"])
        #expect(data["method"] == "update_states")
        let states = try #require(data["states"]?.objectValue)
        #expect(states.count == 11)
        #expect(
            states["front-1"] == [
                "model_name": "IntSliderModel", "model_module": "@jupyter-widgets/controls",
                "model_module_version": "2.0.0",
                "state": [
                    "_model_name": "IntSliderModel",
                    "_model_module": "@jupyter-widgets/controls",
                    "_model_module_version": "2.0.0", "_view_name": "IntSliderView",
                    "value": 3,
                ],
            ])
        let image = try #require(sent.first { Self.state($0)["_model_name"] == "ImageModel" }?.content["comm_id"])
        #expect(data["buffer_paths"] == [[image, "state", "value"]])
        #expect(answer.message.buffers == [Data([0x89, 0x50, 0x4E, 0x47])])
        // The front end closes the control comm once it has the states.
        harness.finished(harness.send("comm_close", ["comm_id": "control-1", "data": [:]]))
        let info = harness.reply(to: harness.send("comm_info_request", ["target_name": "jupyter.widget.control"]))
        #expect(info?.content["comms"] == [:])
    }

    @Test(arguments: [
        ("jupyter.widget", "3.0.0"),
        ("jupyter.widget.control", "2.0.0"),
        ("jupyter.widget", "2.1.0"),  // no state: nothing to make a model of
    ])
    func commsTheTargetsCannotTakeAreClosed(target: String, version: String) {
        let harness = KernelHarness()
        var message = KernelHarness.request(
            "comm_open",
            [
                "comm_id": "x", "target_name": .string(target),
                "data": ["state": [:]],
            ])
        message.metadata = ["version": .string(version)]
        harness.kernel.handle(message, from: .shell)
        #expect(harness.finished(message).kinds == ["iopub:busy", "iopub:comm_close", "iopub:idle"])
        #expect(harness.reply(to: harness.send("comm_info_request", [:]))?.content["comms"] == [:])
    }

    @Test func aClosedWidgetIsForgotten() throws {
        let (harness, _, sent) = widgetCell()
        let button = try #require(sent.first { Self.state($0)["_model_name"] == "ButtonModel" }?.content["comm_id"])
        harness.finished(harness.send("comm_close", ["comm_id": button, "data": [:]]))
        let click = harness.send(
            "comm_msg", ["comm_id": button, "data": ["method": "custom", "content": ["event": "click"]]])
        #expect(harness.finished(click).kinds == ["iopub:busy", "iopub:idle"])
        #expect(harness.logs.all.contains { $0.contains("not open") })
    }

    @Test func expressionsForTheFrontEndGetNoWidgets() {
        let harness = KernelHarness()
        let reply = harness.run("1", ["user_expressions": ["w": "widget"]])
        #expect(reply["status"] == "ok")
        #expect(harness.transport.all.allSatisfy { $0.type != "comm_open" })
    }
}
