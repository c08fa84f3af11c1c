#!/usr/bin/env python3
"""Inference serving: `strata serve` against `mlflow models serve` (ONNX flavour), same model.

Trains an iris MLP with Strata in a temporary store, exports it to ONNX, saves that
ONNX file as an MLflow model (mlflow.onnx.save_model, a local folder, no tracking
server), then starts both servers on loopback:

    strata serve iris --port P                                   (STRATA_STORE=<tmp>/store)
    mlflow models serve -m <tmp>/mlflow_model --env-manager local -h 127.0.0.1 -p P
                                                                 (default: 1 uvicorn worker)

It checks that both answer the same labels (and close probabilities) for all 150 iris
rows, then drives each endpoint with `hey -z <duration> -c C -m POST` for C in 1, 16, 64
and 1-row and 64-row bodies, every configuration --repeats times (interleaved across
servers), and prints the medians of req/s, p50, p99, errors and the servers' RSS
(VmRSS from /proc; for MLflow the sum over its process tree). Last, a soak of Strata at
64 connections (--soak seconds): errors and RSS growth.

Endpoints and bodies (the same rows for every endpoint):
  strata  /invocations {inputs}   {"inputs": [[...4 values], ...]}            (byte for byte MLflow's body)
  strata  /invocations {split}    {"dataframe_split": {"columns": [...4 names], "data": [[...], ...]}}
  strata  OIP /v2/.../infer       one FP32 tensor per column, shape [N]
  mlflow  /invocations {inputs}   {"inputs": [[...4 values], ...]}
MLflow's ONNX pyfunc cannot answer dataframe_split (or dataframe_records) for this model:
for a DataFrame it flattens every output and builds a DataFrame of them, and
"probabilities" [N,3] and "label" [N] flatten to different lengths (a 400, "All arrays
must be of the same length"). The tensor form {"inputs": [[...]]} (or
{"inputs": {"input": [[...]]}}) works and answers {"predictions": {"probabilities":
[[...]], "label": [...]}}, so that is the body MLflow is driven with.

    .venv/bin/python benchmarks/serve/run.py [--strata .build-bench/release/strata]
        [--duration 10] [--repeats 3] [--soak 60] [--json results.json]

Needs: a release build of strata, `hey` on PATH, and mlflow 3.x + onnx + onnxruntime in
the venv that runs this script.
"""
import argparse
import csv
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
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IRIS = os.path.join(ROOT, "Sources", "Data", "Datasets", "iris.csv")
COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]

TRAIN = """\
ds = dataset("iris")
parts = split(ds, [0.8, 0.2], seed: 1)
train = standardize(parts[0])
m = sequential([dense(16, activation: "relu"), dense(3)])
r = fit(m, train, epochs: 50, seed: 1, name: "iris")
export(r, "iris.onnx")
"""


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def iris_rows():
    with open(IRIS) as f:
        reader = csv.DictReader(f)
        return [[float(r[c]) for c in COLUMNS] for r in reader]


