"""auc, top_k, r2, mcc (and the older metrics) agree with scikit-learn to 1e-6.

Each script trains a small model on a bundled dataset through `strata run`, prints
what Strata computed (evaluate's metrics and fit's last-epoch validation metrics) and
the model's class probabilities (`predict(..., probabilities: true)`) or predictions;
scikit-learn then computes each metric from the same printed numbers.
"""
import json
import subprocess

import numpy as np
import pytest
from sklearn.metrics import (accuracy_score, f1_score, matthews_corrcoef, mean_absolute_error, precision_score,
                             r2_score,
                             recall_score, roc_auc_score, top_k_accuracy_score)

from conftest import STRATA

TOLERANCE = 1e-6


def strata(tmp_path, source):
    """Runs `source` and returns its printed lines, split into words, by their first word."""
    script = tmp_path / "metrics.strata"
    script.write_text(source)
    done = subprocess.run([str(STRATA), "run", str(script)], capture_output=True, text=True, cwd=tmp_path,
                          env={"STRATA_STORE": str(tmp_path / "store"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    lines = {}
    for line in done.stdout.splitlines():
        words = line.split()
        if words and not line.startswith(("epoch", "stopped")):
            lines.setdefault(words[0], []).append(words[1:])
    return lines


def classification(tmp_path, dataset, layers, k, loss="auto"):
    source = f'''
ds = dataset("{dataset}")
train, test = split(ds, [0.7, 0.3], seed: 5)
train = standardize(train, using: train)
r = fit(sequential({layers}), train, val: test, epochs: 4, batch: 16, loss: "{loss}", seed: 3,
        metrics: ["accuracy", "precision", "recall", "f1", "auc", "top_k", "mcc"])
m = evaluate(r, test, k: {k})
for name in ["accuracy", "precision", "recall", "f1", "auc", "top_k", "mcc"] {{ print("evaluate", name, m[name]) }}
print("fit_val", "auc", r.metrics.val_auc)
print("fit_val", "mcc", r.metrics.val_mcc)
print("fit_val", "top_k", r.metrics.val_top_k)
print("classes", classes(train))
for row in predict(r, test, probabilities: true) {{ print("p", row) }}
for c in test[target(test)] {{ print("y", c) }}
for c in predict(r, test) {{ print("predicted", c) }}
'''
    lines = strata(tmp_path, source)
    classes = " ".join(lines["classes"][0]).strip("[]").replace('"', "").split(", ")
    index = {name: i for i, name in enumerate(classes)}
    probabilities = np.array([[float(v) for v in " ".join(row).strip("[]").split(", ")] for row in lines["p"]])
    truth = np.array([index[row[0]] for row in lines["y"]])
    predicted = np.array([index[row[0]] for row in lines["predicted"]])
    evaluated = {row[0]: float(row[1]) for row in lines["evaluate"]}
    fitted = {row[0]: float(row[1]) for row in lines["fit_val"]}
    return classes, probabilities, truth, predicted, evaluated, fitted


@pytest.mark.parametrize("dataset,layers,k,loss", [
    ("wine", '[dense(8, activation: "relu"), dense(3)]', 2, "auto"),
    ("digits", '[flatten(), dense(10)]', 3, "auto"),
    ("breast_cancer", '[dense(8, activation: "relu"), dense(2)]', 1, "auto"),
    ("breast_cancer", '[dense(1)]', 1, "bce"),
])
def test_classification_metrics_agree_with_scikit_learn(tmp_path, dataset, layers, k, loss):
    classes, p, y, predicted, evaluated, fitted = classification(tmp_path, dataset, layers, k, loss)
    labels = list(range(len(classes)))
    if len(classes) == 2:
        auc = roc_auc_score(y, p[:, 1])
        top_k = top_k_accuracy_score(y, p[:, 1], k=k, labels=labels)
        fit_top_k = top_k_accuracy_score(y, p[:, 1], k=5, labels=labels)
    else:
        auc = roc_auc_score(y, p, multi_class="ovr", average="macro", labels=labels)
        top_k = top_k_accuracy_score(y, p, k=k, labels=labels)
        fit_top_k = top_k_accuracy_score(y, p, k=5, labels=labels)
    assert evaluated["auc"] == pytest.approx(auc, abs=TOLERANCE)
    assert evaluated["top_k"] == pytest.approx(top_k, abs=TOLERANCE)
    # fit's last-epoch validation metrics are over the whole split, as evaluate's.
    assert fitted["auc"] == pytest.approx(auc, abs=TOLERANCE)
    assert fitted["top_k"] == pytest.approx(fit_top_k, abs=TOLERANCE)
    assert evaluated["accuracy"] == pytest.approx(accuracy_score(y, predicted), abs=TOLERANCE)
    assert evaluated["mcc"] == pytest.approx(matthews_corrcoef(y, predicted), abs=TOLERANCE)
    assert fitted["mcc"] == pytest.approx(matthews_corrcoef(y, predicted), abs=TOLERANCE)
    for name, metric in [("precision", precision_score), ("recall", recall_score), ("f1", f1_score)]:
        expected = metric(y, predicted, average="macro", labels=sorted(set(y) | set(predicted)), zero_division=0)
        assert evaluated[name] == pytest.approx(expected, abs=TOLERANCE), name


def test_regression_metrics_agree_with_scikit_learn(tmp_path):
    lines = strata(tmp_path, '''
ds = dataset("diabetes")
train, test = split(ds, [0.7, 0.3], seed: 5)
train = standardize(train, using: train)
r = fit(sequential([dense(16, activation: "relu"), dense(1)]), train, val: test, epochs: 20, batch: 16,
        optimizer: adam(lr: 0.05), metrics: ["rmse", "mae", "r2"], seed: 3)
m = evaluate(r, test)
for name in ["rmse", "mae", "r2"] { print("evaluate", name, m[name]) }
print("fit_val", "r2", r.metrics.val_r2)
for v in predict(r, test) { print("p", v) }
for v in test[target(test)] { print("y", v) }
''')
    predicted = np.array([float(row[0]) for row in lines["p"]])
    y = np.array([float(row[0]) for row in lines["y"]])
    evaluated = {row[0]: float(row[1]) for row in lines["evaluate"]}
    fitted = {row[0]: float(row[1]) for row in lines["fit_val"]}
    assert evaluated["r2"] == pytest.approx(r2_score(y, predicted), abs=TOLERANCE)
    assert fitted["r2"] == pytest.approx(r2_score(y, predicted), abs=TOLERANCE)
    assert evaluated["mae"] == pytest.approx(mean_absolute_error(y, predicted), rel=TOLERANCE)
    assert evaluated["rmse"] == pytest.approx(np.sqrt(np.mean((y - predicted) ** 2)), rel=TOLERANCE)


def test_a_run_records_the_objective_it_stopped_on(tmp_path):
    strata(tmp_path, '''
iris = dataset("iris")
train, val = split(iris, [0.8, 0.2], seed: 3)
fit(sequential([dense(3)]), train, val: val, epochs: 3, early_stop: 2, seed: 1, name: "watched",
    early_stop_on: objective([precision: 0.5, recall: 0.5], require: [val_accuracy: 0.5]));
''')
    done = subprocess.run([str(STRATA), "show", "watched", "--json"], capture_output=True, text=True, cwd=tmp_path,
                          env={"STRATA_STORE": str(tmp_path / "store"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    params = json.loads(done.stdout)["params"]
    assert params["early_stop_on"] == {"weights": {"precision": 0.5, "recall": 0.5}, "goal": "max",
                                       "require": {"val_accuracy": 0.5}}
    assert set(params["metrics"]) >= {"precision", "recall"}
