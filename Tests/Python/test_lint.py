"""`strata lint` as a user and CI run it: findings in text, JSON and GitHub formats,
exit statuses, `--explain`, notebooks (by kernel, cell by cell, folders searched), and
the leakage warning a real kernel writes on stderr when such a cell runs."""
import json
import subprocess

from conftest import ROOT, STRATA, running_kernel
from test_kernel_process import run

TIMEOUT = 30

LEAKY = """iris = dataset("iris")
train, val, test = split(iris, [0.7, 0.15, 0.15])
model = sequential([dens(8), dense(3)])
r = fit(model, standardize(train, using: train), val: standardize(val), epochs: 2, seed: 1)
evaluate(r, test)
"""


def lint(*args, cwd=None):
    return subprocess.run([str(STRATA), "lint", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=TIMEOUT)


def notebook(cells, kernel="strata"):
    """An nbformat 4 notebook: a markdown cell, then the code cells."""
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": kernel, "display_name": kernel, "language": kernel}},
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# A title"]}] + [
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
             "source": source.splitlines(keepends=True)} for source in cells],
    }, indent=1)


def test_text_findings_and_exit_status(tmp_path):
    script = tmp_path / "leaky.strata"
    script.write_text(LEAKY)
    done = lint(script)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        f"{script}:2:20: S301 split without seed: silently uses seed 0; pass seed: so the experiment says how to "
        "repeat it",
        f"{script}:3:21: S101 unknown name 'dens' (did you mean 'dense'?)",
        f"{script}:4:55: S302 standardize(val) fits the scaler on a validation split; pass using: train",
    ]
    assert "2 errors and 1 warning" in done.stderr


def test_warnings_alone_exit_zero_and_clean_code_says_so(tmp_path):
    (tmp_path / "warn.strata").write_text("x = 1\n")
    done = lint(tmp_path / "warn.strata")
    assert done.returncode == 0
    assert done.stdout == f"{tmp_path / 'warn.strata'}:1:1: S201 'x' is bound but never used; name it '_x' if " \
                          "that is on purpose\n"
    (tmp_path / "warn.strata").write_text("x = 1\nprint(x)\n")
    done = lint(tmp_path / "warn.strata")
    assert (done.returncode, done.stdout) == (0, "")
    assert "no problems" in done.stderr


def test_json_format(tmp_path):
    script = tmp_path / "leaky.strata"
    script.write_text(LEAKY)
    done = lint("--format", "json", script)
    assert done.returncode == 1
    findings = json.loads(done.stdout)
    assert [f["code"] for f in findings] == ["S301", "S101", "S302"]
    first = findings[1]
    assert first == {"path": str(script), "cell": None, "line": 3, "column": 21, "end_line": 3, "end_column": 25,
                     "code": "S101", "name": "undefined-name", "severity": "error",
                     "message": "unknown name 'dens' (did you mean 'dense'?)"}
    assert findings[0]["severity"] == "warning"
    assert done.stderr == ""


def test_github_format_annotates_files_and_notebook_cells(tmp_path):
    (tmp_path / "a.strata").write_text("print(dens)\n")
    (tmp_path / "n.ipynb").write_text(notebook(["x = 1", "print(tst)"]))
    done = lint("--format", "github", tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"::error file={tmp_path / 'a.strata'},line=1,col=7,endColumn=11,title=S101::unknown name 'dens' "
        "(did you mean 'dense'?)",
        f"::warning file={tmp_path / 'n.ipynb'},title=S201::cell 1, line 1:1: 'x' is bound but never used; "
        "name it '_x' if that is on purpose",
        f"::error file={tmp_path / 'n.ipynb'},title=S101::cell 2, line 1:7: unknown name 'tst'",
    ]


