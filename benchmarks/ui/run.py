#!/usr/bin/env python3
"""`strata ui` against the MLflow UI on the same 10,000 runs: time until the runs page shows its runs in a
browser, and the server time of a run's page.

    python3 benchmarks/ui/run.py [--strata PATH] [--runs 10000] [--epochs 100] [--repeats 5] [--keep]

1. `strata store stress --runs N --epochs E` writes N finished runs (params index and epochs, E epochs of
   `loss` history) into a new local store.
2. The same runs (name, params index and epochs, E steps of `loss`, final loss, FINISHED) are logged into
   MLflow with a SQLite backend (sqlite:///WORK/mlflow.db) with MlflowClient.log_batch, from --loaders
   processes; not timed. MLflow runs from its own venv (--mlflow-venv, created from
   benchmarks/ui/requirements.txt when missing). The experiment is tagged as a model-training experiment
   (mlflow.experimentKind), as MLflow's UI does when a user picks that kind.
3. `strata ui --store STORE --port 0` and `mlflow server --backend-store-uri sqlite:///... ` are started on
   127.0.0.1; each gets one untimed page load first (imports, database connections, page cache).
4. Headless Debian chromium through Playwright, one browser, a fresh context (empty cache, cookies and local
   storage) for every load, strata and MLflow alternating, --repeats loads each: the time from goto to the
   first run row being visible (time.perf_counter around page.goto(wait_until="commit") + wait_for_selector):
   - strata: /runs, until `table#runs tbody tr.run` is visible (the first page, 50 runs);
   - MLflow: /#/experiments/ID/runs?workflowType=machine_learning (the experiment's Runs tab; the bare
     /#/experiments/ID opens MLflow 3's GenAI overview), until a grid cell holding a link to a run
     (`[role=gridcell] a[href*="/runs/"]`, the run-name column of MLflow's ag-grid) is visible; MLflow
     asks its server for the first 100 runs.
   After each load the page is checked (not timed): strata's row count and `p.count`, MLflow's run names.
5. A run's page: GET /runs/ID from strata ui for 20 runs spread over the store (one untimed request
   first), reading `Server-Timing: render;dur=MS` and the wall time of each request (urllib, new connection).
6. Prints a table (medians, ratio, p90) and writes every figure as JSON (WORK/results.json unless --json).

Every server started here is stopped at the end, also on failure or Ctrl-C. The work folder (store, MLflow
database) is removed unless --keep or --work is given; results.json is kept, its path printed. With --work
DIR, a store and an MLflow database left there by an earlier run of the same --runs/--epochs are reused,
so the slow MLflow load happens once.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
REPO_PYTHON = os.path.join(ROOT, ".venv", "bin", "python")

STRATA_ROW = "table#runs tbody tr.run"
MLFLOW_ROW = '[role="gridcell"] a[href*="/runs/"]'


def ensure_playwright():
    """Playwright lives in the repo venv: re-run this script there when started with another python."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        # The venv's python is a symlink to the system one: tell them apart by sys.prefix, not by the binary.
        in_repo_venv = os.path.realpath(sys.prefix) == os.path.realpath(os.path.join(ROOT, ".venv"))
        if os.access(REPO_PYTHON, os.X_OK) and not in_repo_venv:
            os.execv(REPO_PYTHON, [REPO_PYTHON, os.path.abspath(__file__), *sys.argv[1:]])
        raise SystemExit("playwright is not installed: use the repo venv (.venv/bin/python) or pip install playwright")


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Failed(Exception):
    pass


def run(cmd, env=None, check=True):
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise Failed(f"{' '.join(map(str, cmd))} exited {done.returncode}:\n{done.stderr.strip()[-3000:]}")
    return done


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def median(values):
    return statistics.median(values) if values else None


def p90(values):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]


# ---------------------------------------------------------------- mlflow

# Runs inside the MLflow venv. Mirrors `strata store stress`: params index and epochs, `loss` = 1/epoch at
# steps 1..E (so the final loss is 1/E), FINISHED.
MLFLOW_CREATE = r'''
import logging, sys, warnings
warnings.filterwarnings("ignore"); logging.disable(logging.WARNING)
from mlflow.tracking import MlflowClient
uri, artifacts = sys.argv[1], sys.argv[2]
client = MlflowClient(tracking_uri=uri)
experiment = client.create_experiment("ui-bench", artifact_location=artifacts,
                                      tags={"mlflow.experimentKind": "custom_model_development"})
print(experiment)
'''

