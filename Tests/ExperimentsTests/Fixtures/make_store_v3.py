"""Writes Tests/ExperimentsTests/Fixtures/store-v3: a store as Strata 0.1.0 (schema version 3) wrote it,
for the migration tests. It was run once, with the release built from commit 56998d0:

    .venv/bin/python Tests/ExperimentsTests/Fixtures/make_store_v3.py .build/release/strata

and its output committed; a newer strata would write a newer schema, so it is not run
again. Besides the store it writes expected.txt: what each run's restored model
predicted then, which the tests compare with what the migrated store restores now.

The runs cover every layer kind and setting the language had, each way a run ended
(finished, stopped early, interrupted, failed in its process, still running when its
process was killed), classification and regression, image and tabular data, tags,
and a tracked folder that a run's CSV came from.
"""
import os
import pathlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
STRATA = pathlib.Path(sys.argv[1]).resolve()
OUT = HERE / "store-v3"
WORK = HERE / "store-v3-work"

RUNS = r'''
iris = dataset("iris")
train, val = split(iris, [0.8, 0.2], seed: 3)
a = fit(sequential([dense(8, activation: "relu"), dropout(0.25), dense(3, activation: "softmax")]), train,
        val: val, epochs: 30, batch: 16, optimizer: adam(lr: 0.01), seed: 1, name: "iris-mlp", tags: ["fixture", "mlp"])
b = fit(sequential([dense(6, activation: "tanh"), batchnorm(), sigmoid(), dense(3)]), train, val: val,
        epochs: 40, batch: 8, optimizer: sgd(lr: 0.5, momentum: 0.9, nesterov: true), seed: 2,
        early_stop: 2, name: "iris-early")
digits = minmax(dataset("digits"))
small = sample(digits, 300, seed: 4)
c = fit(sequential([reshape([1, 8, 8]), conv2d(4, kernel: 2, stride: 1, padding: "valid", activation: "relu"),
                    maxpool2d(size: 2), conv2d(3, activation: "gelu"), avgpool2d(), flatten(), tanh(),
                    dense(10), softmax()]),
        small, epochs: 8, batch: 32, optimizer: adamw(lr: 0.01, weight_decay: 0.05), seed: 3, name: "digits-cnn")
d = fit(sequential([dense(4, activation: "sigmoid"), relu(), dense(1)]), dataset("diabetes"), epochs: 3,
        batch: 64, optimizer: sgd(lr: 0.01), loss: "mae", metrics: ["mae", "rmse"], seed: 4, name: "diabetes")
tracked = track("raw")
wine = load_csv("raw/wine.csv", target: "cultivar")
e = fit(sequential([dense(5, activation: "relu"), dense(3)]), wine, epochs: 2, seed: 5, name: "wine-tracked")
tag(e, "tracked")
for pair in [["iris-mlp", a, iris], ["iris-early", b, iris], ["digits-cnn", c, small],
             ["diabetes", d, dataset("diabetes")], ["wine-tracked", e, wine]] {
  print("EVAL", pair[0], evaluate(pair[1], pair[2]).loss)
  print("PRED", pair[0], predict(pair[1], pair[2]))
}
'''

INTERRUPTED = r'''
big = dataset("digits")
r = fit(sequential([flatten(), dense(256, activation: "relu"), dense(10)]), big, epochs: 100000, batch: 1, seed: 6,
        name: "interrupted")
'''

KILLED = INTERRUPTED.replace('"interrupted"', '"killed"')


def run(source, env, stop=None):
    script = WORK / "script.strata"
    script.write_text(source)
    process = subprocess.Popen([str(STRATA), "run", str(script)], cwd=WORK, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if stop:
        time.sleep(4)
        process.send_signal(stop)
    out, err = process.communicate(timeout=300)
    return out, err


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "raw").mkdir(parents=True)
    data = pathlib.Path(__file__).resolve().parents[3] / "Sources" / "Data" / "Datasets"
    shutil.copy(data / "wine.csv", WORK / "raw" / "wine.csv")
    env = dict(os.environ, STRATA_STORE=str(OUT))
    out, err = run(RUNS, env)
    assert "PRED wine-tracked" in out, err
    lines = [line for line in out.splitlines() if line.startswith(("PRED ", "EVAL "))]
    _, err = run(INTERRUPTED, env, stop=signal.SIGINT)
    assert "interrupted" in err, err
    run(KILLED, env, stop=signal.SIGKILL)
    (HERE / "store-v3-expected.txt").write_text("\n".join(lines) + "\n")
    shutil.rmtree(WORK)
    # The write-ahead log into the database file, as the last connection's close does,
    # so the fixture is one file (the killed process never closed its connection).
    connection = sqlite3.connect(OUT / "strata.db")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    for leftover in ("strata.lock", "strata.db-wal", "strata.db-shm"):
        (OUT / leftover).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
