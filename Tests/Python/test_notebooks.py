"""Every example notebook runs top to bottom on the Strata kernel without an error, and
what it saves is what static renderers need: plots as SVG and PNG with a text form,
tables as HTML with a text form.

A notebook whose cell shows a `label` widget waits for clicks that a person makes in
JupyterLab. Here a front end makes them: after that cell, the test clicks the class
buttons with comm messages (as test_widgets.py does), naming the digit each image shows,
and only then runs the cells after it, which train on those labels."""
import base64
import csv
import io
import pathlib
import re
import shutil
import struct
import zlib

import nbformat
import pytest
from nbclient import NotebookClient
from PIL import Image, ImageChops

from test_widgets import FrontEnd

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CLICK_TIMEOUT = 30


def decode_png(data: bytes):
    """Checks the signature and every chunk's CRC, inflates the image data with zlib,
    and returns (width, height)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, size = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
            depth, colour = body[8], body[9]
            assert depth == 8
            channels = {2: 3, 6: 4}[colour]  # RGB or RGBA
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height = size
    raw = zlib.decompress(idat)
    assert len(raw) == height * (1 + channels * width)  # rows, each with a filter byte
    return size


class LabellingClient(NotebookClient):
    """nbclient, plus a widget front end: it keeps the kernel's widget models from the
    comm messages of every cell, and after a cell that shows a `label` widget it clicks
    a class for every item, the class `answer(image)` names for the image shown."""

    def __init__(self, nb, answer, **kwargs):
        super().__init__(nb, **kwargs)
        self.front = FrontEnd()
        self.answer = answer
        self.clicks = []
        self.on_cell_executed = self.label_items

    def handle_comm_msg(self, outs, msg, cell_index):
        self.front.take([msg])
        super().handle_comm_msg(outs, msg, cell_index)

    async def label_items(self, cell, cell_index, execute_reply):
        views = [o for o in cell.outputs if o.output_type in ("display_data", "execute_result")
                 and "application/vnd.jupyter.widget-view+json" in o.data]
        if not views:
            return
        assert self.answer is not None, "a label widget in a notebook the test cannot label"
        assert views[0].data["text/plain"].startswith("label ")
        while not any("items are labelled" in text for text in self.front.texts()):
            assert len(self.clicks) < 1000, "the widget never reached its end"
            choice = self.answer(self.front.image())
            self.clicks.append(choice)
            await self.click(choice)

    async def click(self, description):
        """Sends a button's click on the shell channel, as JupyterLab does, and takes the
        kernel's answer (its model updates) up to the idle that ends it."""
        msg = self.kc.session.msg("comm_msg", content={
            "comm_id": self.front.button(description),
            "data": {"method": "custom", "content": {"event": "click"}}})
        self.kc.shell_channel.send(msg)
        while True:
            reply = await self.kc.get_iopub_msg(timeout=CLICK_TIMEOUT)
            if reply["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
                continue
            self.front.take([reply])
            if reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
                return


def digit_reader(folder):
    """Reads a digit as a person labelling `folder`'s images would: the image the widget
    shows (enlarged) is shrunk back and matched to the file with the same pixels, whose
    name is its row in the bundled digits data, which gives the digit."""
    with open(ROOT / "Sources" / "Data" / "Datasets" / "digits.csv", newline="") as f:
        rows = list(csv.reader(f))[1:]
    files = {path: Image.open(path).convert("L") for path in sorted(folder.glob("*.png"))}
    assert files, f"no images in {folder}"

    def answer(png):
        shown = Image.open(io.BytesIO(png)).convert("L")
        # Pixels that differ from each file's, fewest first.
        differences = sorted((sum(ImageChops.difference(shown.resize(image.size, Image.BOX), image).histogram()[1:]),
                              path.name, path) for path, image in files.items())
        different, _, path = differences[0]
        assert different == 0, f"the image shown is none of the files (nearest {path.name})"
        return rows[int(path.stem)][-1]
    return answer


# Notebooks that label data, and how the test answers their widget.
LABELLERS = {"collect-and-label": lambda run_folder: digit_reader(run_folder / "data" / "digits")}


def text(cell):
    return "\n".join(o.data["text/plain"] for o in cell.outputs
                     if o.output_type in ("display_data", "execute_result"))


def check_labelled(nb, client):
    """collect-and-label: every image was labelled through the widget, `labels` read the
    36 labels back, and the model trained on them tells the digits apart."""
    assert len(client.clicks) == 36
    assert sorted(set(client.clicks)) == ["0", "1", "7"] and client.clicks.count("0") == 12
    assert "All 36 items are labelled." in " ".join(client.front.texts())
    code = {c.source: c for c in nb.cells if c.cell_type == "code"}
    [labelled] = [c for s, c in code.items() if s.startswith("labelled = labels(")]
    assert "36 rows, 64 columns (images 1x8x8), classification (3 classes) of 'label'" in text(labelled)
    [sizes] = [c for s, c in code.items() if s.startswith("train, val = split(")]
    assert text(sizes) == "[27, 9]"
    [evaluation] = [c for s, c in code.items() if s.startswith("evaluate(")]
    assert "evaluated on 9 samples" in text(evaluation)
    accuracy = float(re.search(r"^accuracy +([0-9.]+)$", text(evaluation), re.M).group(1))
    assert accuracy >= 0.75, text(evaluation)  # chance is a third


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    monkeypatch.setenv("STRATA_STORE", str(tmp_path / "store"))
    # Notebooks run from notebooks/, where their raw data lives in data/.
    shutil.copytree(ROOT / "notebooks" / "data", tmp_path / "data")
    nb = nbformat.read(path, as_version=4)
    labeller = LABELLERS.get(path.stem)
    client = LabellingClient(nb, labeller(tmp_path) if labeller else None, kernel_name="strata", timeout=600,
                             resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    if path.stem == "collect-and-label":
        check_labelled(nb, client)
    code = [c for c in nb.cells if c.cell_type == "code"]
    outputs = [o for cell in code for o in cell.outputs]
    # nbclient already fails on an unexpected error; a cell tagged raises-exception
    # demonstrates one, and must really show it.
    for cell in code:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        expected = "raises-exception" in cell.metadata.get("tags", [])
        assert bool(errors) == expected, cell.source
    assert outputs, "the notebook produced no output"

    bundles = [o["data"] for o in outputs if o.output_type in ("display_data", "execute_result")]
    assert all("text/plain" in b for b in bundles)
    tables = [b for b in bundles if "text/html" in b and "<table" in b["text/html"]]
    assert tables, "no table in the notebook"
    for b in tables:
        assert "<script" not in b["text/html"] and "text/markdown" in b
    plots = [b for b in bundles if "image/svg+xml" in b]
    if path.stem != "quickstart" or any("fit(" in c.source for c in code):
        assert plots, "no plot in the notebook"
    for b in plots:
        svg = b["image/svg+xml"]
        assert "<script" not in svg and "foreignObject" not in svg
        assert "image/png" in b
        decode_png(base64.b64decode(b["image/png"]))
