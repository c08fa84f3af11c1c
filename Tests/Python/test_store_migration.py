"""A store written by the previous release (schema 3) opens, migrates to schema 4, and
its runs restore bit-identically: the same losses and predictions as when they were
trained (Tests/ExperimentsTests/Fixtures/store-v3-expected.txt, written then)."""
import json
import shutil
import subprocess

from conftest import ROOT, STRATA

FIXTURES = ROOT / "Tests" / "ExperimentsTests" / "Fixtures"

SCRIPT = '''
iris = dataset("iris")
small = sample(minmax(dataset("digits")), 300, seed: 4)
wine = load_csv("raw/wine.csv", target: "cultivar")
for pair in [["iris-mlp", iris], ["iris-early", iris], ["digits-cnn", small],
             ["diabetes", dataset("diabetes")], ["wine-tracked", wine]] {
  r = run(pair[0])
  print("EVAL", pair[0], evaluate(r, pair[1]).loss)
  print("PRED", pair[0], predict(r, pair[1]))
  m = restore(r)
  print("SAME", pair[0], predict(m, pair[1]) == predict(r, pair[1]))
}
'''


def migrated_store(tmp_path):
    store = tmp_path / "store"
    shutil.copytree(FIXTURES / "store-v3", store)
    (tmp_path / "raw").mkdir()
    shutil.copy(ROOT / "Sources" / "Data" / "Datasets" / "wine.csv", tmp_path / "raw" / "wine.csv")
    return store


def strata(tmp_path, store, *args):
    return subprocess.run([str(STRATA), *args, "--store", str(store)], capture_output=True, text=True, cwd=tmp_path,
                          timeout=120, check=True).stdout


def test_runs_of_a_schema_3_store_restore_bit_identically(tmp_path):
    store = migrated_store(tmp_path)
    script = tmp_path / "check.strata"
    script.write_text(SCRIPT)
    done = subprocess.run([str(STRATA), "run", str(script)], capture_output=True, text=True, cwd=tmp_path,
                          timeout=300, env={**__import__("os").environ, "STRATA_STORE": str(store)})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    expected = (FIXTURES / "store-v3-expected.txt").read_text().splitlines()
    assert [line for line in lines if line.startswith(("EVAL", "PRED"))] == expected
    assert [line for line in lines if line.startswith("SAME")] == [
        f"SAME {name} true" for name in ["iris-mlp", "iris-early", "digits-cnn", "diabetes", "wine-tracked"]]


def test_show_json_prints_the_migrated_typed_run(tmp_path):
    store = migrated_store(tmp_path)
    early = json.loads(strata(tmp_path, store, "show", "iris-early", "--json"))
    assert early["schema_version"] == 1
    assert early["outcome"]["kind"] == "stopped_early"
    assert early["outcome"]["kept_epoch"] < early["outcome"]["stopped_epoch"] == len(early["history"])
    assert [layer["kind"] for layer in early["model"]["layers"]] == ["dense", "batchnorm", "activation", "dense"]
    assert early["model"]["layers"][0] == {"activation": "tanh", "kind": "dense", "units": 6}
    assert early["params"]["optimizer"]["name"] == "sgd" and early["params"]["optimizer"]["nesterov"] is True
    train = early["data"][0]
    assert train["role"] == "train" and train["lineage"]["operation"] == "split"
    interrupted = json.loads(strata(tmp_path, store, "show", "interrupted", "--json"))
    assert interrupted["outcome"] == {"kind": "interrupted", "epoch": 145, "batch": 325, "batches": 1797}
    text = strata(tmp_path, store, "show", "interrupted")
    assert "status:   interrupted (interrupted at epoch 145, batch 325 of 1797)" in text