def test_notebooks_by_kernel_and_folders_searched(tmp_path):
    (tmp_path / "ok.ipynb").write_text(notebook(['iris = dataset("iris")', "count(iris)"]))
    (tmp_path / "bad.ipynb").write_text(notebook([
        'iris = dataset("iris")\ntrain, val = split(iris, [0.8, 0.2], seed: 1)',
        "v = minmax(val)\ncount(v) + count(train)",
    ]))
    (tmp_path / "python.ipynb").write_text(notebook(["import os\nprint(undefined)"], kernel="python3"))
    checkpoints = tmp_path / ".ipynb_checkpoints"
    checkpoints.mkdir()
    (checkpoints / "bad-checkpoint.ipynb").write_text(notebook(["print(nope)"]))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "s.strata").write_text("print(zyzzyva)\n")
    (tmp_path / "notes.txt").write_text("print(nope)\n")
    done = lint(tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{tmp_path / 'bad.ipynb'}:cell 2:1:5: S302 minmax(val) fits the scaler on a validation split; "
        "pass using: train",
        f"{tmp_path / 'sub' / 's.strata'}:1:7: S101 unknown name 'zyzzyva'",
    ]
    assert "3 files checked" in done.stderr  # bad, ok and s.strata: the Python notebook is skipped
    # Named explicitly, a notebook of another kernel is skipped too.
    done = lint(tmp_path / "python.ipynb")
    assert (done.returncode, done.stdout) == (0, "")


def test_a_file_that_does_not_parse(tmp_path):
    (tmp_path / "broken.strata").write_text("x = (1 +\nprint(x)\n")
    done = lint(tmp_path / "broken.strata")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) >= 1 and all(" S001 " in line for line in lines), lines


def test_silencing_comments(tmp_path):
    (tmp_path / "quiet.strata").write_text("x = 1  # strata: ignore[S201]\nprint(dens)  # strata: ignore\n")
    done = lint(tmp_path / "quiet.strata")
    assert (done.returncode, done.stdout) == (0, "")


def test_explain_and_list():
    done = lint("--explain", "S302")
    assert done.returncode == 0
    assert done.stdout.startswith("S302 scaler-fitted-on-held-out (error)")
    words = " ".join(done.stdout.split())
    assert "standardize(val, using: train)" in words and "# strata: ignore[S302]" in words
    assert max(len(line) for line in done.stdout.splitlines()) <= 88
    listed = lint("--list")
    assert listed.returncode == 0
    codes = [line.split()[0] for line in listed.stdout.splitlines()]
    assert codes[:2] == ["S001", "S101"] and "S305" in codes


def test_usage_errors_and_unreadable_paths_exit_two(tmp_path):
    assert lint("--explain", "S999").returncode == 2
    assert lint().returncode == 2
    (tmp_path / "a.strata").write_text("print(1)\n")
    assert lint("--format", "xml", tmp_path / "a.strata").returncode == 2
    assert lint("--frobnicate", tmp_path / "a.strata").returncode == 2
    missing = lint(tmp_path / "missing.strata", tmp_path / "a.strata")
    assert missing.returncode == 2
    assert "missing.strata: no such file" in missing.stderr
    (tmp_path / "broken.ipynb").write_text("{not json")
    assert lint(tmp_path / "broken.ipynb").returncode == 2


def test_the_project_notebooks_lint_clean():
    done = lint(ROOT / "notebooks")
    assert (done.returncode, done.stdout) == (0, ""), done.stdout


def run_cell(kc, code):
    """Executes `code`; returns (reply content, stderr text of that request)."""
    content, outputs = run(kc, code)
    stderr = "".join(m["content"]["text"] for m in outputs
                     if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
    return content, stderr


def test_the_kernel_warns_once_when_a_leaking_cell_runs(tmp_path):
    warning = "warning S302: standardize(val) fits the scaler on a validation split; pass using: train\n"
    with running_kernel(cwd=str(tmp_path)) as (_, kc):
        reply, stderr = run_cell(kc, 'iris = dataset("iris")\n'
                                     "train, val, test = split(iris, [0.7, 0.15, 0.15], seed: 1)")
        assert reply["status"] == "ok" and stderr == ""
        reply, stderr = run_cell(kc, "v = standardize(val)\ncount(v)")
        assert reply["status"] == "ok"
        assert stderr == warning
        reply, stderr = run_cell(kc, "v = standardize(val)\ncount(v)")
        assert reply["status"] == "ok" and stderr == ""
        reply, stderr = run_cell(kc, "w = standardize(val, using: train)\ncount(w)")
        assert reply["status"] == "ok" and stderr == ""
