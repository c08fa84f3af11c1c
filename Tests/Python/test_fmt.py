"""`strata fmt` as a user and CI meet it: the real binary on a temporary folder holding a
.strata file, a Strata notebook, a Python notebook and hidden folders. --check and --diff
change nothing and say what would change (exit 1 / 0); a plain run rewrites in place
what needs it, and a second run finds nothing to do; `-` formats standard input; code
that does not parse is reported as path:line:col (path:cell N:line:col in a notebook)
with exit status 2 while everything else is still formatted."""
import os
import stat
import subprocess

import nbformat
import pytest

from conftest import STRATA

SCRIPT = '# prepare the data\niris=dataset("iris")   # bundled\ntrain,val=split(iris,[0.8,0.2],seed:7)\n'
SCRIPT_FORMATTED = '# prepare the data\niris = dataset("iris")  # bundled\ntrain, val = split(iris, [0.8, 0.2], seed: 7)\n'
LONG_CELL = ('run = fit(model, train, val: val, epochs: 60, batch: 16,\n'
             '          optimizer: adam(lr: 0.01), seed: 7, name: "iris-mlp")')
LONG_CELL_FORMATTED = ('run = fit(\n  model,\n  train,\n  val: val,\n  epochs: 60,\n  batch: 16,\n'
                       '  optimizer: adam(lr: 0.01),\n  seed: 7,\n  name: "iris-mlp"\n)')


def fmt(*args, stdin=None, cwd=None):
    return subprocess.run([str(STRATA), "fmt", *map(str, args)], input=stdin, capture_output=True,
                          text=True, timeout=120, cwd=cwd)


def notebook(cells, kernel="strata", language="strata"):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": language}
    nb.metadata["language_info"] = {"name": language}
    nb.cells = cells
    return nb


@pytest.fixture
def project(tmp_path):
    (tmp_path / "prep.strata").write_text(SCRIPT)
    nbformat.write(notebook([
        nbformat.v4.new_markdown_cell("# Iris\n\nx=1 stays as it is in markdown."),
        nbformat.v4.new_code_cell("model = sequential([dense(16, activation: \"relu\"), dense(3)])"),
        nbformat.v4.new_code_cell(LONG_CELL),
    ]), tmp_path / "iris.ipynb")
    nbformat.write(notebook([nbformat.v4.new_code_cell("x=[1,2]\nimport numpy as np")],
                            kernel="python3", language="python"), tmp_path / "python.ipynb")
    for hidden in (".ipynb_checkpoints", ".hidden"):
        (tmp_path / hidden).mkdir()
        (tmp_path / hidden / "old.strata").write_text("x=1\n")
    return tmp_path


