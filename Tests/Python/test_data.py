"""The Data builtins through a real kernel: a dataset's rich display (HTML, Markdown and
plain text), describe, split with destructuring across cells, a CSV read relative to
the kernel's working directory, and errors that leave the session usable."""
from queue import Empty

import pytest

from conftest import running_kernel

TIMEOUT = 30


@pytest.fixture()
def kernel(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "pets.csv").write_text(
        "weight,kind,name\n4.5,cat,tom\n30,dog,rex\nNA,cat,kit\n12,dog,max\n")
    with running_kernel(cwd=str(tmp_path)) as (_, kc):
        yield kc


def run(kc, code):
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    outputs = []
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=TIMEOUT)
        except Empty:
            break
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        outputs.append(msg)
    return reply["content"], outputs


def result_data(outputs):
    for m in outputs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]
    return None


def stdout_of(outputs):
    return "".join(m["content"]["text"] for m in outputs
                   if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def test_dataset_displays_as_a_table_in_three_forms(kernel):
    content, outputs = run(kernel, 'iris = dataset("iris")\niris')
    assert content["status"] == "ok"
    data = result_data(outputs)
    assert data["text/plain"].startswith("dataset iris: 150 rows, 4 columns, classification (3 classes)")
    assert "<table>" in data["text/html"] and "<td>setosa</td>" in data["text/html"]
    assert "<script" not in data["text/html"] and "style=" not in data["text/html"]
    assert "| sepal_length |" in data["text/markdown"]


def test_describe_and_split_across_cells(kernel):
    run(kernel, 'iris = dataset("iris")')
    content, outputs = run(kernel, "iris.describe()")
    assert content["status"] == "ok"
    data = result_data(outputs)
    assert "class balance" in data["text/plain"] and "<table>" in data["text/html"]
    run(kernel, "train, val, test = split(iris, [0.7, 0.15, 0.15], seed: 7)")
    content, outputs = run(kernel, "print(count(train), count(val), count(test), len(version(train)))")
    assert stdout_of(outputs) == "105 23 22 64\n"


def test_csv_relative_to_the_working_directory(kernel):
    content, outputs = run(kernel, 'pets = load_csv("data/pets.csv", target: "kind")\n'
                                   'print(classes(pets), columns(pets), describe(pets).columns[0].missing)')
    assert content["status"] == "ok", content
    assert stdout_of(outputs) == '["cat", "dog"] ["weight", "name"] 1\n'


def test_errors_keep_the_session(kernel):
    run(kernel, 'iris = dataset("iris")')
    content, _ = run(kernel, "split(iris, [0.5, 0.4])")
    assert content["status"] == "error"
    assert "split: fractions must sum to 1, got 0.9" in content["evalue"]
    content, _ = run(kernel, 'select(iris, ["petal_widht"])')
    assert "did you mean 'petal_width'?" in content["evalue"]
    content, outputs = run(kernel, "print(count(iris))")
    assert content["status"] == "ok" and stdout_of(outputs) == "150\n"


def test_to_csv_is_read_back_by_pythons_csv_module(kernel, tmp_path):
    import csv
    (tmp_path / "data" / "odd.csv").write_text(
        'name,v,label\n"a, b",5.1,x\n"say ""hi""",1e-05,y\n"two\nlines",,x\n')
    content, _ = run(kernel, 'odd = load_csv("data/odd.csv", target: "label")\n'
                             'to_csv(odd, "out.csv")\nto_csv(["x", nil, "y"], "labels.csv")')
    assert content["status"] == "ok", content
    with open(tmp_path / "out.csv", newline="") as f:
        assert list(csv.reader(f)) == [["name", "v", "label"], ["a, b", "5.1", "x"],
                                       ['say "hi"', "1e-05", "y"], ["two\nlines", "", "x"]]
    with open(tmp_path / "labels.csv", newline="") as f:
        assert list(csv.reader(f)) == [["prediction"], ["x"], [""], ["y"]]
