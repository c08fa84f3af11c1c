#!/usr/bin/env python3
"""Team store: `strata store push`/`pull` against `dvc push`/`pull`, and `runs()` on PostgreSQL
against SQLite and against an MLflow tracking server (PostgreSQL backend), in one run.

    .venv/bin/python benchmarks/team/run.py [--strata PATH] [--repeats 3] [--json out.json] [--keep]

Everything runs against the same services, started here with scripts/team-services.sh
(PostgreSQL 15 and SeaweedFS `weed mini` on loopback) and stopped at the end, also on
failure:

1. Data: 10,000 files (8 of 64 MiB, the rest of sizes drawn from an exponential
   distribution) totalling exactly 1 GiB of pseudo-random bytes (random.Random(seed)), in
   100 sub-folders of a temporary folder.
2. Transfer, --repeats times, the two tools alternating which goes first:
   - strata: `strata store add` once into a local store; then each repetition pushes to a
     new PostgreSQL database (schema created before the clock starts) with its objects
     under a new S3 prefix (STRATA_OBJECTS=s3://bench-strata/pushN/), so nothing is
     skipped; pulls into a new, empty local store and checks the files out into a new
     folder. Pull is compared as pull + checkout, since `dvc pull` writes the workspace too.
   - dvc: `dvc add data` once (git + dvc repo, S3 remote on the same SeaweedFS); each
     repetition points the remote at a new prefix of bucket bench-dvc and pushes
     (dvc's default --jobs), then moves .dvc/cache and the workspace folder aside, empties
     the site cache (dvc's index) and pulls.
   Before every timed command: `sync`, drop the page cache (as root), and for a push
   read the local objects once, so each push reads from memory and each pull starts with
   the files it writes absent. Pulled files are compared byte for byte with the source.
3. Runs: `strata store stress --runs 10000 --epochs 100` into a local (SQLite) store, then
   `strata store push --all` into a PostgreSQL database. `strata runs --limit 0 --json`
   (every run, one JSON line each) is timed end to end, process start included, against
   the local store and against postgres://, interleaved (--runs-repeats times).
   The same runs (name, params index and epochs, 100 steps of `loss`, FINISHED) are logged
   into an MLflow tracking server (`mlflow server`, PostgreSQL backend in its own
   database, default 4 workers; loaded with MlflowClient.log_batch from parallel
   processes, not timed), and MlflowClient().search_runs over the experiment is timed
   paging through all runs (max_results 1000, the client's default page, and 10000 in one
   page), inside one Python process after a warm-up call (Python start-up and imports
   excluded, which favours MLflow).

dvc runs from its own venv (dvc-s3 pins a botocore older than the repo venv's boto3):
created at --dvc-venv from benchmarks/team/requirements-dvc.txt when missing. The repo
venv needs benchmarks/team/requirements.txt (mlflow, psycopg2-binary, boto3).
"""
import argparse
import datetime
import filecmp
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
GIB = 1 << 30
MIB = 1 << 20


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CommandFailed(Exception):
    pass


def run(cmd, env=None, cwd=None, check=True):
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise CommandFailed(f"{' '.join(map(str, cmd))} exited {done.returncode}:\n"
                            f"{done.stderr.strip()[-3000:]}\n{done.stdout.strip()[-1000:]}")
    return done


def timed(cmd, env=None, cwd=None):
    start = time.perf_counter()
    done = run(cmd, env=env, cwd=cwd)
    return time.perf_counter() - start, done.stdout


def median(values):
    return statistics.median(values) if values else None


# ---------------------------------------------------------------- page cache

def drop_caches():
    subprocess.run(["sync"], check=True)
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def warm(*paths):
    """Reads every file under paths (and the binaries given) once."""
    for path in paths:
        if os.path.isfile(path):
            files = [path]
        else:
            files = [os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs]
        for name in files:
            try:
                with open(name, "rb") as f:
                    while f.read(1 << 22):
                        pass
            except OSError:
                pass


def settle(*warm_paths):
    drop_caches()
    warm(*warm_paths)


# ---------------------------------------------------------------- data