def post(url, body, timeout=30):
    request = urllib.request.Request(url, data=body.encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, json.loads(response.read())


def wait_ready(url, process, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited ({process.returncode}) before it was ready: {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except Exception:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server not ready after {seconds} s: {url}")


# ---------------------------------------------------------------- memory

def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def tree(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children(p))
    return out


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mb(pid):
    return sum(rss_kb(p) for p in tree(pid)) / 1024


def children_rss_mb(pid):
    """The tree without its root: for MLflow, the uvicorn process without the `mlflow` CLI
    process that started it and waits for it."""
    return sum(rss_kb(p) for p in tree(pid)[1:]) / 1024


def folder_mb(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs) / 2**20


# ---------------------------------------------------------------- load

def hey(url, body_path, connections, duration):
    command = ["hey", "-z", f"{duration}s", "-c", str(connections), "-m", "POST",
               "-T", "application/json", "-D", body_path, url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {m.group(1): float(m.group(2)) * 1000
           for m in re.finditer(r"(\d+)%% in ([\d.]+) secs".replace("%%", "%"), out)}
    statuses = {int(m.group(1)): int(m.group(2))
                for m in re.finditer(r"\[(\d+)\]\s+(\d+) responses", out)}
    errors = 0
    if "Error distribution:" in out:
        for m in re.finditer(r"\[(\d+)\]\s+(?!responses)", out.split("Error distribution:")[1]):
            errors += int(m.group(1))
    non200 = sum(n for code, n in statuses.items() if code != 200)
    return {"rps": rps, "p50": lat.get("50"), "p99": lat.get("99"),
            "ok": statuses.get(200, 0), "non200": non200, "errors": errors + non200, "raw": out}


# ---------------------------------------------------------------- setup

def train_and_export(strata, work, env):
    script = os.path.join(work, "train.strata")
    with open(script, "w") as f:
        f.write(TRAIN)
    onnx_path = os.path.join(work, "iris.onnx")
    result = subprocess.run([strata, "run", script], cwd=work, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not os.path.exists(onnx_path):
        log(f"strata run failed or wrote no ONNX ({result.returncode}): {result.stderr.strip()[-400:]}; "
            "trying `strata export`")
        if result.returncode != 0:
            # Train without the export line, then export from the CLI.
            with open(script, "w") as f:
                f.write(TRAIN.replace('export(r, "iris.onnx")\n', ""))
            subprocess.run([strata, "run", script], cwd=work, env=env, check=True, capture_output=True)
        subprocess.run([strata, "export", "iris", "-o", onnx_path], cwd=work, env=env, check=True)
    return onnx_path


def save_mlflow(onnx_path, work):
    import mlflow.onnx
    import onnx
    path = os.path.join(work, "mlflow_model")
    mlflow.onnx.save_model(onnx.load(onnx_path), path)
    return path


def bodies(rows, work):
    """Writes the request bodies; returns {(kind, n): path}."""
    out = {}
    for n in (1, 64):
        # 64 rows: every row but a few, spread over the three classes (rows 0, 2, 4, ...).
        chosen = rows[:1] if n == 1 else rows[::2][:64]
        split = {"dataframe_split": {"columns": COLUMNS, "data": chosen}}
        oip = {"inputs": [{"name": c, "shape": [n], "datatype": "FP32", "data": [r[i] for r in chosen]}
                          for i, c in enumerate(COLUMNS)]}
        tensor = {"inputs": chosen}
        for kind, doc in (("split", split), ("oip", oip), ("tensor", tensor)):
            path = os.path.join(work, f"body_{kind}_{n}.json")
            with open(path, "w") as f:
                json.dump(doc, f, separators=(",", ":"))
            out[(kind, n)] = path
    return out


def strata_labels(answer):
    return [p["label"] for p in answer["predictions"]], [list(p["probabilities"].values())
                                                          for p in answer["predictions"]]


def mlflow_labels(answer, classes):
    """MLflow's ONNX pyfunc answers the model's outputs; returns (labels, probabilities)."""
    preds = answer["predictions"]
    if isinstance(preds, dict):             # {"label": [...], "probabilities": [[...]]}
        labels, probs = preds["label"], preds["probabilities"]
    else:                                    # [{"label": ..., "probabilities": [...]}, ...]
        labels = [p["label"] for p in preds]
        probs = [p["probabilities"] for p in preds]
    labels = [classes[int(l)] if isinstance(l, (int, float)) else l for l in labels]
    return labels, probs


def check_agreement(strata_url, mlflow_url, rows, work):
    """Both servers, all 150 iris rows: the same labels, close probabilities. Also records
    what MLflow answers to a dataframe_split body (see the module docstring)."""
    split = json.dumps({"dataframe_split": {"columns": COLUMNS, "data": rows}})
    tensor = json.dumps({"inputs": rows})
    status, s_answer = post(strata_url, split)
    assert status == 200, status
    s_labels, s_probs = strata_labels(s_answer)
    status, s_tensor = post(strata_url, tensor)
    assert status == 200, status
    assert strata_labels(s_tensor)[0] == s_labels
    classes = list(s_answer["predictions"][0]["probabilities"].keys())
    status, m_answer = post(mlflow_url, tensor)
    assert status == 200, status
    m_labels, m_probs = mlflow_labels(m_answer, classes)
    try:
        split_status, split_answer = post(mlflow_url, split)
    except urllib.error.HTTPError as e:
        split_status, split_answer = e.code, json.loads(e.read())
    split_note = f"{split_status}: {str(split_answer.get('message', ''))[:100]}"
    if split_status != 200:
        split_note += " / " + str(split_answer.get("stack_trace", "")).strip().splitlines()[-1][:100]
    diff = max(abs(a - b) for x, y in zip(s_probs, m_probs) for a, b in zip(x, y))
    with open(os.path.join(work, "agreement.json"), "w") as f:
        json.dump({"strata": s_answer, "mlflow": m_answer, "mlflow_split": split_answer}, f)
    agree = s_labels == m_labels
    log(f"agreement on {len(rows)} rows: labels {'identical' if agree else 'DIFFER'}, "
        f"max |p_strata - p_mlflow| = {diff:.2e}; mlflow answer: {json.dumps(m_answer)[:120]}...; "
        f"mlflow with dataframe_split: {split_note}")
    if not agree:
        bad = [i for i, (a, b) in enumerate(zip(s_labels, m_labels)) if a != b]
        raise SystemExit(f"labels differ at rows {bad[:10]}")
    return {"rows": len(rows), "labels_identical": agree, "max_prob_diff": diff, "mlflow_dataframe_split": split_note}


# ---------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--strata", default=os.path.join(ROOT, ".build-bench", "release", "strata"))
    parser.add_argument("--duration", type=int, default=10, help="seconds per hey run")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--connections", default="1,16,64")
    parser.add_argument("--rows", default="1,64")
    parser.add_argument("--soak", type=int, default=60, help="seconds of the Strata soak (0: none)")
    parser.add_argument("--mlflow-workers", default="1")
    parser.add_argument("--no-oip", action="store_true", help="skip Strata's /v2/models/iris/infer")
    parser.add_argument("--no-split", action="store_true", help="skip Strata's dataframe_split body")
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    if not shutil.which("hey"):
        raise SystemExit("hey is not on PATH (apt-get install hey)")
    strata = os.path.abspath(args.strata)
    if not os.access(strata, os.X_OK):
        raise SystemExit(f"no strata binary at {strata}; build one: swift build -c release --product strata "
                         "--scratch-path .build-bench")
    conns = [int(c) for c in args.connections.split(",")]
    nrows = [int(r) for r in args.rows.split(",")]

    work = tempfile.mkdtemp(prefix="strata-serve-bench-")
    # mlflow models serve execs `uvicorn` from PATH: put this venv's bin first.
    env = dict(os.environ, STRATA_STORE=os.path.join(work, "store"),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    processes = []
    keep_work = [args.keep]
    try:
        log(f"work folder {work}")
        onnx_path = train_and_export(strata, work, env)
        mlflow_path = save_mlflow(onnx_path, work)
        rows = iris_rows()
        body_paths = bodies(rows, work)

        s_port, m_port = free_port(), free_port()
        s_log = open(os.path.join(work, "strata.log"), "a")

        def start_strata():
            proc = subprocess.Popen([strata, "serve", "iris", "--port", str(s_port)], env=env,
                                    stdout=s_log, stderr=subprocess.STDOUT)
            processes.insert(0, proc)
            return proc

        strata_proc = start_strata()
        m_log = open(os.path.join(work, "mlflow.log"), "w")
        mlflow_bin = os.path.join(os.path.dirname(sys.executable), "mlflow")
        mlflow_proc = subprocess.Popen([mlflow_bin, "models", "serve", "-m", mlflow_path, "--env-manager", "local",
                                        "-h", "127.0.0.1", "-p", str(m_port), "--workers", args.mlflow_workers],
                                       env=env, stdout=m_log, stderr=subprocess.STDOUT, start_new_session=True)
        processes.append(mlflow_proc)
        wait_ready(f"http://127.0.0.1:{s_port}/v2/health/ready", strata_proc)
        wait_ready(f"http://127.0.0.1:{m_port}/ping", mlflow_proc)
        time.sleep(1)
        base_s, base_m = f"http://127.0.0.1:{s_port}", f"http://127.0.0.1:{m_port}"
        agreement = check_agreement(base_s + "/invocations", base_m + "/invocations", rows, work)
        # Sanity of the OIP body.
        status, oip_answer = post(base_s + "/v2/models/iris/infer", open(body_paths[("oip", 64)]).read())
        assert status == 200, status

        pids = {"strata": strata_proc.pid, "mlflow": mlflow_proc.pid}
        idle_rss = {k: tree_rss_mb(p) for k, p in pids.items()}
        idle_uvicorn = children_rss_mb(mlflow_proc.pid)
        log(f"idle RSS: strata {idle_rss['strata']:.1f} MB, mlflow (tree of {len(tree(mlflow_proc.pid))} "
            f"processes) {idle_rss['mlflow']:.1f} MB")

        targets = [("strata", "/invocations {inputs}", base_s + "/invocations", "tensor"),
                   ("mlflow", "/invocations {inputs}", base_m + "/invocations", "tensor")]
        if not args.no_split:
            targets.append(("strata", "/invocations {split}", base_s + "/invocations", "split"))
        if not args.no_oip:
            targets.append(("strata", "OIP /v2/.../infer", base_s + "/v2/models/iris/infer", "oip"))

        # Warm up each endpoint briefly (JIT-free on both sides, but onnxruntime and
        # allocators settle), then measure, interleaving servers within each repeat.
        for server, label, url, kind in targets:
            hey(url, body_paths[(kind, 64)], 16, 2)
        results, crashes, rss_after_restart = {}, [], []
        for rep in range(args.repeats):
            for c in conns:
                for n in nrows:
                    for server, label, url, kind in targets:
                        for attempt in range(2):
                            r = hey(url, body_paths[(kind, n)], c, args.duration)
                            r["rss"] = tree_rss_mb(pids[server])
                            r.pop("raw")
                            died = strata_proc.poll() if server == "strata" else mlflow_proc.poll()
                            if died is None:
                                break
                            # The server died under this load: note it, restart it (same store
                            # and port) and run the configuration again.
                            crash = {"server": server, "endpoint": label, "connections": c, "rows": n,
                                     "rep": rep + 1, "exit": died, "errors": r["errors"], "ok": r["ok"]}
                            crashes.append(crash)
                            keep_work[0] = True
                            log(f"CRASH: {crash}; log {work}/{server}.log")
                            if server != "strata":
                                raise SystemExit("mlflow died")
                            time.sleep(1)
                            strata_proc = start_strata()
                            wait_ready(f"http://127.0.0.1:{s_port}/v2/health/ready", strata_proc)
                            pids["strata"] = strata_proc.pid
                            rss_after_restart.append(tree_rss_mb(strata_proc.pid))
                        results.setdefault((server, label, c, n), []).append(r)
                        fmt = lambda v: "-" if v is None else f"{v:.2f}"
                        log(f"rep {rep + 1} {server:6} {label:22} c={c:<3} rows={n:<3} {r['rps']:9.1f} req/s "
                            f"p50 {fmt(r['p50'])} ms p99 {fmt(r['p99'])} ms errors {r['errors']} rss {r['rss']:.1f} MB")
        after_rss = {k: tree_rss_mb(p) for k, p in pids.items()}
        after_rss["mlflow_uvicorn"] = children_rss_mb(mlflow_proc.pid)
        idle_rss["mlflow_uvicorn"] = idle_uvicorn

        soak = None
        if args.soak:
            before = tree_rss_mb(strata_proc.pid)
            store_before = folder_mb(env["STRATA_STORE"])
            r = hey(base_s + "/invocations", body_paths[("split", 1)], 64, args.soak)
            after = tree_rss_mb(strata_proc.pid)
            if strata_proc.poll() is not None:
                crashes.append({"server": "strata", "endpoint": "soak", "exit": strata_proc.returncode})
                keep_work[0] = True
            soak = {"crashed": strata_proc.poll() is not None, "seconds": args.soak, "connections": 64, "rows": 1, "requests": r["ok"] + r["non200"],
                    "rps": r["rps"], "p99": r["p99"], "errors": r["errors"], "non200": r["non200"],
                    "rss_before": before, "rss_after": after, "growth_pct": 100 * (after - before) / before,
                    "store_mb_before": store_before, "store_mb_after": folder_mb(env["STRATA_STORE"])}
            log(f"soak: {soak}")

        table = []
        for (server, label, c, n), runs in results.items():
            med = lambda key: statistics.median([x[key] for x in runs if x[key] is not None] or [float("nan")])
            table.append({"server": server, "endpoint": label, "connections": c, "rows": n,
                          "rps": med("rps"), "p50": med("p50"), "p99": med("p99"),
                          "errors": sum(x["errors"] for x in runs), "rss": max(x["rss"] for x in runs),
                          "runs": runs})
        order = {t[1]: i for i, t in enumerate(targets)}
        table.sort(key=lambda t: (t["connections"], t["rows"], order[t["endpoint"]]))

        versions = {}
        for name in ("mlflow", "onnxruntime", "onnx", "uvicorn"):
            try:
                versions[name] = __import__(name).__version__
            except Exception:
                pass
        versions["strata"] = subprocess.run([strata, "--version"], capture_output=True, text=True).stdout.strip()
        report(table, idle_rss, after_rss, soak, agreement, versions, args)
        print(f"\nServer crashes during the runs: {len(crashes) or 'none'}")
        for crash in crashes:
            print(f"- {crash}")
        if crashes:
            print(f"  (RSS right after each restart: {', '.join(f'{x:.1f}' for x in rss_after_restart)} MB; "
                  f"logs in {work})")
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"table": table, "crashes": crashes, "idle_rss": idle_rss, "after_rss": after_rss, "soak": soak,
                           "agreement": agreement, "versions": versions, "args": vars(args),
                           "date": datetime.datetime.now(datetime.timezone.utc).isoformat()}, f, indent=1)
    finally:
        for p in processes:
            if p.poll() is None:
                try:
                    if "mlflow" in " ".join(p.args):
                        os.killpg(p.pid, signal.SIGTERM)   # mlflow and its uvicorn child
                    else:
                        p.terminate()
                    p.wait(timeout=15)
                except Exception:
                    p.kill()
        if keep_work[0]:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def report(table, idle_rss, after_rss, soak, agreement, versions, args):
    print(f"\nDate {datetime.date.today()}, {os.cpu_count()} cores ({platform.machine()}), load generator hey "
          f"on the same cores; {args.duration} s per run, median of {args.repeats}.")
    print("Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    print(f"Agreement: {agreement['rows']} iris rows, labels identical: {agreement['labels_identical']}, "
          f"max probability difference {agreement['max_prob_diff']:.1e}; MLflow given dataframe_split: "
          f"{agreement['mlflow_dataframe_split']}\n")
    print("| server | endpoint | conns | rows/req | req/s | p50 ms | p99 ms | errors | RSS MB |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|")
    for t in table:
        print(f"| {t['server']} | {t['endpoint']} | {t['connections']} | {t['rows']} | {t['rps']:.0f} | "
              f"{t['p50']:.2f} | {t['p99']:.2f} | {t['errors']} | {t['rss']:.0f} |")
    print(f"\nRSS idle (after start and the agreement check): strata {idle_rss['strata']:.1f} MB, "
          f"mlflow tree {idle_rss['mlflow']:.1f} MB (uvicorn alone {idle_rss['mlflow_uvicorn']:.1f}); after all runs: "
          f"strata {after_rss['strata']:.1f} MB, mlflow tree {after_rss['mlflow']:.1f} MB "
          f"(uvicorn alone {after_rss['mlflow_uvicorn']:.1f})")
    pick = {(t["server"], t["endpoint"], t["connections"], t["rows"]): t for t in table}
    print("\nStrata / MLflow (targets, at 16 connections: req/s >= 5x, p99 <= 0.2x). MLflow is always "
          "/invocations {inputs}; Strata per endpoint:")
    print("| Strata endpoint | conns | rows/req | req/s ratio | p99 ratio | meets both |")
    print("|---|--:|--:|--:|--:|---|")
    for endpoint in dict.fromkeys(t["endpoint"] for t in table if t["server"] == "strata"):
        for c in sorted({t["connections"] for t in table}):
            for n in sorted({t["rows"] for t in table}):
                s, m = pick.get(("strata", endpoint, c, n)), pick.get(("mlflow", "/invocations {inputs}", c, n))
                if s and m:
                    rr, pr = s["rps"] / m["rps"], s["p99"] / m["p99"]
                    print(f"| {endpoint} | {c} | {n} | {rr:.1f}x | {pr:.3f}x | {'yes' if rr >= 5 and pr <= 0.2 else 'no'} |")
    if soak:
        print(f"\nSoak: strata /invocations, {soak['connections']} connections, {soak['rows']} row, "
              f"{soak['seconds']} s: {soak['requests']} requests ({soak['rps']:.0f} req/s, p99 {soak['p99']:.2f} ms), "
              f"errors {soak['errors']} (non-200 {soak['non200']}), RSS {soak['rss_before']:.1f} -> "
              f"{soak['rss_after']:.1f} MB ({soak['growth_pct']:+.1f}%); store (prediction log) "
              f"{soak['store_mb_before']:.1f} -> {soak['store_mb_after']:.1f} MB")


if __name__ == "__main__":
    main()
