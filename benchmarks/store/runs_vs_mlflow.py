#!/usr/bin/env python3
"""`runs()` over 10,000 runs against mlflow.search_runs on a SQLite-backed store.

One command: python3 benchmarks/store/runs_vs_mlflow.py [--strata PATH] [--python PY]
Writes 10,000 runs into a Strata store (`strata store stress`, 1 epoch each) and the
same number into MLflow (SQLite backend; run in the dvc/mlflow venv's python), then
times `strata runs --limit 0 --json` (every run, sorted by creation) and
`strata runs --sort -loss --limit 20`, against `mlflow.search_runs` over all runs,
and prints the ratio. Process start-up is included for strata and excluded for mlflow
(it is timed inside Python), which favours mlflow.
"""
import argparse
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]

MLFLOW = r'''
import os, sys, time, logging
logging.disable(logging.WARNING)
import mlflow
from mlflow.entities import Metric, Param, RunTag
folder = sys.argv[1]; count = int(sys.argv[2])
mlflow.set_tracking_uri(f"sqlite:///{folder}/mlflow.db")
client = mlflow.tracking.MlflowClient()
experiment = client.create_experiment("bench", artifact_location=f"{folder}/artifacts")
start = time.perf_counter()
now = int(time.time() * 1000)
for index in range(count):
    run = client.create_run(experiment, run_name=f"run-{index}")
    client.log_batch(run.info.run_id, metrics=[Metric("loss", 1.0 / (index + 1), now, 1)],
                     params=[Param("index", str(index))])
    client.set_terminated(run.info.run_id)
print(f"write {time.perf_counter() - start:.3f}", flush=True)
for attempt in range(3):
    start = time.perf_counter()
    frame = mlflow.search_runs(experiment_ids=[experiment], max_results=count + 1)
    print(f"search_all {time.perf_counter() - start:.4f} {len(frame)}", flush=True)
    start = time.perf_counter()
    frame = mlflow.search_runs(experiment_ids=[experiment], order_by=["metrics.loss DESC"], max_results=20)
    print(f"search_top20 {time.perf_counter() - start:.4f} {len(frame)}", flush=True)
'''


def best_of(args, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--strata", default=str(ROOT / ".build" / "release" / "strata"))
    parser.add_argument("--python", default="/tmp/dvc-venv/bin/python", help="a python with mlflow installed")
    parser.add_argument("--runs", type=int, default=10_000)
    options = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="strata-bench-runs-"))
    store = work / "store"
    start = time.perf_counter()
    subprocess.run([options.strata, "store", "stress", "--runs", str(options.runs), "--epochs", "1",
                    "--weight-bytes", "64", "--store", str(store)], check=True, capture_output=True)
    print(f"strata: wrote {options.runs} runs in {time.perf_counter() - start:.1f} s")
    all_runs = best_of([options.strata, "runs", "--limit", "0", "--json", "--store", str(store)])
    top = best_of([options.strata, "runs", "--sort=-loss", "--limit", "20", "--store", str(store)])
    print(f"strata runs (all {options.runs}, JSON, incl. process start): {all_runs:.3f} s")
    print(f"strata runs --sort=-loss --limit 20 (incl. process start):  {top:.3f} s")
    try:
        done = subprocess.run([options.python, "-c", MLFLOW, str(work), str(options.runs)], check=True,
                              capture_output=True, text=True)
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        print(f"mlflow unavailable: {getattr(error, 'stderr', error)}")
        return
    lines = [line.split() for line in done.stdout.splitlines()]
    search_all = min(float(line[1]) for line in lines if line[0] == "search_all")
    search_top = min(float(line[1]) for line in lines if line[0] == "search_top20")
    print(f"mlflow: {lines[0]}")
    print(f"mlflow.search_runs (all):           {search_all:.3f} s  -> strata {search_all / all_runs:.1f}x faster")
    print(f"mlflow.search_runs (top 20 by loss): {search_top:.3f} s  -> strata {search_top / top:.1f}x faster")


if __name__ == "__main__":
    sys.exit(main())
