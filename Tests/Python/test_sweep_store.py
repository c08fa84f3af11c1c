"""Sweeps shared by processes: the claim protocol (`strata store sweep-stress`, hidden)
hands every trial number out once across four workers, recovers the trial of a worker
killed mid-trial, and the read-only commands (`sweeps`, `sweep NAME`, `runs --sweep`)
show the result without creating a store."""
import json
import os
import signal
import subprocess

from conftest import STRATA


def strata(store, *args, check=True, timeout=120):
    done = subprocess.run([str(STRATA), *args, "--store", str(store)], capture_output=True, text=True,
                          timeout=timeout)
    if check:
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def workers(store, count, *args):
    return [subprocess.Popen([str(STRATA), "store", "sweep-stress", "--store", str(store), *args],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(count)]


def finish(processes):
    claimed = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "locked" not in err
        claimed += [int(line.split()[1]) for line in out.splitlines() if line.startswith("finished ")]
    return claimed


def sweep_json(store, name):
    return json.loads(strata(store, "sweep", name, "--json").stdout)


def test_four_workers_share_a_forty_trial_sweep(tmp_path):
    store = tmp_path / "store"
    claimed = finish(workers(store, 4, "--sweep", "shared", "--trials", "40", "--sleep-ms", "20", "--runs"))
    assert sorted(claimed) == list(range(1, 41))
    sweep = sweep_json(store, "shared")
    assert [trial["number"] for trial in sweep["trials"]] == list(range(1, 41))
    assert all(trial["state"] == "finished" for trial in sweep["trials"])
    assert [trial["params"]["n"] for trial in sweep["trials"]] == list(range(1, 41))
    assert sweep["done"] == 40 and sweep["target"] == 40 and sweep["best"] == 1
    # The pids say the work was shared.
    assert len({trial["pid"] for trial in sweep["trials"]}) > 1
    listed = [json.loads(line) for line in strata(store, "sweeps", "--json").stdout.splitlines()]
    assert [(s["name"], s["done"], s["target"]) for s in listed] == [("shared", 40, 40)]
    table = strata(store, "sweeps").stdout.splitlines()
    assert table[0].split() == ["name", "method", "goal", "trials", "running", "failed", "best", "created"]
    assert table[2].split()[:4] == ["shared", "counter", "min", "40/40"]
    runs = [json.loads(line) for line in strata(store, "runs", "--sweep", "shared", "--limit", "0", "--json").stdout.splitlines()]
    assert sorted(run["name"] for run in runs) == sorted(f"shared-{n}" for n in range(1, 41))
    assert {run["id"] for run in runs} == {trial["run"] for trial in sweep["trials"]}
    assert strata(store, "store", "verify").returncode == 0


def test_a_killed_workers_trial_fails_and_the_sweep_still_completes(tmp_path):
    store = tmp_path / "store"
    [slow] = workers(store, 1, "--sweep", "killed", "--trials", "40", "--sleep-ms", "600000", "--runs")
    line = slow.stdout.readline()
    assert line.startswith("claimed "), (line, slow.stderr.read())
    killed_number = int(line.split()[1])
    slow.send_signal(signal.SIGKILL)
    slow.wait()
    before = sweep_json(store, "killed")
    assert [(t["number"], t["state"]) for t in before["trials"]] == [(killed_number, "running")]

    finish(workers(store, 4, "--sweep", "killed", "--trials", "40", "--sleep-ms", "5"))
    sweep = sweep_json(store, "killed")
    by_number = {trial["number"]: trial for trial in sweep["trials"]}
    assert len(by_number) == len(sweep["trials"]) == 41
    killed = by_number.pop(killed_number)
    assert killed["state"] == "failed" and killed["error"] == "its process is gone" and killed["process_gone"]
    assert all(trial["state"] == "finished" for trial in by_number.values())
    assert sorted(by_number) == [n for n in range(1, 42) if n != killed_number]
    assert sweep["done"] == 40 and sweep["failed"] == 1
    shown = strata(store, "sweep", "killed").stdout
    assert "its process is gone" in shown and "40/40 done, 40 finished, 1 failed" in shown
    # The killed trial's run was settled as any run whose process is gone.
    runs = [json.loads(line) for line in strata(store, "runs", "--sweep", "killed", "--json").stdout.splitlines()]
    assert [run["status"] for run in runs] == ["interrupted"]


def test_reading_sweeps_creates_no_store(tmp_path):
    store = tmp_path / "nothing"
    for args in (["sweeps"], ["sweep", "x"], ["runs", "--sweep", "x"]):
        done = strata(store, *args, check=False)
        assert done.returncode != 0 and "no store at" in done.stderr
    assert not store.exists()
    strata(store, "store", "sweep-stress", "--sweep", "one", "--trials", "1")
    assert "no sweeps" not in strata(store, "sweeps").stdout
    missing = strata(store, "sweep", "other", check=False)
    assert missing.returncode != 0 and "no sweep named 'other'" in missing.stderr
    assert "no sweep named 'other'" in strata(store, "runs", "--sweep", "other").stdout


def test_four_notebook_processes_share_one_named_sweep(tmp_path):
    """The language's `sweep(name:)` run by four processes at once on one store: the
    trials are shared, numbered once each, and the total stays `trials`."""
    store = tmp_path / "store"
    script = tmp_path / "worker.strata"
    script.write_text(
        's = sweep([x: uniform(-5, 5), k: choice(["a", "b"])], trials: 40, seed: 7, name: "shared") { p in\n'
        '  sleep(0.02)\n'
        '  p.x ** 2\n'
        '}\n'
        'print(len(s.trials))\n')
    env = {**os.environ, "STRATA_STORE": str(store)}
    workers = [subprocess.Popen([str(STRATA), "run", str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env) for _ in range(4)]
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
    shown = json.loads(subprocess.run([str(STRATA), "sweep", "shared", "--json", "--store", str(store)],
                                      capture_output=True, text=True, check=True).stdout)
    numbers = [trial["number"] for trial in shown["trials"]]
    assert sorted(numbers) == list(range(1, 41))
    assert all(trial["state"] == "finished" for trial in shown["trials"])
    # Several processes really shared it: more than one pid ran trials.
    assert len({trial["pid"] for trial in shown["trials"]}) > 1
    # `strata show NAME` shows the sweep when no run has that name.
    table = subprocess.run([str(STRATA), "show", "shared", "--store", str(store)], capture_output=True, text=True,
                           check=True).stdout
    assert "shared" in table and "40" in table
