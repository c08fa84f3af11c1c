"""`strata run` and `strata install` as a user calls them."""
import json
import os
import signal
import subprocess
import time

from conftest import STRATA


def run_script(tmp_path, source, **kwargs):
    script = tmp_path / "script.strata"
    script.write_text(source)
    return subprocess.run([str(STRATA), "run", str(script)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60, **kwargs)


def test_run_prints_output_displays_and_the_last_expression(tmp_path):
    done = run_script(tmp_path, 'print("hello")\nshow([a: 1])\nx = 20\nx * 2 + 2\n')
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["hello", "[a: 1]", "42"]


def test_run_reports_an_error_with_its_caret_and_exits_1(tmp_path):
    done = run_script(tmp_path, 'print("before")\ny = dens(3)\nprint("after")\n')
    assert done.returncode == 1
    assert done.stdout == "before\n"
    assert "unknown name 'dens'" in done.stderr
    assert "y = dens(3)" in done.stderr
    assert "^^^^" in done.stderr
    assert "2:5" in done.stderr


def test_run_reports_every_syntax_error_and_runs_nothing(tmp_path):
    done = run_script(tmp_path, 'print("ran")\na = 1 +* 2\nb = ]\n')
    assert done.returncode == 1
    assert "ran" not in done.stdout
    assert done.stderr.count("-->") >= 2


def test_run_missing_file(tmp_path):
    done = subprocess.run([str(STRATA), "run", str(tmp_path / "nope.strata")],
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert "nope.strata" in done.stderr


def test_run_is_interrupted_by_sigint(tmp_path):
    script = tmp_path / "slow.strata"
    script.write_text('print("start")\nsleep(60)\n')
    proc = subprocess.Popen([str(STRATA), "run", str(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "start\n"  # the script is running, in sleep(60) next
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert time.monotonic() - started < 3
    assert proc.returncode == 1
    assert "interrupt" in err.lower()


def test_install_writes_a_kernelspec(tmp_path):
    done = subprocess.run([str(STRATA), "install", "--prefix", str(tmp_path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "share" / "jupyter" / "kernels" / "strata"
    spec = json.loads((folder / "kernel.json").read_text())
    # The strata-kernel launcher beside the binary, when built, binds the ports first.
    launcher = os.path.join(os.path.dirname(os.path.realpath(STRATA)), "strata-kernel")
    if os.path.exists(launcher):
        assert spec["argv"] == [launcher, "-f", "{connection_file}"]
    else:
        assert spec["argv"] == [os.path.realpath(STRATA), "kernel", "-f", "{connection_file}"]
    assert spec["language"] == "strata"
    assert spec["interrupt_mode"] == "message"
    for logo in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
        assert (folder / logo).stat().st_size > 0
    assert (folder / "logo-64x64.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_install_rejects_two_destinations(tmp_path):
    done = subprocess.run([str(STRATA), "install", "--user", "--prefix", str(tmp_path)],
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert "--user" in done.stderr


def cpu_flags():
    for line in open("/proc/cpuinfo"):
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


FIT_SCRIPT = ('m = sequential([dense(4, activation: "relu"), dense(3)])\n'
              'r = fit(m, dataset("iris"), epochs: 1, seed: 1)\nprint("trained")\n')


def test_openblas_gets_the_cores_kernels_when_nothing_is_preset(tmp_path):
    flags = cpu_flags()
    if {"avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"} <= flags:
        expected = "SkylakeX"
    elif {"avx", "avx2", "fma"} <= flags:
        expected = "Haswell"
    else:
        expected = None
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    env.update(STRATA_VERBOSE="1", OPENBLAS_VERBOSE="2", STRATA_STORE=str(tmp_path / "store"))
    done = run_script(tmp_path, FIT_SCRIPT, env=env)
    assert done.returncode == 0, done.stderr
    assert "trained" in done.stdout
    if expected:
        # Said once, and OpenBLAS itself (OPENBLAS_VERBOSE=2) reports the core it loaded.
        assert done.stderr.count(f"OpenBLAS core type {expected} chosen from the CPU's flags") == 1
        assert f"Core: {expected}" in done.stderr
    # Without STRATA_VERBOSE nothing is said.
    env.pop("STRATA_VERBOSE")
    env.pop("OPENBLAS_VERBOSE")
    quiet = run_script(tmp_path, FIT_SCRIPT, env=env)
    assert quiet.returncode == 0 and "OpenBLAS" not in quiet.stderr


def test_a_preset_openblas_core_type_is_kept(tmp_path):
    env = dict(os.environ, OPENBLAS_CORETYPE="Prescott", STRATA_VERBOSE="1", OPENBLAS_VERBOSE="2",
               STRATA_STORE=str(tmp_path / "store"))
    done = run_script(tmp_path, FIT_SCRIPT, env=env)
    assert done.returncode == 0, done.stderr
    assert "OpenBLAS core type Prescott (from OPENBLAS_CORETYPE)" in done.stderr
    assert "Core: Prescott" in done.stderr
