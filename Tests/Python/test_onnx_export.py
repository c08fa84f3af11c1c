"""`export(...)` and `strata export` against the real ONNX checker and onnxruntime.

Each case trains a small model with `strata run` (fixed seeds, few epochs), writes the
raw test rows to a CSV, prints `predict(..., probabilities: true)` and exports the
model; the exported file must pass `onnx.checker.check_model(full_check=True)` and,
fed the raw rows (the preprocessing is folded into the graph), give predict's values
within 1e-5.
"""
import csv
import json
import math
import os
import subprocess

import numpy as np
import onnx
import onnxruntime
import pytest

from conftest import STRATA

ATOL = 1e-5


def strata_run(tmp_path, source, check=True):
    script = tmp_path / "script.strata"
    script.write_text(source)
    env_store = str(tmp_path / "store")
    done = subprocess.run([str(STRATA), "run", str(script)], capture_output=True, text=True, cwd=tmp_path,
                          timeout=300, env={**os.environ, "STRATA_STORE": env_store})
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def printed_json(stdout, marker):
    """The JSON printed on the line after `marker`."""
    lines = stdout.splitlines()
    return json.loads(lines[lines.index(marker) + 1])


def printed_rows(stdout, marker):
    """The values printed one per line (long lists print shortened) between `marker`
    and `END`."""
    lines = stdout.splitlines()
    start = lines.index(marker) + 1
    return [json.loads(line) for line in lines[start:lines.index("END", start)]]


def metadata(model):
    return {p.key: p.value for p in model.metadata_props}


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def features(rows, meta):
    """The raw rows as the file's input: numeric columns as they are (empty cells NaN),
    categorical ones one-hot over the schema's categories, shaped as the schema says."""
    schema = json.loads(meta["input_schema"])
    values = []
    for row in rows:
        line = []
        for column in schema["columns"]:
            cell = row[column["name"]]
            if "categories" in column:
                line += [1.0 if cell == c else 0.0 for c in column["categories"]]
            else:
                line.append(float(cell) if cell not in ("", "NA", "NaN") else math.nan)
        values.append(line)
    x = np.array(values, dtype=np.float32)
    return x.reshape([len(rows)] + schema["shape"][1:])


def check_export(tmp_path, body, *, data="test"):
    """Runs `body` (which must bind `run` and the rows `data`), then compares the
    export with predict; returns the model, its metadata, the session, the input and
    the script's output."""
    done = strata_run(tmp_path, body + f"""
to_csv({data}, "rows.csv")
print(export(run, "model.onnx"))
print("PREDICTIONS")
for row in predict(run, {data}, probabilities: true) {{ print(row) }}
print("END")
""")
    model = onnx.load(tmp_path / "model.onnx")
    onnx.checker.check_model(model, full_check=True)
    meta = metadata(model)
    session = onnxruntime.InferenceSession(str(tmp_path / "model.onnx"))
    x = features(read_rows(tmp_path / "rows.csv"), meta)
    expected = np.array(printed_rows(done.stdout, "PREDICTIONS"), dtype=np.float64)
    name = "probabilities" if meta["task"] == "classification" else "predictions"
    got = session.run([name], {"input": x})[0]
    got = got.reshape(expected.shape)
    np.testing.assert_allclose(got, expected, atol=ATOL, rtol=0)
    return model, meta, session, x, done.stdout


IRIS = """
iris = dataset("iris")
train, test = split(iris, [0.8, 0.2], seed: 3)
strain = standardize(train, using: train)
"""


def test_iris_mlp_with_standardize_folds_the_scaling_in(tmp_path):
    model, meta, session, x, stdout = check_export(tmp_path, IRIS + """
model = sequential([dense(16, activation: "relu"), dense(3)])
run = fit(model, strain, epochs: 20, batch: 16, optimizer: adam(lr: 0.01), seed: 7)
print("LABELS")
print(predict(run, test))
""")
    ops = [n.op_type for n in model.graph.node]
    assert ops[:4] == ["Cast", "Sub", "Mul", "Cast"], ops
    assert "Gemm" in ops and "Softmax" in ops
    labels = printed_json(stdout, "LABELS")
    classes = json.loads(meta["classes"])
    predicted = session.run(["label"], {"input": x})[0]
    assert [classes[i] for i in predicted] == labels


def write_iris_with_gaps(path):
    """Iris with some missing numbers and a categorical column, as a CSV."""
    from sklearn.datasets import load_iris
    iris = load_iris()
    names = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    rng = np.random.default_rng(5)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(names + ["color", "species"])
        for i, (row, label) in enumerate(zip(iris.data, iris.target)):
            cells = [repr(float(v)) for v in row]
            for j in range(4):
                if rng.random() < 0.1:
                    cells[j] = ""
            color = ["red", "green", "blue"][int(rng.integers(3))]
            w.writerow(cells + [color, iris.target_names[label]])


