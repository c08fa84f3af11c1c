"""Every example notebook runs top to bottom on the Strata kernel without an error, and
what it saves is what static renderers need: plots as SVG and PNG with a text form,
tables as HTML with a text form."""
import base64
import pathlib
import shutil
import struct
import zlib

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    monkeypatch.setenv("STRATA_STORE", str(tmp_path / "store"))
    # Notebooks run from notebooks/, where their raw data lives in data/.
    shutil.copytree(ROOT / "notebooks" / "data", tmp_path / "data")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="strata", timeout=600,
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
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