def contents(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_check_lists_what_would_change_and_changes_nothing(project):
    before = contents(project)
    result = fmt("--check", project)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [f"{project}/iris.ipynb", f"{project}/prep.strata"]
    assert "skipped" in result.stderr and "python.ipynb: not a Strata notebook" in result.stderr
    assert "2 files would be formatted, 0 unchanged" in result.stderr
    assert contents(project) == before


def test_diff_shows_the_changes_and_changes_nothing(project):
    before = contents(project)
    result = fmt("--diff", project)
    assert result.returncode == 0, result.stderr
    assert f"--- {project}/prep.strata\n+++ {project}/prep.strata (formatted)\n" in result.stdout
    assert ('@@ -1,3 +1,3 @@\n # prepare the data\n-iris=dataset("iris")   # bundled\n'
            '-train,val=split(iris,[0.8,0.2],seed:7)\n+iris = dataset("iris")  # bundled\n') in result.stdout
    assert f"--- {project}/iris.ipynb:cell 2\n" in result.stdout
    assert "+  optimizer: adam(lr: 0.01),\n" in result.stdout
    assert contents(project) == before
    assert fmt("--check", "--diff", project).returncode == 1


def test_rewrites_in_place_then_has_nothing_to_do(project):
    python_before = (project / "python.ipynb").read_bytes()
    hidden_before = (project / ".hidden" / "old.strata").read_bytes()
    os.chmod(project / "prep.strata", 0o600)
    result = fmt(project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"{project}/iris.ipynb", f"{project}/prep.strata"]
    assert "2 files formatted, 0 unchanged" in result.stderr

    assert (project / "prep.strata").read_text() == SCRIPT_FORMATTED
    assert stat.S_IMODE(os.stat(project / "prep.strata").st_mode) == 0o600
    nb = nbformat.read(project / "iris.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].source == "# Iris\n\nx=1 stays as it is in markdown."
    assert nb.cells[1].source == "model = sequential([dense(16, activation: \"relu\"), dense(3)])"
    assert nb.cells[2].source == LONG_CELL_FORMATTED
    assert (project / "python.ipynb").read_bytes() == python_before
    assert (project / ".hidden" / "old.strata").read_bytes() == hidden_before
    assert not [p for p in project.iterdir() if ".fmt-" in p.name]

    # Formatting is idempotent: nothing left to do, no file touched.
    after = contents(project)
    again = fmt("--check", project)
    assert again.returncode == 0 and again.stdout == "", again.stderr
    assert "0 files would be formatted, 2 unchanged" in again.stderr
    assert fmt(project).returncode == 0
    assert contents(project) == after


def test_a_saved_notebook_is_kept_byte_for_byte_but_its_cells(project):
    # Jupyter's own layout (one-space indent, sorted keys) is kept, so a formatted
    # notebook differs from the original in the changed cell's lines only.
    before = (project / "iris.ipynb").read_text().splitlines()
    assert fmt(project / "iris.ipynb").returncode == 0
    after = (project / "iris.ipynb").read_text().splitlines()
    removed = [line for line in before if line not in after]
    assert removed == ['    "run = fit(model, train, val: val, epochs: 60, batch: 16,\\n",',
                       '    "          optimizer: adam(lr: 0.01), seed: 7, name: \\"iris-mlp\\")"']
    assert '    "run = fit(\\n",' in after and '    ")"' in after


def test_standard_input_to_standard_output():
    result = fmt("-", stdin=SCRIPT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == SCRIPT_FORMATTED
    assert result.stderr == ""
    check = fmt("--check", "-", stdin=SCRIPT)
    assert check.returncode == 1 and check.stdout == ""
    assert fmt("--check", "-", stdin=SCRIPT_FORMATTED).returncode == 0


def test_syntax_errors_are_reported_and_the_rest_is_formatted(tmp_path):
    (tmp_path / "bad.strata").write_text("x = 1\ny = = 2\n")
    (tmp_path / "good.strata").write_text("y=2\n")
    nbformat.write(notebook([
        nbformat.v4.new_code_cell("a=1"),
        nbformat.v4.new_code_cell("b = 2\nc = f(1,"),
    ]), tmp_path / "cells.ipynb")
    result = fmt(tmp_path)
    assert result.returncode == 2
    assert f"{tmp_path}/bad.strata:2:5: error: expected an expression after '=', found '='" in result.stderr
    assert f"{tmp_path}/cells.ipynb:cell 2:2:9: error: " in result.stderr
    assert (tmp_path / "bad.strata").read_text() == "x = 1\ny = = 2\n"
    assert (tmp_path / "good.strata").read_text() == "y = 2\n"
    nb = nbformat.read(tmp_path / "cells.ipynb", as_version=4)
    assert [cell.source for cell in nb.cells] == ["a = 1", "b = 2\nc = f(1,"]

    piped = fmt("-", stdin="f(1,\n")
    assert piped.returncode == 2 and piped.stdout == ""
    assert piped.stderr.startswith("<stdin>:2:1: error: ")


def test_paths_that_are_not_code_are_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("x=1")
    result = fmt(tmp_path / "missing.strata", tmp_path / "notes.txt")
    assert result.returncode == 2
    assert "missing.strata: no such file or folder" in result.stderr
    assert "notes.txt: not a .strata file or a notebook (.ipynb)" in result.stderr
    assert fmt().returncode == 2
