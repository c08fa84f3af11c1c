"""The versioned store from the command line: crash safety (SIGKILL at random
moments), four concurrent writers, corruption, raw-data versioning, bundles."""
import json
import os
import random
import signal
import subprocess
import time

from conftest import STRATA


def strata(store, *args, check=True, cwd=None, timeout=60):
    done = subprocess.run([str(STRATA), *args, "--store", str(store)], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd)
    if check:
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def runs_json(store):
    out = strata(store, "runs", "--limit", "0", "--json").stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_sigkill_at_random_moments_leaves_a_consistent_store(tmp_path):
    store = tmp_path / "store"
    rng = random.Random(1234)
    finished = []
    kills = 0
    while kills < 50:
        writer = subprocess.Popen([str(STRATA), "store", "stress", "--runs", "1000", "--epochs", "2",
                                   "--store", str(store)], stdout=subprocess.PIPE, text=True)
        # The first kills land while the store is being created and migrated, the rest mid-run.
        time.sleep(rng.uniform(0.0, 0.25))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        kills += 1
        finished += [line.split()[1] for line in out.splitlines() if line.startswith("finished ")]
        if kills % 10 == 0 or kills == 1:
            verify = strata(store, "store", "verify", check=False)
            assert verify.returncode == 0, verify.stdout
    verify = strata(store, "store", "verify", check=False)
    assert verify.returncode == 0, verify.stdout
    assert len(finished) > 0
    by_id = {run["id"]: run for run in runs_json(store)}
    for run_id in finished:
        assert by_id[run_id]["status"] == "finished"
    # Every finished run is whole: params, both epochs, weights.
    for run_id in rng.sample(finished, min(20, len(finished))):
        shown = json.loads(strata(store, "show", run_id, "--json").stdout)
        assert [epoch["epoch"] for epoch in shown["history"]] == [1, 2]
        assert shown["weights"] is not None


def test_sigkill_verify_after_every_kill(tmp_path):
    """A shorter loop that verifies after each of its kills."""
    store = tmp_path / "store"
    rng = random.Random(99)
    for _ in range(8):
        writer = subprocess.Popen([str(STRATA), "store", "stress", "--runs", "1000", "--store", str(store)],
                                  stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.3))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        verify = strata(store, "store", "verify", check=False)
        assert verify.returncode == 0, verify.stdout