def generate(folder, files, total, seed):
    """files files, exactly total bytes: 8 large files holding half the bytes, the rest
    exponential sizes scaled to the other half; pseudo-random, unique contents."""
    rng = random.Random(seed)
    large = min(8, files // 2)
    large_size = (total // 2) // large if large else 0
    small = files - large
    budget = total - large * large_size
    draws = [rng.expovariate(1.0) for _ in range(small)]
    scale = budget / sum(draws)
    sizes = [large_size] * large + [max(16, int(d * scale)) for d in draws]
    sizes[-1] += total - sum(sizes)
    big = max(range(large, files), key=lambda i: sizes[i])
    if sizes[-1] < 16:  # rounding pushed the last file too small: take from the biggest small one
        sizes[big] -= 16 - sizes[-1]
        sizes[-1] = 16
    assert sum(sizes) == total and min(sizes) > 0
    os.makedirs(folder)
    for index, size in enumerate(sizes):
        sub = os.path.join(folder, f"d{index % 100:02d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"f{index:05d}.bin"), "wb") as out:
            remaining = size
            while remaining > 0:
                piece = min(remaining, 16 * MIB)
                out.write(rng.randbytes(piece))
                remaining -= piece
    return sizes


def same_tree(a, b):
    """True when b holds exactly a's files with the same bytes (hidden entries ignored)."""
    def listing(root):
        out = set()
        for d, dirs, fs in os.walk(root):
            dirs[:] = [x for x in dirs if not x.startswith(".")]
            for f in fs:
                if not f.startswith("."):
                    out.add(os.path.relpath(os.path.join(d, f), root))
        return out
    la, lb = listing(a), listing(b)
    if la != lb:
        return False, f"{len(la)} files vs {len(lb)}; missing {sorted(la - lb)[:3]}, extra {sorted(lb - la)[:3]}"
    for rel in la:
        if not filecmp.cmp(os.path.join(a, rel), os.path.join(b, rel), shallow=False):
            return False, f"{rel} differs"
    return True, f"{len(la)} files identical"


# ---------------------------------------------------------------- services

class Services:
    def __init__(self, folder):
        self.folder = folder
        self.env = {}
        self.started = False

    def start(self):
        os.makedirs(self.folder, exist_ok=True)
        log(f"starting PostgreSQL and SeaweedFS (scripts/team-services.sh start {self.folder})")
        self.started = True
        run(["bash", os.path.join(ROOT, "scripts", "team-services.sh"), "start", self.folder], cwd=ROOT)
        with open(os.path.join(self.folder, "env")) as f:
            for line in f:
                m = re.match(r"export (\w+)=(.*)", line.strip())
                if m:
                    self.env[m.group(1)] = m.group(2)
        url = self.env["STRATA_TEST_POSTGRES"]
        m = re.match(r"postgres://([^:]+):([^@]+)@([^:/]+):(\d+)/(\w+)", url)
        self.pg_user, self.pg_password, self.pg_host, self.pg_port, self.pg_db = m.groups()

    def stop(self):
        if self.started:
            log("stopping the services")
            subprocess.run(["bash", os.path.join(ROOT, "scripts", "team-services.sh"), "stop", self.folder],
                           cwd=ROOT, capture_output=True)
            self.started = False

    # PostgreSQL
    def sql(self, statement, db=None):
        import psycopg2
        conn = psycopg2.connect(host=self.pg_host, port=self.pg_port, user=self.pg_user,
                                password=self.pg_password, dbname=db or self.pg_db)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(statement)
                return cur.fetchall() if cur.description else None
        finally:
            conn.close()

    def create_database(self, name):
        self.sql(f"CREATE DATABASE {name}")

    def strata_url(self, db):
        """postgres:// URL without the password (given as PGPASSWORD)."""
        return f"postgres://{self.pg_user}@{self.pg_host}:{self.pg_port}/{db}"

    def sqlalchemy_url(self, db):
        return f"postgresql+psycopg2://{self.pg_user}:{self.pg_password}@{self.pg_host}:{self.pg_port}/{db}"

    # S3
    def s3(self):
        import boto3
        return boto3.client("s3", endpoint_url=self.env["AWS_ENDPOINT_URL"],
                            aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"],
                            region_name=self.env["AWS_REGION"])

    def create_bucket(self, name):
        self.s3().create_bucket(Bucket=name)

    def count_objects(self, bucket, prefix):
        s3, count, size = self.s3(), 0, 0
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                count += 1
                size += item["Size"]
        return count, size


# ---------------------------------------------------------------- strata

class Strata:
    def __init__(self, path):
        self.path = path
        self.names = {}

    def has(self, *words):
        """Whether `strata WORDS` exists (an unknown subcommand's --help prints its parent's help)."""
        done = run([self.path, *words, "--help"], check=False)
        return done.returncode == 0 and ("USAGE: strata " + " ".join(words)) in done.stdout

    def command(self, name):
        """`store NAME` where it exists, else the older top-level `NAME`."""
        if name not in self.names:
            self.names[name] = ["store", name] if self.has("store", name) else [name]
        return [self.path, *self.names[name]]

    def version(self):
        return run([self.path, "--version"]).stdout.strip()


def strata_binary(option):
    path = option or os.environ.get("STRATA_BIN") or os.path.join(ROOT, ".build", "release", "strata")
    if not os.access(path, os.X_OK):
        if option or os.environ.get("STRATA_BIN"):
            raise SystemExit(f"no strata binary at {path}")
        log(f"no strata binary at {path}: swift build -c release --product strata (about 10 minutes)")
        subprocess.run(["swift", "build", "-c", "release", "--product", "strata"], cwd=ROOT, check=True)
    return os.path.abspath(path)


# ---------------------------------------------------------------- dvc

def dvc_python(venv):
    python = os.path.join(venv, "bin", "python")
    if not os.access(os.path.join(venv, "bin", "dvc"), os.X_OK):
        log(f"creating the dvc venv {venv} (pip install -r benchmarks/team/requirements-dvc.txt)")
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r",
                        os.path.join(HERE, "requirements-dvc.txt")], check=True)
    return os.path.join(venv, "bin", "dvc")


# ---------------------------------------------------------------- mlflow

MLFLOW_LOAD = r'''
import logging, os, sys, time, warnings
warnings.filterwarnings("ignore"); logging.disable(logging.WARNING)
from mlflow.tracking import MlflowClient
from mlflow.entities import Metric, Param, RunStatus
uri, experiment, start, stop, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
client = MlflowClient(tracking_uri=uri)
now = int(time.time() * 1000)
for index in range(start, stop):
    run = client.create_run(experiment, run_name=f"stress-{index}", start_time=now + index)
    metrics = [Metric("loss", 1.0 / epoch, now + index, epoch) for epoch in range(1, epochs + 1)]
    params = [Param("index", str(index)), Param("epochs", str(epochs))]
    for offset in range(0, len(metrics), 1000):
        client.log_batch(run.info.run_id, metrics=metrics[offset:offset + 1000], params=params if offset == 0 else [])
    client.set_terminated(run.info.run_id, RunStatus.to_string(RunStatus.FINISHED), end_time=now + index + 1)
'''

MLFLOW_SEARCH = r'''
import json, logging, sys, time, warnings
warnings.filterwarnings("ignore"); logging.disable(logging.WARNING)
from mlflow.tracking import MlflowClient
uri, experiment, repeats, expected = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
client = MlflowClient(tracking_uri=uri)

def page_through(page_size):
    runs, token = [], None
    while True:
        page = client.search_runs([experiment], max_results=page_size, page_token=token)
        runs.extend(page)
        token = page.token
        if not token:
            return runs

client.search_runs([experiment], max_results=10)  # warm-up: connection, server workers
out = {}
for _ in range(repeats):
    for size in (1000, 10000):
        start = time.perf_counter()
        runs = page_through(size)
        elapsed = time.perf_counter() - start
        assert len(runs) == expected, (len(runs), expected)
        out.setdefault(str(size), []).append(elapsed)
sample = runs[0]
out["sample"] = {"name": sample.info.run_name, "status": sample.info.status,
                 "metrics": sample.data.metrics, "params": sample.data.params}
print(json.dumps(out))
'''


def wait_http(url, process, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise CommandFailed(f"server exited ({process.returncode}) before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise CommandFailed(f"no answer from {url} within {seconds} s")


# ---------------------------------------------------------------- the benchmark

class Bench:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work or tempfile.mkdtemp(prefix="strata-team-bench-"))
        os.makedirs(self.work, exist_ok=True)
        # PostgreSQL runs as the `postgres` user, which must reach its folder inside.
        os.chmod(self.work, 0o755)
        self.services = Services(os.path.join(self.work, "services"))
        self.results = {"transfer": {}, "runs": {}, "notes": [], "failures": [], "info": {}}
        self.processes = []

    def note(self, text):
        log("NOTE: " + text)
        self.results["notes"].append(text)

    def failure(self, what, error):
        text = f"{what}: {error}"
        log("FAILED: " + text)
        self.results["failures"].append(text)

    def record(self, section, key, seconds):
        self.results[section].setdefault(key, []).append(seconds)
        log(f"  {key}: {seconds:.3f} s")

    def env(self, **extra):
        env = dict(os.environ)
        env.update(self.services.env)
        env["PGPASSWORD"] = self.services.pg_password
        env.pop("STRATA_STORE", None)
        env.update(extra)
        return env

    # ------------------------------------------------------------ transfer

    def transfer(self):
        a = self.args
        data = os.path.join(self.work, "data")
        log(f"generating {a.files} files, {a.bytes / GIB:.3f} GiB (seed {a.seed}) in {data}")
        start = time.perf_counter()
        sizes = generate(data, a.files, a.bytes, a.seed)
        log(f"  generated in {time.perf_counter() - start:.1f} s; largest {max(sizes) / MIB:.1f} MiB, "
            f"median {statistics.median(sizes) / 1024:.1f} KiB")
        self.results["info"]["data"] = {"files": len(sizes), "bytes": sum(sizes), "seed": a.seed,
                                        "largest": max(sizes), "median": statistics.median(sizes)}
        self.services.create_bucket("bench-strata")
        self.services.create_bucket("bench-dvc")

        strata_ok = dvc_ok = False
        try:
            strata_ok = self.strata_prepare(data)
        except CommandFailed as error:
            self.failure("strata add", error)
        try:
            dvc_ok = self.dvc_prepare(data)
        except CommandFailed as error:
            self.failure("dvc add", error)
        for rep in range(a.repeats):
            order = ["strata", "dvc"] if rep % 2 == 0 else ["dvc", "strata"]
            log(f"transfer repetition {rep + 1}/{a.repeats} (first: {order[0]})")
            for tool in order:
                if tool == "strata" and strata_ok:
                    strata_ok = self.guard("strata push", lambda: self.strata_push(rep))
                if tool == "dvc" and dvc_ok:
                    dvc_ok = self.guard("dvc push", lambda: self.dvc_push(rep))
            for tool in order:
                if tool == "strata" and strata_ok:
                    strata_ok = self.guard("strata pull", lambda: self.strata_pull(rep, data))
                if tool == "dvc" and dvc_ok:
                    dvc_ok = self.guard("dvc pull", lambda: self.dvc_pull(rep, data))

    def guard(self, what, body):
        try:
            body()
            return True
        except CommandFailed as error:
            self.failure(what, error)
            return False

    def strata_prepare(self, data):
        s = self.strata
        if not (s.has("store", "push") and s.has("store", "pull")):
            self.note(f"`strata store push`/`pull` do not exist in {s.path} ({s.version()}): "
                      "the Strata transfer side was not measured")
            return False
        self.strata_local = os.path.join(self.work, "strata-local")
        settle(data)
        seconds, out = timed(s.command("add") + [data, "--store", self.strata_local], env=self.env())
        ids = re.findall(r"\b[0-9a-f]{16,}\b", out)
        if not ids:
            raise CommandFailed(f"strata add printed no content id: {out[-500:]}")
        self.strata_id = ids[0]
        self.results["info"]["strata add"] = seconds
        log(f"strata add: {seconds:.2f} s, id {self.strata_id}")
        return True

    def strata_jobs(self):
        return ["--jobs", str(self.args.strata_jobs)] if self.args.strata_jobs else []

    def strata_push(self, rep):
        db = f"push{rep}"
        self.services.create_database(db)
        url = self.services.strata_url(db)
        env = self.env(STRATA_OBJECTS=f"s3://bench-strata/{db}/")
        # Opening the store creates its schema: done before the clock starts.
        run(self.strata.command("runs") + ["--store", url, "--limit", "1"], env=env, check=False)
        settle(os.path.join(self.strata_local), self.strata.path)
        seconds, out = timed(self.strata.command("push") + ["--data", self.strata_id, "--to", url,
                                                             "--store", self.strata_local] + self.strata_jobs(),
                             env=env)
        count, size = self.services.count_objects("bench-strata", f"{db}/")
        log(f"  strata push wrote {count} objects, {size / GIB:.3f} GiB under s3://bench-strata/{db}/")
        self.results["info"].setdefault("strata push objects", []).append([count, size])
        self.record("transfer", "strata push", seconds)

    def strata_pull(self, rep, data):
        db = f"push{rep}"
        url = self.services.strata_url(db)
        env = self.env(STRATA_OBJECTS=f"s3://bench-strata/{db}/")
        store = os.path.join(self.work, f"strata-pull{rep}")
        files = os.path.join(self.work, f"strata-files{rep}")
        settle(self.strata.path)
        pull, _ = timed(self.strata.command("pull") + ["--data", self.strata_id, "--from", url, "--store", store]
                        + self.strata_jobs(), env=env)
        checkout, _ = timed(self.strata.command("checkout") + [self.strata_id, files, "--store", store], env=env)
        same, detail = same_tree(data, files)
        if not same:
            raise CommandFailed(f"strata pull + checkout wrote different files: {detail}")
        self.record("transfer", "strata pull", pull)
        self.record("transfer", "strata checkout", checkout)
        self.record("transfer", "strata pull + checkout", pull + checkout)

    def dvc_prepare(self, data):
        if self.args.skip_dvc:
            return False
        try:
            self.dvc = dvc_python(self.args.dvc_venv)
        except subprocess.CalledProcessError as error:
            self.failure("installing dvc", error)
            return False
        repo = self.dvc_repo = os.path.join(self.work, "dvc-repo")
        os.makedirs(repo)
        env = self.dvc_env = self.env(DVC_NO_ANALYTICS="1")
        run(["git", "init", "-q"], cwd=repo)
        dvc = self.dvc
        run([dvc, "init", "-q"], cwd=repo, env=env)
        run([dvc, "config", "core.analytics", "false"], cwd=repo, env=env)
        self.dvc_site = os.path.join(self.work, "dvc-site-cache")
        run([dvc, "config", "core.site_cache_dir", self.dvc_site], cwd=repo, env=env)
        run([dvc, "remote", "add", "-d", "bench", "s3://bench-dvc/push0"], cwd=repo, env=env)
        run([dvc, "remote", "modify", "bench", "endpointurl", self.services.env["AWS_ENDPOINT_URL"]],
            cwd=repo, env=env)
        run([dvc, "remote", "modify", "bench", "region", self.services.env["AWS_REGION"]], cwd=repo, env=env)
        run(["cp", "-r", data, os.path.join(repo, "data")])
        settle(os.path.join(repo, "data"))
        seconds, _ = timed([dvc, "add", "-q", "data"], cwd=repo, env=env)
        self.results["info"]["dvc add"] = seconds
        log(f"dvc add: {seconds:.2f} s")
        self.results["info"]["dvc jobs"] = self.args.dvc_jobs or "default"
        return True

    def dvc_jobs(self):
        return ["--jobs", str(self.args.dvc_jobs)] if self.args.dvc_jobs else []

    def dvc_push(self, rep):
        repo, env, dvc = self.dvc_repo, self.dvc_env, self.dvc
        run([dvc, "remote", "modify", "bench", "url", f"s3://bench-dvc/push{rep}"], cwd=repo, env=env)
        shutil.rmtree(self.dvc_site, ignore_errors=True)
        shutil.rmtree(os.path.join(repo, ".dvc", "tmp"), ignore_errors=True)
        settle(os.path.join(repo, ".dvc", "cache"))
        seconds, out = timed([dvc, "push", "-q"] + self.dvc_jobs(), cwd=repo, env=env)
        count, size = self.services.count_objects("bench-dvc", f"push{rep}/")
        log(f"  dvc push wrote {count} objects, {size / GIB:.3f} GiB under s3://bench-dvc/push{rep}/")
        self.results["info"].setdefault("dvc push objects", []).append([count, size])
        self.record("transfer", "dvc push", seconds)

    def dvc_pull(self, rep, data):
        repo, env, dvc = self.dvc_repo, self.dvc_env, self.dvc
        # Aside, not deleted: a large delete right before a timed writer slows it (ext4
        # avoids reusing freshly freed inodes); everything goes at the end.
        trash = os.path.join(self.work, "trash", f"dvc{rep}")
        os.makedirs(trash)
        os.rename(os.path.join(repo, ".dvc", "cache"), os.path.join(trash, "cache"))
        os.rename(os.path.join(repo, "data"), os.path.join(trash, "data"))
        shutil.rmtree(self.dvc_site, ignore_errors=True)
        shutil.rmtree(os.path.join(repo, ".dvc", "tmp"), ignore_errors=True)
        settle(self.dvc)
        seconds, _ = timed([dvc, "pull", "-q"] + self.dvc_jobs(), cwd=repo, env=env)
        same, detail = same_tree(data, os.path.join(repo, "data"))
        if not same:
            raise CommandFailed(f"dvc pull wrote different files: {detail}")
        self.record("transfer", "dvc pull", seconds)

    # ------------------------------------------------------------ runs

    def runs(self):
        a, s = self.args, self.strata
        local = os.path.join(self.work, "runs-local")
        log(f"strata store stress: {a.runs} runs x {a.epochs} epochs into {local}")
        seconds, _ = timed([s.path, "store", "stress", "--store", local, "--runs", str(a.runs),
                            "--epochs", str(a.epochs)], env=self.env())
        self.results["info"]["strata store stress"] = seconds
        log(f"  {seconds:.1f} s")
        runs_cmd = s.command("runs")
        count = len(run(runs_cmd + ["--store", local, "--limit", "0", "--json"], env=self.env()).stdout.splitlines())
        if count != a.runs:
            raise CommandFailed(f"strata runs listed {count} runs, expected {a.runs}")

        pg_url = None
        if s.has("store", "push"):
            self.services.create_database("runs")
            self.services.create_bucket("bench-runs")
            url = self.services.strata_url("runs")
            env = self.env(STRATA_OBJECTS="s3://bench-runs/runs/")
            try:
                seconds, _ = timed(s.command("push") + ["--all", "--to", url, "--store", local] + self.strata_jobs(),
                                   env=env)
                self.results["info"]["strata store push --all of the runs"] = seconds
                log(f"  strata store push --all: {seconds:.1f} s")
                done = run(runs_cmd + ["--store", url, "--limit", "0", "--json"], env=env)
                count = len(done.stdout.splitlines())
                if count != a.runs:
                    raise CommandFailed(f"strata runs --store postgres:// listed {count} runs, expected {a.runs}")
                pg_url, pg_env = url, env
            except CommandFailed as error:
                self.failure("strata runs on PostgreSQL", error)
        else:
            self.note(f"`strata store push` does not exist in {s.path}: runs() on PostgreSQL not measured")

        log(f"timing strata runs --limit 0 --json ({a.runs_repeats} times each, interleaved)")
        env = self.env()
        for _ in range(a.runs_repeats):
            self.record("runs", "strata --version", timed([s.path, "--version"], env=env)[0])
            self.record("runs", "strata runs (SQLite)",
                        timed(runs_cmd + ["--store", local, "--limit", "0", "--json"], env=env)[0])
            if pg_url:
                self.record("runs", "strata runs (PostgreSQL)",
                            timed(runs_cmd + ["--store", pg_url, "--limit", "0", "--json"], env=pg_env)[0])

    def mlflow(self):
        a = self.args
        python = sys.executable
        mlflow_bin = os.path.join(os.path.dirname(python), "mlflow")
        self.services.create_database("mlflow")
        backend = self.services.sqlalchemy_url("mlflow")
        port = free_port()
        artifacts = os.path.join(self.work, "mlflow-artifacts")
        os.makedirs(artifacts)
        log_file = open(os.path.join(self.work, "mlflow-server.log"), "w")
        env = dict(os.environ, PATH=os.path.dirname(python) + os.pathsep + os.environ.get("PATH", ""))
        cmd = [mlflow_bin, "server", "--backend-store-uri", backend, "--default-artifact-root", artifacts,
               "--host", "127.0.0.1", "--port", str(port)]
        log(f"starting mlflow server (PostgreSQL backend, database mlflow) on 127.0.0.1:{port}")
        server = subprocess.Popen(cmd, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(server)
        uri = f"http://127.0.0.1:{port}"
        wait_http(uri + "/health", server, 180)

        from mlflow.tracking import MlflowClient
        experiment = MlflowClient(tracking_uri=uri).create_experiment("bench")
        log(f"loading {a.runs} runs x {a.epochs} epochs into MLflow with {a.mlflow_loaders} processes "
            "(MlflowClient.log_batch straight to the PostgreSQL backend; not timed)")
        start = time.perf_counter()
        step = -(-a.runs // a.mlflow_loaders)
        loaders = [subprocess.Popen([python, "-c", MLFLOW_LOAD, backend, experiment, str(i), str(min(a.runs, i + step)),
                                     str(a.epochs)], stderr=subprocess.PIPE, text=True)
                   for i in range(0, a.runs, step)]
        for p in loaders:
            _, err = p.communicate()
            if p.returncode != 0:
                raise CommandFailed(f"mlflow loader exited {p.returncode}: {err[-2000:]}")
        self.results["info"]["mlflow load"] = time.perf_counter() - start
        log(f"  loaded in {time.perf_counter() - start:.1f} s")

        log(f"timing MlflowClient().search_runs through {uri} ({a.runs_repeats} times)")
        done = run([python, "-c", MLFLOW_SEARCH, uri, experiment, str(a.runs_repeats), str(a.runs)])
        out = json.loads(done.stdout.strip().splitlines()[-1])
        for seconds in out["1000"]:
            self.record("runs", "mlflow search_runs (pages of 1000)", seconds)
        for seconds in out["10000"]:
            self.record("runs", "mlflow search_runs (pages of 10000)", seconds)
        self.results["info"]["mlflow sample run"] = out["sample"]

    # ------------------------------------------------------------ versions and report

    def versions(self):
        v = {}
        v["strata"] = f"{self.strata.version()} ({self.strata.path})"
        try:
            v["dvc"] = run([self.dvc, "--version"]).stdout.strip() if hasattr(self, "dvc") else None
            if hasattr(self, "dvc"):
                py = os.path.join(os.path.dirname(self.dvc), "python")
                v["dvc-s3"] = run([py, "-c", "import importlib.metadata as m; print(m.version('dvc-s3'))"]).stdout.strip()
        except CommandFailed:
            pass
        import importlib.metadata as meta
        for name in ("mlflow", "psycopg2-binary", "boto3"):
            try:
                v[name] = meta.version(name)
            except meta.PackageNotFoundError:
                pass
        try:
            v["PostgreSQL"] = self.services.sql("SHOW server_version")[0][0]
        except Exception:
            pass
        weed = os.path.join(ROOT, ".venv", "bin", "weed")
        if os.access(weed, os.X_OK):
            v["SeaweedFS"] = run([weed, "version"], check=False).stdout.strip().splitlines()[0]
        v["Python"] = platform.python_version()
        return v

    def machine(self):
        cpu = ""
        try:
            with open("/proc/cpuinfo") as f:
                cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
        except (OSError, StopIteration):
            pass
        mem = ""
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1024 / 1024:.0f} GiB"
        return {"cores": os.cpu_count(), "cpu": cpu, "memory": mem, "kernel": platform.release(),
                "load average at the end": " ".join(f"{x:.2f}" for x in os.getloadavg())}

    def report(self):
        r, a = self.results, self.args
        m = {k: median(v) for section in ("transfer", "runs") for k, v in r[section].items()}
        lines = []
        today = datetime.date.today().isoformat()
        lines.append(f"Date {today}; machine: {json.dumps(r['machine'])}")
        lines.append("Versions: " + ", ".join(f"{k} {v}" for k, v in r["versions"].items() if v))
        d = r["info"].get("data")
        if d:
            lines.append(f"Data: {d['files']} files, {d['bytes']} bytes ({d['bytes'] / GIB:.3f} GiB), seed {d['seed']}, "
                         f"largest {d['largest'] / MIB:.1f} MiB, median {d['median'] / 1024:.1f} KiB")
        lines.append(f"Transfer: median of {a.repeats}; runs(): median of {a.runs_repeats} "
                     f"({a.runs} runs x {a.epochs} epochs)")
        lines.append("")
        lines.append("| measurement | Strata median | peer | peer median | ratio | target | met |")
        lines.append("|---|--:|---|--:|--:|---|---|")

        def fmt(x):
            return "not measured" if x is None else f"{x:.3f} s"

        def row(name, s_key, peer, p_key, target, good, ratio_of):
            s, p = m.get(s_key), m.get(p_key)
            ratio = ratio_of(s, p) if s is not None and p is not None else None
            met = "-" if ratio is None else ("yes" if good(ratio) else "no")
            rtxt = "-" if ratio is None else f"{ratio:.2f}x"
            lines.append(f"| {name} | {fmt(s)} | {peer} | {fmt(p)} | {rtxt} | {target} | {met} |")
            return ratio

        row("push 1 GiB / 10,000 files (`strata store push` vs `dvc push`)", "strata push", "dvc push", "dvc push",
            ">= 3x faster", lambda x: x >= 3, lambda s, p: p / s)
        row("pull 1 GiB / 10,000 files (`strata store pull` + `checkout` vs `dvc pull`)", "strata pull + checkout",
            "dvc pull", "dvc pull", ">= 3x faster", lambda x: x >= 3, lambda s, p: p / s)
        row("`strata runs --limit 0 --json`: PostgreSQL vs SQLite (ratio = PG / SQLite)", "strata runs (PostgreSQL)",
            "strata on SQLite", "strata runs (SQLite)", "<= 2x", lambda x: x <= 2, lambda s, p: s / p)
        best_mlflow = min((k for k in ("mlflow search_runs (pages of 1000)", "mlflow search_runs (pages of 10000)")
                           if m.get(k) is not None), key=lambda k: m[k], default="mlflow search_runs (pages of 1000)")
        row(f"runs() on PostgreSQL vs MLflow `search_runs` (PostgreSQL backend; {best_mlflow[20:-1]}, MLflow's faster)",
            "strata runs (PostgreSQL)", "MLflow", best_mlflow, ">= 10x faster", lambda x: x >= 10,
            lambda s, p: p / s)
        lines.append("")
        lines.append("Every timing (seconds):")
        lines.append("")
        lines.append("| what | median | all |")
        lines.append("|---|--:|---|")
        for section in ("transfer", "runs"):
            for k, v in r[section].items():
                lines.append(f"| {k} | {median(v):.3f} | {' '.join(f'{x:.3f}' for x in v)} |")
        lines.append("")
        lines.append("Setup steps, timed once, not compared: " + "; ".join(
            f"{k} {v:.1f} s" if isinstance(v, float) else f"{k} {v}" for k, v in r["info"].items()
            if k not in ("data", "mlflow sample run")))
        if r["notes"]:
            lines.append("")
            lines.extend("Note: " + n for n in r["notes"])
        if r["failures"]:
            lines.append("")
            lines.extend("FAILED: " + f.replace("\n", " / ") for f in r["failures"])
        return "\n".join(lines)

    def main(self):
        a = self.args
        try:
            self.strata = Strata(strata_binary(a.strata))
            log(f"work folder {self.work}; strata {self.strata.path} ({self.strata.version()})")
            self.services.start()
            if not a.skip_transfer:
                self.transfer()
            if not a.skip_runs:
                try:
                    self.runs()
                except CommandFailed as error:
                    self.failure("strata runs", error)
                if not a.skip_mlflow:
                    try:
                        self.mlflow()
                    except CommandFailed as error:
                        self.failure("mlflow", error)
            self.results["versions"] = self.versions()
            self.results["machine"] = self.machine()
            text = self.report()
            print(text)
            if a.json:
                with open(a.json, "w") as f:
                    json.dump(self.results, f, indent=1)
        except BaseException as error:
            self.results["failures"].append(f"stopped by {type(error).__name__}: {error}")
            raise
        finally:
            for p in self.processes:
                if p.poll() is None:
                    try:
                        os.killpg(p.pid, signal.SIGTERM)
                        p.wait(20)
                    except (ProcessLookupError, subprocess.TimeoutExpired):
                        try:
                            os.killpg(p.pid, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
            self.services.stop()
            if a.keep or self.results["failures"]:
                log(f"kept {self.work}")
            else:
                shutil.rmtree(self.work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--strata", help="the strata binary (default: $STRATA_BIN, else .build/release/strata, "
                                         "built with swift build -c release when missing)")
    parser.add_argument("--repeats", type=int, default=3, help="push/pull repetitions (median)")
    parser.add_argument("--runs-repeats", type=int, default=5, help="repetitions of each runs() query (median)")
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--bytes", type=int, default=GIB, help="total bytes of the data version")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--strata-jobs", type=int, help="--jobs for strata push/pull (default: strata's)")
    parser.add_argument("--dvc-jobs", type=int, help="--jobs for dvc push/pull (default: dvc's, 4 x cores)")
    parser.add_argument("--mlflow-loaders", type=int, default=4, help="processes loading runs into MLflow")
    parser.add_argument("--dvc-venv", default=os.path.expanduser("~/.cache/strata-bench/dvc-venv"))
    parser.add_argument("--skip-transfer", action="store_true")
    parser.add_argument("--skip-dvc", action="store_true")
    parser.add_argument("--skip-runs", action="store_true")
    parser.add_argument("--skip-mlflow", action="store_true")
    parser.add_argument("--work", help="work folder (default: a new temporary folder)")
    parser.add_argument("--json", help="also write the raw results here")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()

    def on_term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    Bench(args).main()


if __name__ == "__main__":
    main()
