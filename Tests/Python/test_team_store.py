"""The team store as processes use it: PostgreSQL for runs and sweeps, S3 (SeaweedFS)
for objects, both started by scripts/team-services.sh (`.ci/run`, `make team`). Eight
workers share one sweep in one PostgreSQL store without a lost or doubled trial or run,
and workers killed at random moments leave every finished run intact, its weights in
the bucket matching their id."""
import hashlib
import os
import random
import signal
import subprocess
import time
import uuid

import boto3
import pytest

from conftest import STRATA

POSTGRES = os.environ.get("STRATA_TEST_POSTGRES")
pytestmark = pytest.mark.skipif(not POSTGRES, reason="no team services: run scripts/team-services.sh start")


@pytest.fixture
def team():
    """A fresh database and key prefix: (store URL, environment for strata)."""
    name = "strata_proc_" + uuid.uuid4().hex
    subprocess.run(["psql", POSTGRES, "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    url = POSTGRES.rsplit("/", 1)[0] + "/" + name
    environment = {**os.environ, "STRATA_OBJECTS": f"s3://{os.environ['STRATA_TEST_S3_BUCKET']}/{name}",
                   "AWS_ENDPOINT_URL": os.environ["STRATA_TEST_S3_ENDPOINT"],
                   "AWS_ACCESS_KEY_ID": os.environ["STRATA_TEST_S3_KEY"],
                   "AWS_SECRET_ACCESS_KEY": os.environ["STRATA_TEST_S3_SECRET"], "AWS_REGION": "us-east-1"}
    return url, environment, name


def worker(url, environment, *args):
    return subprocess.Popen([str(STRATA), "store", "sweep-stress", "--store", url, "--runs", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)


def query(url, sql):
    done = subprocess.run(["psql", url, "-At", "-F", "|", "-c", sql], capture_output=True, text=True)
    assert done.returncode == 0, f"psql failed on {sql!r}: {done.stderr}"
    return [line.split("|") for line in done.stdout.splitlines()]


def bucket(environment):
    return boto3.client("s3", endpoint_url=environment["AWS_ENDPOINT_URL"], region_name="us-east-1",
                        aws_access_key_id=environment["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=environment["AWS_SECRET_ACCESS_KEY"])


def check_finished_runs(url, environment, prefix, sweep):
    """Every finished trial's run is finished, with its metrics and weights; the weights
    object is in the bucket and hashes to its id. A writer killed before its schema
    migration committed leaves no tables at all (the migration is one transaction)."""
    if query(url, "SELECT to_regclass('public.sweep_trials') IS NULL") == [["t"]]:
        return []
    rows = query(url, f"SELECT t.number, r.status, r.weights, r.metrics::text FROM sweep_trials t "
                      f"JOIN runs r ON r.id = t.run_id WHERE t.sweep = '{sweep}' AND t.state = 'finished'")
    s3 = bucket(environment)
    for number, status, weights, metrics in rows:
        assert status == "finished" and f'"loss": {number}' in metrics.replace(".0", "")
        key = f"{prefix}/objects/sha256/{weights[:2]}/{weights[2:]}"
        body = s3.get_object(Bucket=os.environ["STRATA_TEST_S3_BUCKET"], Key=key)["Body"].read()
        assert hashlib.sha256(body).hexdigest() == weights
        assert body == f"weights of {sweep} trial {number}".encode()
    return rows


def test_eight_workers_share_one_postgres_sweep(team):
    url, environment, prefix = team
    processes = [worker(url, environment, "--sweep", "eight", "--trials", "80", "--sleep-ms", "5") for _ in range(8)]
    finished = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        finished += [int(line.split()[1]) for line in out.splitlines() if line.startswith("finished ")]
    assert sorted(finished) == list(range(1, 81))
    trials = query(url, "SELECT number, state, pid FROM sweep_trials WHERE sweep = 'eight' ORDER BY number")
    assert [int(t[0]) for t in trials] == list(range(1, 81)) and all(t[1] == "finished" for t in trials)
    assert len({t[2] for t in trials}) > 1, "the work was not shared"
    assert query(url, "SELECT count(*) FROM runs WHERE status = 'finished'") == [["80"]]
    assert len(check_finished_runs(url, environment, prefix, "eight")) == 80


def test_writers_killed_at_random_moments_leave_finished_runs_intact(team):
    url, environment, prefix = team
    rng = random.Random(7)
    for _ in range(20):
        process = worker(url, environment, "--sweep", "killed", "--trials", "60", "--sleep-ms", "20")
        time.sleep(rng.uniform(0.05, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        check_finished_runs(url, environment, prefix, "killed")
    # A last worker marks the killed ones' trials failed (their processes are gone) and
    # finishes the sweep.
    last = worker(url, environment, "--sweep", "killed", "--trials", "60")
    out, err = last.communicate(timeout=300)
    assert last.returncode == 0, err
    states = query(url, "SELECT state, count(*) FROM sweep_trials WHERE sweep = 'killed' GROUP BY state")
    counts = {state: int(count) for state, count in states}
    assert counts.get("running", 0) == 0
    assert counts["finished"] == 60
    assert len(check_finished_runs(url, environment, prefix, "killed")) == 60


def test_a_team_store_setting_that_does_not_work_is_named_without_its_secret(team):
    url, environment, _ = team
    secret = "wrong-" + uuid.uuid4().hex
    done = subprocess.run([str(STRATA), "store", "sweep-stress", "--store", url, "--trials", "1"], capture_output=True,
                          text=True, env={**environment, "AWS_SECRET_ACCESS_KEY": secret}, timeout=120)
    # The sweep needs no object until a run ends, so make one: --runs writes weights.
    done = subprocess.run([str(STRATA), "store", "sweep-stress", "--store", url, "--trials", "2", "--runs",
                           "--sweep", "secret"], capture_output=True, text=True,
                          env={**environment, "AWS_SECRET_ACCESS_KEY": secret}, timeout=120)
    assert done.returncode != 0
    assert "AWS_SECRET_ACCESS_KEY" in done.stderr and secret not in done.stderr + done.stdout
    missing = {k: v for k, v in environment.items() if k != "STRATA_OBJECTS"}
    done = subprocess.run([str(STRATA), "store", "sweep-stress", "--store", url], capture_output=True, text=True,
                          env=missing, timeout=60)
    assert done.returncode != 0 and "STRATA_OBJECTS" in done.stderr
    password = url.split(":")[2].split("@")[0]
    bad = url.replace(":" + password + "@", ":not-the-password@")
    done = subprocess.run([str(STRATA), "store", "sweep-stress", "--store", bad], capture_output=True, text=True,
                          env=environment, timeout=60)
    assert done.returncode != 0 and "not-the-password" not in done.stderr and password not in done.stderr
    assert "PostgreSQL" in done.stderr
    done = subprocess.run([str(STRATA), "store", "sweep-stress", "--store", "postgres://nobody@/x"], capture_output=True,
                          text=True, env=environment, timeout=60)
    assert done.returncode != 0 and "STRATA_STORE" in done.stderr