def test_four_concurrent_writers_lose_nothing(tmp_path):
    store = tmp_path / "store"
    writers = [subprocess.Popen([str(STRATA), "store", "stress", "--runs", "25", "--epochs", "3",
                                 "--store", str(store)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(4)]
    results = [writer.communicate(timeout=120) for writer in writers]
    for writer, (out, err) in zip(writers, results):
        assert writer.returncode == 0, err
        assert "locked" not in err
        assert out.count("finished ") == 25
    runs = runs_json(store)
    assert len(runs) == 100
    assert all(run["status"] == "finished" for run in runs)
    assert strata(store, "store", "verify").returncode == 0


def test_a_flipped_byte_is_found_and_named(tmp_path):
    store = tmp_path / "store"
    out = strata(store, "store", "stress", "--runs", "1").stdout
    run_id = out.split()[1]
    weights = json.loads(strata(store, "show", run_id, "--json").stdout)["weights"]
    path = store / "objects" / "sha256" / weights[:2] / weights[2:]
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF
    path.write_bytes(bytes(data))
    verify = strata(store, "store", "verify", check=False)
    assert verify.returncode == 1
    assert weights in verify.stdout and "corrupt" in verify.stdout
    exported = strata(store, "store", "export", run_id, "-o", str(tmp_path / "b.tar"), check=False)
    assert exported.returncode != 0 and weights in exported.stderr


def test_add_status_checkout(tmp_path):
    store = tmp_path / "store"
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    (data / "a.txt").write_text("alpha")
    (data / "sub" / "b.txt").write_text("alpha")
    (data / "sub" / "c.bin").write_bytes(os.urandom(5_000_000))
    first = strata(store, "add", str(data)).stdout.strip()
    assert len(first) == 64
    assert "unchanged" in strata(store, "status", str(data)).stdout
    (data / "a.txt").write_text("beta")
    (data / "new.txt").write_text("new")
    (data / "sub" / "b.txt").unlink()
    status = strata(store, "status", str(data)).stdout
    assert "modified: a.txt" in status and "added:    new.txt" in status and "removed:  sub/b.txt" in status
    second = strata(store, "add", str(data)).stdout.strip()
    assert second != first
    strata(store, "checkout", first[:12], str(tmp_path / "v1"))
    assert (tmp_path / "v1" / "a.txt").read_text() == "alpha"
    assert (tmp_path / "v1" / "sub" / "b.txt").read_text() == "alpha"
    assert (tmp_path / "v1" / "sub" / "c.bin").read_bytes() == (data / "sub" / "c.bin").read_bytes()
    assert strata(store, "store", "verify").returncode == 0
    missing = strata(store, "status", str(tmp_path / "never"), check=False)
    assert missing.returncode != 0 and "never added" in missing.stderr


def test_runs_show_diff_export_import_gc(tmp_path):
    store = tmp_path / "store"
    ids = [line.split()[1] for line in strata(store, "store", "stress", "--runs", "2").stdout.splitlines()]
    table = strata(store, "runs").stdout.splitlines()
    # The same table as runs() in a notebook: ids as short as still names each run.
    assert table[1].split() == ["id", "name", "status", "created", "took", "loss"]
    rows = [line.split() for line in table[3:]]
    assert len(rows) == 2 and all(row[2] == "finished" for row in rows)
    # Newest first: the second run's row is on top.
    assert ids[1].startswith(rows[0][0]) and ids[0].startswith(rows[1][0]) and len(rows[0][0]) >= 8
    assert "epoch" in strata(store, "show", rows[0][0]).stdout
    diff = strata(store, "diff", ids[0], ids[1]).stdout.splitlines()
    # Params differ (index), the marked rows say so, the equal ones are unmarked.
    assert any(line.startswith("≠") and "index" in line for line in diff)
    assert any(line.split()[:1] == ["status"] for line in diff)
    unknown = strata(store, "show", "zzzz", check=False)
    assert unknown.returncode != 0 and "no run" in unknown.stderr
    bundle = tmp_path / "runs.tar"
    strata(store, "store", "export", *ids, "-o", str(bundle))
    other = tmp_path / "other"
    assert "imported 2 runs" in strata(other, "store", "import", str(bundle)).stdout
    assert {run["id"] for run in runs_json(other)} == set(ids)
    assert strata(other, "store", "verify").returncode == 0
    gc = strata(store, "store", "gc", "--grace", "0").stdout
    assert "removed 0 objects" in gc


def test_runs_are_linked_to_the_tracked_data_versions_they_read(tmp_path):
    """track a folder, train on a split of a CSV in it: `strata show` names the tracked
    version behind the run's data (through the split), `strata status` the runs that used it."""
    store = tmp_path / "store"
    data = tmp_path / "raw"
    data.mkdir()
    rows = ["x1,x2,label"] + [f"{i % 7},{(i * 3) % 5},{'a' if i % 2 else 'b'}" for i in range(60)]
    (data / "points.csv").write_text("\n".join(rows) + "\n")
    (data / "notes.txt").write_text("not read by the run")
    script = tmp_path / "train.strata"
    script.write_text(f'''
version = track("{data}")
train, val = split(load_csv("{data}/points.csv", target: "label"), [0.8, 0.2], seed: 1)
model = sequential([dense(4, activation: "relu"), dense(2)])
fit(model, train, val: val, epochs: 1, seed: 1)
''')
    done = subprocess.run([str(STRATA), "run", str(script)], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, STRATA_STORE=str(store)))
    assert done.returncode == 0, done.stderr
    run_id = runs_json(store)[0]["id"]
    shown = strata(store, "show", run_id).stdout
    version = strata(store, "add", str(data)).stdout.strip()  # unchanged: the same id
    assert f"{data}/points.csv" in shown
    assert version[:12] in shown, shown
    status = strata(store, "status", str(data)).stdout
    assert f"used by 1 run: {run_id}" in status, status
    # A new version of the folder was not read by that run.
    (data / "points.csv").write_text("\n".join(rows[:30]) + "\n")
    strata(store, "add", str(data))
    assert "used by" not in strata(store, "status", str(data)).stdout


def test_a_run_whose_process_was_killed_reads_back_interrupted_with_its_epochs(tmp_path):
    store = tmp_path / "store"
    script = tmp_path / "long.strata"
    script.write_text('iris = dataset("iris")\n'
                      'fit(sequential([dense(8, activation: "relu"), dense(3)]), iris, epochs: 100000, batch: 8,'
                      ' name: "long")\n')
    writer = subprocess.Popen([str(STRATA), "run", str(script)], env=dict(os.environ, STRATA_STORE=str(store)),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            runs = runs_json(store) if (store / "strata.db").exists() else []
            if runs and len(json.loads(strata(store, "show", "long", "--json").stdout)["history"]) >= 2:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the run never recorded two epochs")
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    shown = json.loads(strata(store, "show", "long", "--json").stdout)
    assert shown["status"] == "interrupted", shown["status"]
    assert shown["outcome"]["kind"] == "process_gone" and shown["pid"] == writer.pid
    assert shown["outcome"]["last_epoch"] == len(shown["history"]) >= 2
    assert shown["error"] is None
    # Its final metrics are its last epoch's, as an interrupted run's are: not blank in
    # `strata runs`, and sorted by them.
    assert shown["metrics"] == shown["history"][-1]["metrics"] and "accuracy" in shown["metrics"], shown["metrics"]
    listed = runs_json(store)
    assert listed[0]["metrics"] == shown["metrics"]
    table = strata(store, "runs", "--sort=-accuracy").stdout.splitlines()
    row = next(line for line in table if " long " in line)
    assert f"{shown['metrics']['accuracy']:.4g}" in row.split(), table
    # The words are made when shown.
    assert f"process {writer.pid} ended after epoch" in strata(store, "show", "long").stdout
    assert strata(store, "store", "verify").returncode == 0


def test_a_killed_add_leaves_a_consistent_store_and_the_next_add_completes(tmp_path):
    store = tmp_path / "store"
    data = tmp_path / "data"
    rng = random.Random(7)
    for index in range(2000):
        sub = data / f"d{index % 20}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"f{index}.bin").write_bytes(index.to_bytes(4, "little") + rng.randbytes(rng.randrange(1, 40_000)))
    for _ in range(10):
        writer = subprocess.Popen([str(STRATA), "add", str(data), "--store", str(store)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.02, 0.25))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        verify = strata(store, "store", "verify", check=False)
        assert verify.returncode == 0, verify.stdout
    version = strata(store, "add", str(data)).stdout.strip()
    strata(store, "checkout", version, str(tmp_path / "out"))
    for path in data.rglob("*.bin"):
        assert (tmp_path / "out" / path.relative_to(data)).read_bytes() == path.read_bytes()
    # What the killed adds left (staged files, packs no version lists) goes with gc.
    strata(store, "store", "gc", "--grace", "0")
    assert strata(store, "store", "verify").returncode == 0
    assert "unchanged" in strata(store, "status", str(data)).stdout


def test_a_flipped_byte_in_a_packed_file_is_found_and_named(tmp_path):
    store = tmp_path / "store"
    data = tmp_path / "data"
    data.mkdir()
    (data / "only.txt").write_text("the one small file, packed")
    version = strata(store, "add", str(data)).stdout.strip()
    packs = list((store / "objects" / "packs").glob("*.pack"))
    assert len(packs) == 1
    os.chmod(packs[0], 0o644)
    raw = bytearray(packs[0].read_bytes())
    raw[3] ^= 0xFF
    packs[0].write_bytes(bytes(raw))
    verify = strata(store, "store", "verify", check=False)
    assert verify.returncode == 1
    assert "corrupt" in verify.stdout and "'only.txt' in manifest" in verify.stdout
    checkout = strata(store, "checkout", version, str(tmp_path / "out"), check=False)
    assert checkout.returncode != 0 and "corrupt" in checkout.stderr
    assert not (tmp_path / "out" / "only.txt").exists()


def test_concurrent_adds_into_one_store_lose_nothing(tmp_path):
    store = tmp_path / "store"
    rng = random.Random(3)
    folders = []
    for name in ("shared", "other"):
        data = tmp_path / name
        for index in range(600):
            sub = data / f"d{index % 6}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"f{index}").write_bytes(name.encode() + rng.randbytes(rng.randrange(1, 30_000)))
        folders.append(data)
    strata(store, "store", "stress", "--runs", "0")  # creates the store before the race (readers create none)
    adders = [subprocess.Popen([str(STRATA), "add", str(folder), "--store", str(store)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for folder in [folders[0], folders[0], folders[0], folders[1]]]
    outputs = [adder.communicate(timeout=120) for adder in adders]
    for adder, (out, err) in zip(adders, outputs):
        assert adder.returncode == 0, err
        assert "locked" not in err
    versions = {out.splitlines()[0] for out, _ in outputs[:3]}
    assert len(versions) == 1  # the same folder is the same version, whoever added it
    assert strata(store, "store", "verify").returncode == 0
    for folder, version in zip(folders, [versions.pop(), outputs[3][0].splitlines()[0]]):
        assert "unchanged" in strata(store, "status", str(folder)).stdout
        out = tmp_path / f"out-{folder.name}"
        strata(store, "checkout", version, str(out))
        for path in folder.rglob("f*"):
            assert (out / path.relative_to(folder)).read_bytes() == path.read_bytes()


READ_ONLY_COMMANDS = [["runs"], ["runs", "--json"], ["show", "abc"], ["diff", "a", "b"], ["status", "data"],
                      ["checkout", "abc", "out"], ["store", "verify"], ["store", "export", "abc", "-o", "b.tar"],
                      ["store", "gc"]]


def test_read_only_commands_on_a_missing_store_say_so_and_create_nothing(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "STRATA_STORE"}
    for command in READ_ONLY_COMMANDS:
        done = subprocess.run([str(STRATA), *command], capture_output=True, text=True, cwd=tmp_path, env=env,
                              timeout=60)
        assert done.returncode != 0, (command, done.stdout)
        assert f"no store at '{tmp_path.resolve() / '.strata'}'" in done.stderr, (command, done.stderr)
        assert "STRATA_STORE" in done.stderr and "strata add" in done.stderr, done.stderr
        assert list(tmp_path.iterdir()) == [], (command, list(tmp_path.iterdir()))
    # The same for a store named by STRATA_STORE or --store.
    named = tmp_path / "elsewhere"
    done = subprocess.run([str(STRATA), "runs"], capture_output=True, text=True, cwd=tmp_path,
                          env=dict(env, STRATA_STORE=str(named)), timeout=60)
    assert done.returncode != 0 and f"no store at '{named}' (given by STRATA_STORE)" in done.stderr, done.stderr
    done = strata(named, "runs", check=False, cwd=tmp_path)
    assert done.returncode != 0 and f"no store at '{named}' (given by --store)" in done.stderr, done.stderr
    assert list(tmp_path.iterdir()) == []
    # A command that records creates it; then the readers work.
    (tmp_path / "data.csv").write_text("x\n1\n")
    strata(named, "add", str(tmp_path / "data.csv"))
    assert (named / "strata.db").exists()
    assert "no runs in" in strata(named, "runs").stdout


def test_runs_filter_and_show_json_has_the_preprocessing(tmp_path):
    store = tmp_path / "store"
    script = tmp_path / "two.strata"
    script.write_text(
        'train, test = split(dataset("iris"), [0.8, 0.2], seed: 1)\n'
        'fit(sequential([dense(3)]), standardize(train), epochs: 1, name: "kept", tags: ["good"])\n'
        'fit(sequential([dense(3)]), train, epochs: 1, name: "plain")\n')
    done = subprocess.run([str(STRATA), "run", str(script)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "STRATA_STORE": str(store)})
    assert done.returncode == 0, done.stderr
    tagged = strata(store, "runs", "--tag", "good", "--json").stdout.splitlines()
    assert [json.loads(line)["name"] for line in tagged] == ["kept"]
    finished = strata(store, "runs", "--status", "finished", "--json").stdout.splitlines()
    assert sorted(json.loads(line)["name"] for line in finished) == ["kept", "plain"]
    assert "match" in strata(store, "runs", "--status", "failed").stdout
    bad = strata(store, "runs", "--status", "done", check=False)
    assert bad.returncode != 0 and "unknown status 'done'" in bad.stderr
    shown = json.loads(strata(store, "show", "kept", "--json").stdout)
    steps = shown["preprocessing"]["steps"]
    assert [step["op"] for step in steps] == ["standardize"]
    assert [column["name"] for column in steps[0]["columns"]] == [
        "sepal_length", "sepal_width", "petal_length", "petal_width"]
    assert shown["preprocessing"]["target"] == {"name": "species", "classes": ["setosa", "versicolor", "virginica"]}
    assert json.loads(strata(store, "show", "plain", "--json").stdout)["preprocessing"]["steps"] == []