MLFLOW_LOAD = r'''
import logging, sys, time, warnings
warnings.filterwarnings("ignore"); logging.disable(logging.WARNING)
from mlflow.tracking import MlflowClient
from mlflow.entities import Metric, Param
uri, experiment, start, stop, epochs, base = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:7])
client = MlflowClient(tracking_uri=uri)
for index in range(start, stop):
    created = base + index * 10
    run = client.create_run(experiment, run_name=f"stress-{index}", start_time=created)
    metrics = [Metric("loss", 1.0 / epoch, created + epoch, epoch) for epoch in range(1, epochs + 1)]
    params = [Param("index", str(index)), Param("epochs", str(epochs))]
    for offset in range(0, len(metrics), 1000):  # log_batch takes at most 1000 metrics
        client.log_batch(run.info.run_id, metrics=metrics[offset:offset + 1000], params=params if offset == 0 else [])
    client.set_terminated(run.info.run_id, "FINISHED", end_time=created + epochs + 1)
    if (index - start + 1) % 250 == 0:
        print(index - start + 1, flush=True)
'''

MLFLOW_COUNT = r'''
import logging, sys, warnings
warnings.filterwarnings("ignore"); logging.disable(logging.WARNING)
from mlflow.tracking import MlflowClient
client = MlflowClient(tracking_uri=sys.argv[1])
count, token = 0, None
while True:
    page = client.search_runs([sys.argv[2]], max_results=50000, page_token=token)
    count += len(page)
    token = page.token
    if not token:
        break
print(count)
'''


def mlflow_env():
    # No telemetry: this machine reaches no one, and a blocked upload must not slow anything down.
    return dict(os.environ, MLFLOW_DISABLE_TELEMETRY="true", DO_NOT_TRACK="true")


def mlflow_venv(venv):
    python = os.path.join(venv, "bin", "python")
    if not os.access(os.path.join(venv, "bin", "mlflow"), os.X_OK):
        log(f"creating the MLflow venv {venv} (pip install -r benchmarks/ui/requirements.txt; a minute or two)")
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        done = subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r",
                               os.path.join(HERE, "requirements.txt")])
        if done.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            raise Failed("pip could not install mlflow (is the package index reachable?)")
    version = run([python, "-c", "import mlflow; print(mlflow.__version__)"], env=mlflow_env()).stdout.strip()
    return python, version


