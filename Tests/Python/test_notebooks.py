"""Every example notebook runs top to bottom on the Strata kernel without an error."""
import pathlib

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path):
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
