"""The widget protocol and `label` with the real kernel, driven with jupyter_client as a
front end would drive it: the cell opens the widget's models and displays its view,
button clicks arrive as comm messages between cells, every click is saved in the store
(read back with `labels` in a later cell and after a restart), and comm_info and the
`jupyter.widget.control` target answer as JupyterLab's widget manager expects."""
import subprocess
import time
import uuid

import pytest
from PIL import Image

from conftest import STRATA, running_kernel

TIMEOUT = 30
PNG = b"\x89PNG\r\n\x1a\n"
COLOURS = [(200, 30, 30), (30, 200, 30), (30, 30, 200)]


@pytest.fixture()
def store(tmp_path, monkeypatch):
    """A store of the test's own (the kernel inherits STRATA_STORE), and three images."""
    monkeypatch.setenv("STRATA_STORE", str(tmp_path / "store"))
    images = tmp_path / "pets"
    images.mkdir()
    for index, colour in enumerate(COLOURS):
        Image.new("RGB", (6, 4), colour).save(images / f"{index}.png")
    return images


@pytest.fixture()
def kernel(store):
    with running_kernel() as (km, kc):
        yield km, kc


class FrontEnd:
    """What a widget manager keeps: every model's state, updated from the kernel's
    comm_open and comm_msg messages (with their buffers put back at their paths)."""

    def __init__(self):
        self.models = {}

    def take(self, messages):
        for msg in messages:
            content = msg["content"]
            if msg["msg_type"] == "comm_open" and content["target_name"] == "jupyter.widget":
                self.models[content["comm_id"]] = self.joined(content["data"], msg["buffers"])
            elif msg["msg_type"] == "comm_msg" and content["data"].get("method") in ("update", "echo_update"):
                self.models[content["comm_id"]].update(self.joined(content["data"], msg["buffers"]))

    @staticmethod
    def joined(data, buffers):
        state = dict(data["state"])
        for path, buffer in zip(data.get("buffer_paths", []), buffers):
            assert len(path) == 1, path  # the kernel's own models hold buffers at the top only
            state[path[0]] = bytes(buffer)
        return state

    def named(self, model):
        return {id: state for id, state in self.models.items() if state["_model_name"] == model}

    def button(self, description):
        [id] = [id for id, state in self.named("ButtonModel").items() if state["description"] == description]
        return id

    def texts(self):
        return [state["value"] for state in self.models.values() if state["_model_name"] in ("LabelModel", "HTMLModel")]

    def image(self):
        [state] = self.named("ImageModel").values()
        return state["value"]

    def shown_image(self, root):
        """The image the widget shows: the stage (second child of the root) holds it."""
        stage = self.models[self.models[root]["children"][1][len("IPY_MODEL_"):]]
        [child] = stage["children"]
        return self.models[child[len("IPY_MODEL_"):]]


def collect(kc, msg_id):
    """IOPub messages whose parent is `msg_id`, up to its idle."""
    messages = []
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return messages
    pytest.fail(f"no idle for {msg_id}")


def run(kc, code):
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    return reply["content"], collect(kc, msg_id)


def result(kc, code):
    content, messages = run(kc, code)
    assert content["status"] == "ok", content
    [value] = [m["content"]["data"]["text/plain"] for m in messages if m["msg_type"] == "execute_result"]
    return value


def comm(kc, kind, content):
    """Sends a comm message as a front end does (on shell); returns its msg_id."""
    msg = kc.session.msg(kind, content=content)
    kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def click(kc, front, description):
    msg_id = comm(kc, "comm_msg", {"comm_id": front.button(description),
                                   "data": {"method": "custom", "content": {"event": "click"}}})
    messages = collect(kc, msg_id)
    front.take(messages)
    return messages


def start_label(kc, folder):
    content, messages = run(kc, f'label(load_images("{folder}", labels: nil), classes: ["cat", "dog"], name: "pets")')
    assert content["status"] == "ok", content
    front = FrontEnd()
    front.take(messages)
    [view] = [m for m in messages if m["msg_type"] == "display_data"]
    return front, messages, view["content"]["data"]


