#!/usr/bin/env python3
"""The README's screenshots of `strata ui`, on the store the example notebooks make.

    .venv/bin/python Tests/Python/ui_fixtures/screenshots.py [--out Docs/images] [--strata PATH]
                                                              [--store DIR [--skip-notebooks]] [--traffic S]

1. Executes notebooks/quickstart.ipynb (the run iris-mlp), notebooks/sweep.ipynb (the sweep digits-mlp,
   30 trials), notebooks/raw-data.ipynb (a tracked folder and the run wine-mlp trained on it) and
   notebooks/serving.ipynb (iris-served, served and queried, so its prediction log and drift report
   have data) on the Strata kernel with nbclient, as test_notebooks.py does, all into one fresh store
   (a temporary folder unless --store; --skip-notebooks reuses a store made before).
2. The notebook sends two requests; a served model's page shows traffic over time, so `strata serve
   iris-served` then answers --traffic seconds (default 20; 0: none) of small requests of raw iris rows,
   a few a second, as a client would send them.
3. Starts `strata ui` on that store and saves OUT/ui-<page>.png at 1280x800 with headless Debian
   chromium: runs, run (iris-mlp), compare (the sweep's two best trials), sweeps, sweep (digits-mlp),
   data, serving (iris-served's page).

The kernelspec is installed into a temporary prefix (`strata install --prefix`), as the tests do, so
the user's Jupyter set-up is left alone."""
import argparse
import csv
import json
import os
import pathlib
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from dashboard import SCREENSHOT_PAGES, Dashboard, take_screenshots

ROOT = pathlib.Path(__file__).resolve().parents[3]
NOTEBOOKS = ["quickstart", "sweep", "raw-data", "serving"]
COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def run_notebooks(strata, store, work):
    """Executes the notebooks in `work` (a copy of notebooks/data beside them), their runs going to `store`."""
    import nbformat
    from nbclient import NotebookClient

    prefix = tempfile.mkdtemp(prefix="strata-kernelspec-")
    subprocess.run([str(strata), "install", "--prefix", prefix], check=True, capture_output=True)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    os.environ["STRATA_STORE"] = str(store)  # the kernel inherits it
    shutil.copytree(ROOT / "notebooks" / "data", work / "data", dirs_exist_ok=True)
    for name in NOTEBOOKS:
        started = time.monotonic()
        nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        NotebookClient(nb, kernel_name="strata", timeout=600, resources={"metadata": {"path": str(work)}}).execute()
        print(f"ran {name}.ipynb in {time.monotonic() - started:.0f} s", flush=True)


def send_traffic(strata, store, model, seconds):
    """Serves `model` and sends it requests of 1 to 8 raw iris rows at random intervals for `seconds`."""
    with open(ROOT / "Sources" / "Data" / "Datasets" / "iris.csv", newline="") as handle:
        rows = [[float(r[c]) for c in COLUMNS] for r in csv.DictReader(handle)]
    server = subprocess.Popen([str(strata), "serve", model, "--store", str(store), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = next((line for line in iter(server.stdout.readline, "") if line.startswith("listening on http://")),
                    None)
        if line is None:
            raise SystemExit("strata serve did not start: " + server.stderr.read())
        url = line.split(" ", 2)[2].strip() + f"/v2/models/{model}/infer"
        rng = random.Random(1)
        deadline, sent = time.monotonic() + seconds, 0
        while time.monotonic() < deadline:
            batch = rng.sample(rows, rng.randint(1, 8))
            body = {"inputs": [{"name": c, "datatype": "FP64", "shape": [len(batch)], "data": [r[i] for r in batch]}
                               for i, c in enumerate(COLUMNS)]}
            request = urllib.request.Request(url, data=json.dumps(body).encode(),
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as reply:
                reply.read()
            sent += 1
            time.sleep(rng.expovariate(4))
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=60)
        print(f"sent {sent} requests to {model} in {seconds} s", flush=True)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()


def best_trials(dashboard, sweep, objective, n=2):
    """The ids of the sweep's n best runs, as the runs page ranks them."""
    status, body, _ = dashboard.request(f"/runs?sweep={sweep}&sort=objective&objective={objective}")
    if status != 200:
        raise SystemExit(f"/runs?sweep={sweep} answered {status}")
    ids = re.findall(r'<tr class="run[^"]*" data-id="([^"]+)"', body)
    if len(ids) < n:
        raise SystemExit(f"the sweep {sweep} has {len(ids)} runs; the notebooks did not run into this store?")
    return ids[:n]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "Docs" / "images"), help="where ui-<page>.png go")
    parser.add_argument("--strata", default=os.environ.get("STRATA_BIN", str(ROOT / ".build" / "debug" / "strata")))
    parser.add_argument("--store", help="the store folder (default: a new temporary one)")
    parser.add_argument("--skip-notebooks", action="store_true", help="use --store as the notebooks left it")
    parser.add_argument("--traffic", type=float, default=20, help="seconds of requests to iris-served (0: none)")
    args = parser.parse_args()
    strata = pathlib.Path(args.strata).resolve()
    if args.skip_notebooks and not args.store:
        parser.error("--skip-notebooks needs --store")

    work = pathlib.Path(tempfile.mkdtemp(prefix="strata-screenshots-"))
    store = pathlib.Path(args.store).resolve() if args.store else work / "store"
    if not args.skip_notebooks:
        run_notebooks(strata, store, work)
    if args.traffic > 0:
        send_traffic(strata, store, "iris-served", args.traffic)

    import playwright.sync_api
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Debian's chromium is not installed (apt-get install chromium)")
    dashboard = Dashboard(strata, store, environment={**os.environ, "STRATA_STORE": str(store)})
    try:
        first, second = best_trials(dashboard, "digits-mlp", "val_accuracy")
        paths = {"runs": "/runs", "run": "/runs/iris-mlp", "compare": f"/compare?run={first}&run={second}",
                 "sweeps": "/sweeps", "sweep": "/sweeps/digits-mlp", "data": "/data", "serving": "/serving/iris-served"}
        with playwright.sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                written = take_screenshots(browser, dashboard.url, {n: paths[n] for n in SCREENSHOT_PAGES}, args.out)
            finally:
                browser.close()
    finally:
        dashboard.stop()
    for file in written:
        print("wrote", file)
    shutil.rmtree(work, ignore_errors=True)  # the notebooks' copies (and the store, unless --store)
    return 0


if __name__ == "__main__":
    sys.exit(main())
