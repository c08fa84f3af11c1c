"""Moving work between stores as a team does: `strata store push` from a laptop's
folder store to the team store (PostgreSQL + S3, from scripts/team-services.sh) and
`pull` into another folder, sending only what the other side lacks; a push cut short by
the S3 server going away fails naming the endpoint and is finished by the next push
without sending again what arrived; and a kernel on the team store keeps working across
a PostgreSQL restart."""
import hashlib
import json
import os
import pathlib
import random
import re
import socket
import subprocess
import threading
import uuid

import pytest

from conftest import STRATA

POSTGRES = os.environ.get("STRATA_TEST_POSTGRES")
pytestmark = pytest.mark.skipif(not POSTGRES, reason="no team services: run scripts/team-services.sh start")

FIT = """
iris = dataset("iris")
train, val = split(iris, [0.8, 0.2], seed: 7)
for units in [4, 8] {
  fit(sequential([dense(units, activation: "relu"), dense(3)]), train, val: val, epochs: 3, batch: 16, seed: 7,
      name: "iris-" + str(units))
}
"""


@pytest.fixture
def team():
    """A fresh database and key prefix: (store URL, environment for strata)."""
    name = "strata_push_" + uuid.uuid4().hex
    subprocess.run(["psql", POSTGRES, "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    url = POSTGRES.rsplit("/", 1)[0] + "/" + name
    environment = {**os.environ, "STRATA_OBJECTS": f"s3://{os.environ['STRATA_TEST_S3_BUCKET']}/{name}",
                   "AWS_ENDPOINT_URL": os.environ["STRATA_TEST_S3_ENDPOINT"],
                   "AWS_ACCESS_KEY_ID": os.environ["STRATA_TEST_S3_KEY"],
                   "AWS_SECRET_ACCESS_KEY": os.environ["STRATA_TEST_S3_SECRET"], "AWS_REGION": "us-east-1"}
    environment.pop("STRATA_STORE", None)
    return url, environment


def strata(*args, environment, cwd=None, check=True, timeout=300):
    done = subprocess.run([str(STRATA), *args], capture_output=True, text=True, env=environment, cwd=cwd,
                          timeout=timeout)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def make_files(folder, count, seed=7, low=1000, high=6000):
    """`count` files of random bytes (`low` to `high` bytes each) under `folder`, in subfolders."""
    rng = random.Random(seed)
    for index in range(count):
        path = folder / f"part-{index % 10}" / f"file-{index:05d}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rng.randbytes(rng.randint(low, high)))


def tree_digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_lines(store, environment):
    """`strata runs --json` as (name, status, metrics) per run, in the store's order."""
    out = strata("runs", "--store", str(store), "--json", "--limit", "0", environment=environment).stdout
    return [(r["name"], r["status"], r["metrics"]) for r in map(json.loads, out.splitlines())]


def test_push_all_then_pull_into_a_new_store_carries_runs_and_data(team, tmp_path):
    url, environment = team
    laptop, other = tmp_path / "laptop", tmp_path / "other"
    raw = tmp_path / "raw"
    make_files(raw, 40)
    data_id = strata("add", str(raw), "--store", str(laptop), environment=environment).stdout.split()[0]
    (tmp_path / "fit.st").write_text(FIT)
    strata("run", "fit.st", environment={**environment, "STRATA_STORE": str(laptop)}, cwd=tmp_path)

    pushed = strata("store", "push", "--all", "--to", url, "--store", str(laptop), environment=environment).stdout
    assert re.search(r"pushed to postgres://\S+: 2 runs; 1 data versions; \d+ objects copied", pushed), pushed
    assert os.environ["STRATA_TEST_S3_SECRET"] not in pushed
    again = strata("store", "push", "--all", "--to", url, "--store", str(laptop), environment=environment).stdout
    assert "0 runs (2 already there)" in again and " 0 objects copied (0 B)" in again, again
    assert strata("store", "verify", "--store", url, environment=environment).stdout.startswith("ok: ")
    assert run_lines(url, environment) == run_lines(laptop, environment)

    pulled = strata("store", "pull", "--all", "--from", url, "--store", str(other), environment=environment).stdout
    assert "2 runs; 1 data versions" in pulled, pulled
    assert strata("store", "verify", "--store", str(other), environment=environment).stdout.startswith("ok: ")
    assert run_lines(other, environment) == run_lines(laptop, environment)
    strata("checkout", data_id[:12], str(tmp_path / "out"), "--store", str(other), environment=environment)
    assert tree_digest(tmp_path / "out") == tree_digest(raw)
    # The pulled run's model is usable: its weights came along and check out.
    shown = strata("show", "iris-8", "--store", str(other), environment=environment).stdout
    assert "status:   finished" in shown


def test_push_of_one_run_brings_its_data_version_only(team, tmp_path):
    url, environment = team
    laptop = tmp_path / "laptop"
    (tmp_path / "fit.st").write_text(FIT)
    strata("run", "fit.st", environment={**environment, "STRATA_STORE": str(laptop)}, cwd=tmp_path)
    strata("store", "push", "iris-4", "--to", url, "--store", str(laptop), environment=environment)
    assert [name for name, _, _ in run_lines(url, environment)] == ["iris-4"]
    missing = strata("store", "push", "no-such-run", "--to", url, "--store", str(laptop), environment=environment,
                     check=False)
    assert missing.returncode == 1 and "no-such-run" in missing.stderr
    nothing = strata("store", "push", "--to", url, "--store", str(laptop), environment=environment, check=False)
    assert nothing.returncode != 0 and "--all" in nothing.stderr


class Relay:
    """A TCP relay on a loopback port in front of the S3 server: `stop` closes the port
    and every connection through it, as a server going away does; `start` opens the
    same port again. With `cut_after`, it stops by itself once that many bytes have gone
    up through it (so a push is cut in its middle whatever the machine's speed)."""

    def __init__(self, target, cut_after=None):
        host, port = target.removeprefix("http://").split(":")
        self.target = (host, int(port))
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.listener = None
        self.connections = []
        self.cut_after = cut_after
        self.sent = 0
        self.lock = threading.Lock()

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        listener = self.listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self):
        if self.listener is not None:
            # shutdown wakes the thread blocked in accept (close alone would not, and the
            # port would go on taking connections).
            try:
                self.listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.listener.close()
        self.listener = None
        for connection in self.connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            connection.close()
        self.connections = []

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for source, sink, up in ((client, upstream, True), (upstream, client, False)):
                threading.Thread(target=self._pump, args=(source, sink, up), daemon=True).start()

    def _pump(self, source, sink, up):
        try:
            while chunk := source.recv(65536):
                if up and self.cut_after is not None:
                    with self.lock:
                        self.sent += len(chunk)
                        cut = self.sent > self.cut_after and self.listener is not None
                        if cut:
                            self.cut_after = None
                    if cut:
                        self.stop()
                        return
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def test_a_push_cut_short_by_the_s3_server_is_finished_by_the_next(team, tmp_path):
    url, environment = team
    laptop = tmp_path / "laptop"
    raw = tmp_path / "raw"
    # About 90 MiB of small files: six 16 MiB packs. The relay cuts the push once 60 MiB
    # have gone up, when (two uploads at a time) at least one pack has arrived.
    make_files(raw, 1500, low=40_000, high=80_000)
    data_id = strata("add", str(raw), "--store", str(laptop), environment=environment).stdout.split()[0]
    relay = Relay(os.environ["STRATA_TEST_S3_ENDPOINT"], cut_after=60 << 20)
    relay.start()
    through = {**environment, "AWS_ENDPOINT_URL": relay.endpoint}
    push = subprocess.Popen([str(STRATA), "store", "push", "--data", data_id, "--to", url, "--store", str(laptop),
                             "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=through)
    out, err = push.communicate(timeout=120)
    assert push.returncode == 1, out + err
    assert relay.endpoint in err, err
    assert os.environ["STRATA_TEST_S3_SECRET"] not in out + err
    # The team store names no version whose objects have not all arrived.
    tracked = subprocess.run(["psql", url, "-At", "-c", "SELECT count(*) FROM tracked_versions"], check=True,
                             capture_output=True, text=True).stdout.strip()
    assert tracked == "0", "the team store names a data version whose files have not all arrived"
    relay.start()
    out = strata("store", "push", "--data", data_id, "--to", url, "--store", str(laptop), environment=through).stdout
    sent, present = re.search(r"(\d+) objects copied .*?(?:, (\d+) already there)?$", out).groups()
    assert present is not None and int(present) > 0, f"the first push sent nothing before the cut: {out}"
    assert int(sent) + int(present) == 1501, out  # 1500 files and the manifest
    relay.stop()
    assert strata("store", "verify", "--store", url, environment=environment).stdout.startswith("ok: ")
    other = tmp_path / "other"
    strata("store", "pull", "--data", data_id, "--from", url, "--store", str(other), environment=environment)
    strata("checkout", data_id, str(tmp_path / "out"), "--store", str(other), environment=environment)
    assert tree_digest(tmp_path / "out") == tree_digest(raw)


def restart_postgres():
    data = os.environ["STRATA_TEST_POSTGRES_DATA"]
    pg_ctl = "/usr/lib/postgresql/15/bin/pg_ctl"
    # The server's output goes to its log, not to a pipe this test would wait on.
    log = str(pathlib.Path(data).parent / "server.log")
    command = [pg_ctl, "-D", data, "-l", log, "-w", "-m", "fast", "restart"]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


@pytest.mark.skipif(not os.environ.get("STRATA_TEST_POSTGRES_DATA"), reason="the cluster's folder is not known")
def test_a_kernel_on_the_team_store_survives_a_postgres_restart(team, tmp_path):
    from jupyter_client.manager import start_new_kernel
    from test_kernel_process import run, stdout_of

    url, environment = team
    km, kc = start_new_kernel(kernel_name="strata", env={**environment, "STRATA_STORE": url}, cwd=str(tmp_path))
    try:
        reply, outputs = run(kc, FIT)
        assert reply["status"] == "ok", reply
        reply, outputs = run(kc, "print(len(runs()))")
        assert reply["status"] == "ok" and stdout_of(outputs).strip() == "2", (reply, outputs)
        restart_postgres()
        reply, outputs = run(kc, "print(len(runs()))")
        assert reply["status"] == "ok" and stdout_of(outputs).strip() == "2", (reply, outputs)
        reply, _ = run(kc, FIT)
        assert reply["status"] == "ok", reply
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert len(run_lines(url, environment)) == 4