def test_label_opens_the_widget_and_saves_every_click(kernel, store):
    km, kc = kernel
    front, messages, view = start_label(kc, store)
    opens = [m for m in messages if m["msg_type"] == "comm_open"]
    assert opens and all(m["content"]["target_name"] == "jupyter.widget" for m in opens)
    assert all(m["metadata"] == {"version": "2.1.0"} for m in opens)
    assert all(m["content"]["data"]["state"]["_model_module_version"] == "2.0.0" for m in opens)
    widget = view["application/vnd.jupyter.widget-view+json"]
    assert widget["version_major"] == 2 and widget["version_minor"] == 1
    root = widget["model_id"]
    assert front.models[root]["_model_name"] == "VBoxModel"
    assert view["text/plain"].startswith("label 'pets': 0 of 3 labelled")
    # Every reference names a model opened before it.
    seen = set()
    for m in opens:
        state = m["content"]["data"]["state"]
        for reference in [state.get("layout"), state.get("style")] + state.get("children", []):
            assert reference is None or reference[len("IPY_MODEL_"):] in seen
        seen.add(m["content"]["comm_id"])
    image = front.shown_image(root)
    assert image["_model_name"] == "ImageModel" and image["format"] == "png"
    assert image["value"].startswith(PNG)
    [image_open] = [m for m in opens if m["content"]["data"]["state"]["_model_name"] == "ImageModel"]
    assert image_open["content"]["data"]["buffer_paths"] == [["value"]]
    assert "value" not in image_open["content"]["data"]["state"]
    assert "0 of 3 labelled" in front.texts()
    first = front.image()

    handled = click(kc, front, "cat")
    kinds = [m["msg_type"] for m in handled]
    assert kinds[0] == "status" and kinds[-1] == "status" and "comm_msg" in kinds
    assert "1 of 3 labelled" in front.texts()
    assert any("item 2 of 3" in text for text in front.texts())
    assert front.image() != first and front.image().startswith(PNG)

    assert result(kc, 'count(labels("pets"))') == "1"
    assert result(kc, 'labels("pets")["label"]') == '["cat"]'
    click(kc, front, "dog")
    third = front.image()
    assert "2 of 3 labelled" in front.texts()
    assert result(kc, 'labels("pets")["label"]') == '["cat", "dog"]'
    assert "images 3x4x6" in result(kc, 'labels("pets")')
    assert "pets" in result(kc, "datasets()")

    # A restart loses nothing: label resumes at the one item without a label.
    km.restart_kernel(now=True)
    kc.wait_for_ready(timeout=TIMEOUT)
    assert result(kc, 'labels("pets")["label"]') == '["cat", "dog"]'
    resumed, _, _ = start_label(kc, store)
    assert "2 of 3 labelled" in resumed.texts()
    assert any("item 3 of 3" in text for text in resumed.texts())
    assert resumed.image() == third
    click(kc, resumed, "cat")
    assert any("All 3 items are labelled" in text for text in resumed.texts())
    assert result(kc, 'labels("pets")["label"]') == '["cat", "dog", "cat"]'
    # Ready for split and fit.
    content, _ = run(kc, 'train, test = split(labels("pets"), [0.67, 0.33], stratify: false)\n'
                         'fit(sequential([flatten(), dense(2)]), train, epochs: 1)')
    assert content["status"] == "ok", content


def test_comm_info_and_the_control_target(kernel, store):
    _, kc = kernel
    front, messages, _ = start_label(kc, store)
    opened = {m["content"]["comm_id"] for m in messages if m["msg_type"] == "comm_open"}

    kc.comm_info(target_name="jupyter.widget")
    reply = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert reply["status"] == "ok"
    assert set(reply["comms"]) == opened
    assert all(info == {"target_name": "jupyter.widget"} for info in reply["comms"].values())

    # What JupyterLab's widget manager does when it connects to a running kernel.
    control = uuid.uuid4().hex
    msg = kc.session.msg("comm_open", content={"comm_id": control, "target_name": "jupyter.widget.control",
                                               "data": {}})
    msg["metadata"] = {"version": "1.0.0"}
    kc.shell_channel.send(msg)
    assert "comm_close" not in [m["msg_type"] for m in collect(kc, msg["header"]["msg_id"])]
    kc.comm_info(target_name="jupyter.widget.control")
    assert kc.get_shell_msg(timeout=TIMEOUT)["content"]["comms"] == {control: {"target_name": "jupyter.widget.control"}}
    request = comm(kc, "comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
    [answer] = [m for m in collect(kc, request) if m["msg_type"] == "comm_msg"]
    data = answer["content"]["data"]
    assert answer["content"]["comm_id"] == control and data["method"] == "update_states"
    assert set(data["states"]) == opened
    image_id = next(iter(front.named("ImageModel")))
    assert data["states"][image_id]["model_name"] == "ImageModel"
    assert data["states"][image_id]["model_module"] == "@jupyter-widgets/controls"
    assert data["buffer_paths"] == [[image_id, "state", "value"]]
    assert bytes(answer["buffers"][0]) == front.image()
    button = front.button("cat")
    assert data["states"][button]["state"] == front.models[button]
    collect(kc, comm(kc, "comm_close", {"comm_id": control, "data": {}}))
    kc.comm_info()
    assert control not in kc.get_shell_msg(timeout=TIMEOUT)["content"]["comms"]

    # request_state on one model answers with its whole state.
    request = comm(kc, "comm_msg", {"comm_id": image_id, "data": {"method": "request_state"}})
    [answer] = [m for m in collect(kc, request) if m["msg_type"] == "comm_msg"]
    assert answer["content"]["data"]["method"] == "update"
    assert bytes(answer["buffers"][0]) == front.image()


def test_a_click_while_a_cell_runs_waits_for_it(kernel, store):
    _, kc = kernel
    front, _, _ = start_label(kc, store)
    cell = kc.execute("sleep(1)")
    clicked = comm(kc, "comm_msg", {"comm_id": front.button("dog"),
                                    "data": {"method": "custom", "content": {"event": "click"}}})
    order = []
    deadline = time.monotonic() + TIMEOUT
    while len(order) < 4 and time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        parent = msg["parent_header"].get("msg_id")
        if msg["msg_type"] == "status" and parent in (cell, clicked):
            order.append(("cell" if parent == cell else "click", msg["content"]["execution_state"]))
    assert order == [("cell", "busy"), ("cell", "idle"), ("click", "busy"), ("click", "idle")]
    assert kc.get_shell_msg(timeout=TIMEOUT)["content"]["status"] == "ok"
    assert result(kc, 'labels("pets")["label"]') == '["dog"]'


def test_label_in_a_terminal_says_it_needs_a_notebook(tmp_path, store):
    script = tmp_path / "label.strata"
    script.write_text('label(["a", "b"], classes: ["x", "y"])\n')
    done = subprocess.run([str(STRATA), "run", str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 1
    assert "widgets need a notebook" in done.stderr