def load_mlflow(python, uri, artifacts, runs, epochs, loaders):
    experiment = run([python, "-c", MLFLOW_CREATE, uri, artifacts], env=mlflow_env()).stdout.strip().splitlines()[-1]
    base = int(time.time() * 1000) - runs * 10
    step = -(-runs // loaders)
    log(f"logging {runs} runs x {epochs} steps into MLflow (SQLite, log_batch, {loaders} processes; not timed)")
    start = time.perf_counter()
    processes = [subprocess.Popen([python, "-c", MLFLOW_LOAD, uri, experiment, str(first), str(min(runs, first + step)),
                                   str(epochs), str(base)], env=mlflow_env(), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
                 for first in range(0, runs, step)]
    done = [0] * len(processes)
    errors = [""] * len(processes)

    def follow(i, process):
        for line in process.stdout:
            done[i] = int(line)

    def drain(i, process):
        errors[i] = process.stderr.read()

    threads = [threading.Thread(target=f, args=(i, p), daemon=True)
               for i, p in enumerate(processes) for f in (follow, drain)]
    for t in threads:
        t.start()
    try:
        while any(p.poll() is None for p in processes):
            time.sleep(10)
            total = sum(done)
            elapsed = time.perf_counter() - start
            if total:
                left = elapsed / total * (runs - total)
                log(f"  mlflow: {total}/{runs} runs, {elapsed:.0f} s, about {left:.0f} s left")
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
    for t in threads:
        t.join(10)
    for p, err in zip(processes, errors):
        if p.returncode != 0:
            raise Failed(f"an MLflow loader exited {p.returncode}: {err.strip()[-2000:]}")
    seconds = time.perf_counter() - start
    count = int(run([python, "-c", MLFLOW_COUNT, uri, experiment], env=mlflow_env()).stdout.strip().splitlines()[-1])
    if count != runs:
        raise Failed(f"MLflow holds {count} runs, expected {runs}")
    log(f"  loaded in {seconds:.0f} s")
    return experiment, seconds


# ---------------------------------------------------------------- servers

class Server:
    """A process in its own session, so stopping it stops its workers too; output to a log file, and the
    first line matching `ready` (a regex) captured when given."""

    def __init__(self, name, cmd, log_path, env=None, ready=None):
        self.name, self.log_path = name, log_path
        self.log_file = open(log_path, "w")
        self.match = None
        self.matched = threading.Event()
        self.process = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE if ready else self.log_file,
                                        stderr=self.log_file if ready else subprocess.STDOUT,
                                        start_new_session=True, text=bool(ready))
        if ready:
            threading.Thread(target=self._read, args=(re.compile(ready),), daemon=True).start()

    def _read(self, pattern):
        for line in self.process.stdout:  # keeps draining after the match, so the server never blocks on a pipe
            self.log_file.write(line)
            self.log_file.flush()
            if self.match is None:
                found = pattern.search(line)
                if found:
                    self.match = found
                    self.matched.set()
        self.matched.set()

    def wait_line(self, seconds):
        if not self.matched.wait(seconds) or self.match is None:
            raise Failed(f"{self.name} printed no listening line within {seconds} s "
                         f"(exit {self.process.poll()}); see {self.log_path}:\n{self.tail()}")
        return self.match

    def wait_http(self, url, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise Failed(f"{self.name} exited {self.process.returncode}:\n{self.tail()}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise Failed(f"{self.name} did not answer {url} within {seconds} s:\n{self.tail()}")

    def tail(self):
        self.log_file.flush()
        try:
            with open(self.log_path) as f:
                return f.read()[-2000:]
        except OSError:
            return ""

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait(5)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    pass
        self.log_file.close()


# ---------------------------------------------------------------- browser

def time_page(browser, url, selector, check):
    """Seconds from goto to `selector` visible, in a fresh context (cold cache); the document's own
    Server-Timing render time in ms when it sends one (None otherwise); and what check(page), run
    untimed afterwards to verify what was shown, returns."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        start = time.perf_counter()
        response = page.goto(url, wait_until="commit", timeout=120_000)
        page.wait_for_selector(selector, state="visible", timeout=120_000)
        seconds = time.perf_counter() - start
        found = re.search(r"render;dur=([0-9.]+)", (response.headers if response else {}).get("server-timing", ""))
        return seconds, float(found.group(1)) if found else None, check(page)
    finally:
        context.close()


def check_strata(runs):
    def check(page):
        rows = page.locator(STRATA_ROW).count()
        count = page.locator("p.count").first.inner_text()
        if rows == 0 or f"{runs:,}" not in count:
            raise Failed(f"strata /runs shows {rows} rows and count {count!r}, expected {runs:,} runs")
        return f"{rows} rows, {count!r}"
    return check


def check_mlflow(page):
    names = page.locator(MLFLOW_ROW).all_inner_texts()
    if not names or not all(n.startswith("stress-") for n in names):
        raise Failed(f"MLflow's runs grid shows {names[:5]!r}, expected run names")
    return f"{len(names)} run names rendered (first {names[0]!r})"


# ---------------------------------------------------------------- the benchmark

class Bench:
    def __init__(self, args):
        self.args = args
        self.reuse = bool(args.work)
        self.work = os.path.abspath(args.work or tempfile.mkdtemp(prefix="strata-ui-bench-"))
        os.makedirs(self.work, exist_ok=True)
        self.servers = []
        self.results = {"date": datetime.datetime.now().isoformat(timespec="seconds"),
                        "settings": {"runs": args.runs, "epochs": args.epochs, "repeats": args.repeats,
                                     "run_pages": args.run_pages, "loaders": args.loaders},
                        "versions": {}, "setup_seconds": {}, "runs_page_seconds": {},
                        "runs_page_server_ms": {}, "run_page_ms": {},
                        "checks": {}, "notes": [], "failures": []}

    def note(self, text):
        log(text)
        self.results["notes"].append(text)

    def marker(self, name):
        return os.path.join(self.work, f"{name}.done.json")

    def reusable(self, name):
        try:
            with open(self.marker(name)) as f:
                m = json.load(f)
            return m if m.get("runs") == self.args.runs and m.get("epochs") == self.args.epochs else None
        except (OSError, ValueError):
            return None

    def mark(self, name, **extra):
        with open(self.marker(name), "w") as f:
            json.dump({"runs": self.args.runs, "epochs": self.args.epochs, **extra}, f)

    # ------------------------------------------------------------ data

    def strata_store(self):
        a = self.args
        store = os.path.join(self.work, "store")
        if self.reuse and self.reusable("store"):
            log(f"reusing the strata store {store}")
            return store
        shutil.rmtree(store, ignore_errors=True)
        log(f"strata store stress: {a.runs} runs x {a.epochs} epochs into {store}")
        start = time.perf_counter()
        run([self.strata, "store", "stress", "--store", store, "--runs", str(a.runs), "--epochs", str(a.epochs)])
        self.results["setup_seconds"]["strata store stress"] = time.perf_counter() - start
        log(f"  {time.perf_counter() - start:.0f} s")
        self.mark("store")
        return store

    def mlflow_data(self):
        a = self.args
        db = os.path.join(self.work, "mlflow.db")
        uri = f"sqlite:///{db}"
        done = self.reuse and self.reusable("mlflow")
        if done:
            log(f"reusing the MLflow database {db}")
            return uri, done["experiment"]
        for stale in (db, os.path.join(self.work, "mlflow-artifacts")):
            if os.path.isdir(stale):
                shutil.rmtree(stale)
            elif os.path.exists(stale):
                os.remove(stale)
        experiment, seconds = load_mlflow(self.mlflow_python, uri, os.path.join(self.work, "mlflow-artifacts"),
                                          a.runs, a.epochs, a.loaders)
        self.results["setup_seconds"]["mlflow load (log_batch into SQLite)"] = seconds
        self.mark("mlflow", experiment=experiment)
        return uri, experiment

    # ------------------------------------------------------------ servers

    def start_strata(self, store):
        server = Server("strata ui", [self.strata, "ui", "--store", store, "--host", "127.0.0.1", "--port", "0"],
                        os.path.join(self.work, "strata-ui.log"), ready=r"listening on (http://\S+)")
        self.servers.append(server)
        base = server.wait_line(60).group(1).rstrip("/")
        server.wait_http(base + "/health", 30)
        log(f"strata ui at {base}")
        return base

    def start_mlflow(self, uri):
        port = free_port()
        mlflow_bin = os.path.join(os.path.dirname(self.mlflow_python), "mlflow")
        server = Server("mlflow server", [mlflow_bin, "server", "--backend-store-uri", uri, "--default-artifact-root",
                                          os.path.join(self.work, "mlflow-artifacts"), "--host", "127.0.0.1",
                                          "--port", str(port)],
                        os.path.join(self.work, "mlflow-server.log"), env=mlflow_env())
        self.servers.append(server)
        base = f"http://127.0.0.1:{port}"
        server.wait_http(base + "/health", 180)
        log(f"mlflow server at {base}")
        return base

    # ------------------------------------------------------------ measurements

    def runs_pages(self, pages):
        """pages: {tool: (url, selector, check)}; one untimed load each, then --repeats alternating loads."""
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            try:
                self.results["versions"]["chromium"] = browser.version
                for tool, (url, selector, check) in pages.items():
                    seconds, _, seen = time_page(browser, url, selector, check)
                    log(f"{tool}: warm-up load {seconds * 1000:.0f} ms ({seen})")
                    self.results["checks"][f"{tool} runs page"] = seen
                for i in range(self.args.repeats):
                    order = list(pages.items()) if i % 2 == 0 else list(reversed(pages.items()))
                    for tool, (url, selector, check) in order:
                        seconds, server_ms, _ = time_page(browser, url, selector, check)
                        self.results["runs_page_seconds"].setdefault(tool, []).append(seconds)
                        if server_ms is not None:
                            self.results["runs_page_server_ms"].setdefault(tool, []).append(server_ms)
                        log(f"{tool}: runs page {seconds * 1000:.0f} ms")
            finally:
                browser.close()

    def run_pages(self, base, store):
        listing = run([self.strata, "runs", "--store", store, "--limit", "0", "--json"]).stdout.splitlines()
        ids = [json.loads(line)["id"] for line in listing]
        count = min(self.args.run_pages, len(ids))
        picked = [ids[round(i * (len(ids) - 1) / max(1, count - 1))] for i in range(count)]
        urllib.request.urlopen(f"{base}/runs/{ids[-1]}", timeout=30).read()  # untimed first request
        server_ms, wall_ms = [], []
        for run_id in picked:
            start = time.perf_counter()
            with urllib.request.urlopen(f"{base}/runs/{run_id}", timeout=30) as response:
                body = response.read().decode()
                header = response.headers.get("Server-Timing", "")
            wall_ms.append((time.perf_counter() - start) * 1000)
            found = re.search(r"render;dur=([0-9.]+)", header)
            if not found:
                raise Failed(f"/runs/{run_id} has no Server-Timing render;dur= header (got {header!r})")
            server_ms.append(float(found.group(1)))
            if not re.search(r"<h1[ >]", body) or not re.search(r"""id=["']?curves""", body):
                raise Failed(f"/runs/{run_id} does not look like a run page:\n{body[:500]}")
        self.results["run_page_ms"] = {"server (Server-Timing render)": server_ms, "wall (urllib GET)": wall_ms}
        self.results["checks"]["run pages"] = f"{count} runs, e.g. {picked[0]}"
        log(f"run pages: server median {median(server_ms):.1f} ms, p90 {p90(server_ms):.1f} ms; "
            f"wall median {median(wall_ms):.1f} ms, p90 {p90(wall_ms):.1f} ms")

    # ------------------------------------------------------------ report

    def machine(self):
        cpu = ""
        try:
            with open("/proc/cpuinfo") as f:
                cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
        except (OSError, StopIteration):
            pass
        return {"cores": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
                "load average at the end": " ".join(f"{x:.2f}" for x in os.getloadavg())}

    def report(self):
        r, a = self.results, self.args
        pages = {k: median(v) for k, v in r["runs_page_seconds"].items()}
        s, m = pages.get("strata"), pages.get("mlflow")
        ratio = m / s if s and m else None
        r["summary"] = {"strata runs page median s": s, "mlflow runs page median s": m, "ratio mlflow/strata": ratio,
                        "strata runs page server median ms": median(r["runs_page_server_ms"].get("strata", []))}
        lines = ["", f"{a.runs:,} runs x {a.epochs} epochs; runs page: median of {a.repeats} cold loads each; "
                     f"run page: {a.run_pages} runs",
                 "Versions: " + ", ".join(f"{k} {v}" for k, v in r["versions"].items()), ""]
        lines.append("| measurement | strata | MLflow | ratio | target | met |")
        lines.append("|---|--:|--:|--:|---|---|")

        def ms(x):
            return "not measured" if x is None else f"{x * 1000:.0f} ms"

        met = "-" if ratio is None else ("yes" if ratio >= 5 else "no")
        lines.append(f"| runs page, goto to first run row visible (median) | {ms(s)} | {ms(m)} | "
                     f"{'-' if ratio is None else f'{ratio:.1f}x'} | strata >= 5x faster | {met} |")
        for name, values in r["run_page_ms"].items():
            med, tail = median(values), p90(values)
            ok = "yes" if tail < 50 else "no"
            r["summary"][f"run page {name} median ms"] = med
            r["summary"][f"run page {name} p90 ms"] = tail
            lines.append(f"| run page /runs/ID, {name}: median / p90 | {med:.1f} / {tail:.1f} ms | - | - | "
                         f"< 50 ms | {ok} |")
        lines.append("")
        for tool, values in r["runs_page_seconds"].items():
            lines.append(f"{tool} runs page loads (ms): " + " ".join(f"{x * 1000:.0f}" for x in values))
        for tool, values in r["runs_page_server_ms"].items():
            lines.append(f"{tool} runs page server time (Server-Timing, ms): " + " ".join(f"{x:.1f}" for x in values))
        for note in r["notes"]:
            lines.append("Note: " + note)
        for failure in r["failures"]:
            lines.append("FAILED: " + failure.replace("\n", " / "))
        return "\n".join(lines)

    # ------------------------------------------------------------ main

    def main(self):
        a = self.args
        json_path = os.path.abspath(a.json or os.path.join(self.work, "results.json"))
        try:
            self.strata = os.path.abspath(a.strata or os.path.join(ROOT, ".build", "release", "strata"))
            if not os.access(self.strata, os.X_OK):
                raise Failed(f"no strata binary at {self.strata} (swift build -c release --product strata, "
                             "or give --strata)")
            self.results["versions"]["strata"] = f"{run([self.strata, '--version']).stdout.strip()} ({self.strata})"
            help_text = run([self.strata, "ui", "--help"], check=False).stdout
            has_ui = "USAGE: strata ui" in help_text
            log(f"work folder {self.work}; {self.results['versions']['strata']}")
            pages = {}
            if a.skip_strata:
                self.note("strata skipped (--skip-strata)")
            elif not has_ui:
                self.note(f"{self.strata} has no `ui` subcommand: strata not measured")
            else:
                store = self.strata_store()
                base = self.start_strata(store)
                pages["strata"] = (base + "/runs", STRATA_ROW, check_strata(a.runs))
            if a.skip_mlflow:
                self.note("MLflow skipped (--skip-mlflow)")
            else:
                self.mlflow_python, version = mlflow_venv(a.mlflow_venv)
                self.results["versions"]["mlflow"] = version
                log(f"mlflow {version} ({self.mlflow_python})")
                uri, experiment = self.mlflow_data()
                base = self.start_mlflow(uri)
                pages["mlflow"] = (f"{base}/#/experiments/{experiment}/runs?workflowType=machine_learning",
                                   MLFLOW_ROW, check_mlflow)
            if pages:
                self.runs_pages(pages)
            if "strata" in pages:
                self.run_pages(pages["strata"][0][:-len("/runs")], os.path.join(self.work, "store"))
        except Failed as error:
            self.results["failures"].append(str(error))
            log(f"FAILED: {error}")
        except BaseException as error:
            self.results["failures"].append(f"stopped by {type(error).__name__}: {error}")
            raise
        finally:
            for server in self.servers:
                server.stop()
            self.results["machine"] = self.machine()
            print(self.report(), flush=True)
            if not (a.keep or self.reuse):
                for entry in os.listdir(self.work):
                    path = os.path.join(self.work, entry)
                    if os.path.isdir(path):
                        shutil.rmtree(path, ignore_errors=True)
                    elif path != json_path and not entry.endswith(".log"):
                        os.remove(path)
            with open(json_path, "w") as f:
                json.dump(self.results, f, indent=1)
            log(f"results written to {json_path}")
        return 1 if self.results["failures"] else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--strata", help="the strata binary (default: .build/release/strata)")
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5, help="cold loads of each runs page (median)")
    parser.add_argument("--run-pages", type=int, default=20, help="different runs whose page is requested")
    parser.add_argument("--loaders", type=int, default=2, help="processes logging runs into MLflow")
    parser.add_argument("--mlflow-venv", default="/tmp/mlflow-venv", help="venv with mlflow (created when missing)")
    parser.add_argument("--work", help="work folder, kept and reused by later runs (default: a new temporary one)")
    parser.add_argument("--json", help="where to write the results (default: WORK/results.json)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--skip-strata", action="store_true")
    parser.add_argument("--skip-mlflow", action="store_true")
    args = parser.parse_args()

    def on_term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    try:
        return Bench(args).main()
    except KeyboardInterrupt:
        return 130  # the servers are already stopped and the results written: no traceback needed


if __name__ == "__main__":
    ensure_playwright()
    sys.exit(main())