@pytest.mark.parametrize("scaling", ["standardize", "minmax"])
def test_fills_and_scaling_fold_in_and_one_hot_positions_are_untouched(tmp_path, scaling):
    write_iris_with_gaps(tmp_path / "gaps.csv")
    _, meta, _, x, _ = check_export(tmp_path, f"""
data = load_csv("gaps.csv", target: "species")
train, test = split(data, [0.7, 0.3], seed: 2)
filled = fillna(train, "mean", using: train)
ready = {scaling}(filled, using: filled)
model = sequential([dense(12, activation: "tanh"), dense(3)])
run = fit(model, ready, epochs: 15, batch: 16, optimizer: adam(lr: 0.01), seed: 4)
""")
    assert np.isnan(x).any(), "the test rows should have gaps for the fill to matter"
    steps = json.loads(meta["preprocessing"])["steps"]
    assert [s["op"] for s in steps] == ["fillna", scaling]
    assert json.loads(meta["feature_names"])[-3:] == ["color=blue", "color=green", "color=red"]


DIGITS = """
digits = dataset("digits")
train, test = split(digits, [0.8, 0.2], seed: 1)
test = head(test, n: 60)
"""


def test_digits_cnn_conv_pools_flatten_dense(tmp_path):
    model, _, _, x, _ = check_export(tmp_path, DIGITS + """
model = sequential([
  conv2d(6, activation: "relu"), maxpool2d(),
  conv2d(8, kernel: 3, stride: 2, padding: "same", activation: "tanh"),
  avgpool2d(), flatten(), dense(10)
])
run = fit(model, train, epochs: 2, batch: 32, seed: 3)
""")
    assert x.shape[1:] == (1, 8, 8)
    ops = {n.op_type for n in model.graph.node}
    assert {"Conv", "MaxPool", "AveragePool", "Flatten", "Gemm", "Softmax"} <= ops


def test_conv_valid_padding_with_stride_and_batchnorm_after_conv(tmp_path):
    model, *_ = check_export(tmp_path, DIGITS + """
model = sequential([
  conv2d(4, kernel: 3, stride: 2, padding: "valid"), batchnorm(), relu(),
  conv2d(5, kernel: 2), batchnorm(), gelu(), flatten(), dense(10)
])
run = fit(model, train, epochs: 2, batch: 32, seed: 5)
""")
    assert sum(n.op_type == "BatchNormalization" for n in model.graph.node) == 2


def test_batchnorm_after_dense_and_dropout(tmp_path):
    model, *_ = check_export(tmp_path, IRIS + """
model = sequential([dense(16), batchnorm(), relu(), dropout(0.3), dense(3, activation: "softmax")])
run = fit(model, strain, epochs: 10, batch: 16, optimizer: adam(lr: 0.01), seed: 2)
""")
    ops = [n.op_type for n in model.graph.node]
    assert "BatchNormalization" in ops and "Dropout" not in ops
    # The trailing softmax the user wrote is fused with cross-entropy: applied once.
    assert ops.count("Softmax") == 1


def test_reshape_into_a_conv(tmp_path):
    check_export(tmp_path, IRIS + """
model = sequential([reshape([1, 2, 2]), conv2d(3, kernel: 2, activation: "relu"), flatten(), dense(3)])
run = fit(model, strain, epochs: 10, batch: 16, optimizer: adam(lr: 0.01), seed: 2)
""")


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh", "softmax", "gelu"])
def test_every_activation_as_a_layer_and_as_an_argument(tmp_path, activation):
    model, *_ = check_export(tmp_path, IRIS + f"""
model = sequential([dense(8, activation: "{activation}"), {activation}(), dense(3)])
run = fit(model, strain, epochs: 8, batch: 16, optimizer: adam(lr: 0.01), seed: 6)
""")
    op = {"relu": "Relu", "sigmoid": "Sigmoid", "tanh": "Tanh", "softmax": "Softmax", "gelu": "Gelu"}[activation]
    count = sum(n.op_type == op for n in model.graph.node)
    assert count == (3 if activation == "softmax" else 2)


def test_regression_on_diabetes(tmp_path):
    done = strata_run(tmp_path, """
diabetes = dataset("diabetes")
train, test = split(diabetes, [0.8, 0.2], seed: 3)
strain = standardize(train, using: train)
model = sequential([dense(16, activation: "relu"), dense(1)])
run = fit(model, strain, epochs: 30, batch: 16, optimizer: adam(lr: 0.05), loss: "mse", seed: 1)
to_csv(test, "rows.csv")
export(run, "model.onnx")
print("PREDICTIONS")
for value in predict(run, test) { print(value) }
print("END")
""")
    model = onnx.load(tmp_path / "model.onnx")
    onnx.checker.check_model(model, full_check=True)
    meta = metadata(model)
    assert meta["task"] == "regression" and "classes" not in meta
    assert meta["target"] == "progression"
    session = onnxruntime.InferenceSession(str(tmp_path / "model.onnx"))
    assert [o.name for o in session.get_outputs()] == ["predictions"]
    x = features(read_rows(tmp_path / "rows.csv"), meta)
    expected = np.array(printed_rows(done.stdout, "PREDICTIONS"), dtype=np.float64)
    got = session.run(["predictions"], {"input": x})[0].reshape(-1)
    assert np.abs(expected).max() > 10, "the model should have learnt the target's scale"
    # Predictions are in the hundreds, where float32's spacing is 1.5e-5: besides the
    # absolute 1e-5, one part in a million of the value.
    np.testing.assert_allclose(got, expected, atol=ATOL, rtol=1e-6)


@pytest.mark.parametrize("outputs", [1, 2])
def test_bce_classifier(tmp_path, outputs):
    _, meta, session, _, _ = check_export(tmp_path, f"""
cancer = dataset("breast_cancer")
train, test = split(cancer, [0.8, 0.2], seed: 3)
strain = standardize(train, using: train)
model = sequential([dense(8, activation: "relu"), dense({outputs})])
run = fit(model, strain, epochs: 10, batch: 32, loss: "bce", seed: 1)
""")
    assert meta["loss"] == "bce"
    assert session.get_outputs()[0].shape == ["N", 2]


def test_metadata_and_symbolic_batch(tmp_path):
    model, meta, session, x, stdout = check_export(tmp_path, IRIS + """
model = sequential([dense(8, activation: "relu"), dense(3)])
run = fit(model, strain, epochs: 5, seed: 1, name: "meta")
print("RUN")
print([run.id])
""")
    assert model.producer_name == "strata"
    assert [(o.domain, o.version) for o in model.opset_import] == [("", 20)]
    run_id = printed_json(stdout, "RUN")[0]
    schema = json.loads(meta["input_schema"])
    assert schema["input"] == "input" and schema["shape"] == ["N", 4]
    assert [c["name"] for c in schema["columns"]] == ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    assert json.loads(meta["feature_names"]) == [c["name"] for c in schema["columns"]]
    assert json.loads(meta["classes"]) == ["setosa", "versicolor", "virginica"]
    assert meta["target"] == "species"
    assert meta["task"] == "classification"
    preprocessing = json.loads(meta["preprocessing"])
    assert preprocessing["format"] == "strata-preprocessing"
    assert preprocessing["steps"][0]["op"] == "standardize"
    assert meta["run_id"] == run_id
    input_shape = session.get_inputs()[0].shape
    assert input_shape == ["N", 4]
    full = session.run(["probabilities"], {"input": x})[0]
    for n in (1, 7):
        part = session.run(["probabilities"], {"input": x[:n]})[0]
        assert part.shape == (n, 3)
        np.testing.assert_allclose(part, full[:n], atol=1e-6)


def test_command_line_export_writes_the_same_graph(tmp_path):
    strata_run(tmp_path, IRIS + """
model = sequential([dense(8, activation: "relu"), dense(3)])
run = fit(model, strain, epochs: 5, seed: 1, name: "cli-export")
export(run, "from-language.onnx")
""")
    env = {**os.environ, "STRATA_STORE": str(tmp_path / "store")}
    done = subprocess.run([str(STRATA), "export", "cli-export", "-o", str(tmp_path / "from-cli.onnx")],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(tmp_path / "from-cli.onnx")
    cli = onnx.load(tmp_path / "from-cli.onnx")
    onnx.checker.check_model(cli, full_check=True)
    language = onnx.load(tmp_path / "from-language.onnx")
    assert cli.graph == language.graph
    assert metadata(cli) == metadata(language)

    done = subprocess.run([str(STRATA), "export", "no-such-run", "-o", str(tmp_path / "x.onnx")],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1 and "no-such-run" in done.stderr
    done = subprocess.run([str(STRATA), "export", "cli-export", "-o", str(tmp_path / "missing" / "x.onnx")],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1 and str(tmp_path / "missing" / "x.onnx") in done.stderr
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("source, message", [
    ('m = sequential([dense(3)])\nexport(m, "m.onnx")', "has not been trained"),
    ('m = sequential([dense(3)])\nr = fit(m, dataset("iris"), epochs: 1)\nexport(r, "m.onnx", format: "tflite")',
     'unknown export format "tflite"'),
    ('m = sequential([dense(3)])\nr = fit(m, dataset("iris"), epochs: 1)\nexport(r, "no/such/folder/m.onnx")',
     "no/such/folder/m.onnx"),
])
def test_export_errors(tmp_path, source, message):
    done = strata_run(tmp_path, source + "\n", check=False)
    assert done.returncode == 1
    assert message in done.stderr, done.stderr
    assert not list(tmp_path.glob("**/*.onnx"))
