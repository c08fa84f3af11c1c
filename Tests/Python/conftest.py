"""Shared set-up for the tests that drive the Strata kernel as a real process.

The kernelspec is installed into a temporary prefix (with `strata install --prefix`)
and made visible through JUPYTER_PATH, so the tests never touch the user's Jupyter
set-up; every kernel they start keeps its store (history) in a temporary folder.
"""
import contextlib
import os
import pathlib
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
STRATA = pathlib.Path(os.environ.get("STRATA_BIN", ROOT / ".build" / "debug" / "strata")).resolve()

if not STRATA.exists():
    raise RuntimeError(f"the strata binary is missing at {STRATA}: run `swift build` first")

_prefix = tempfile.mkdtemp(prefix="strata-kernelspec-")
subprocess.run([str(STRATA), "install", "--prefix", _prefix], check=True, capture_output=True)
os.environ["JUPYTER_PATH"] = os.path.join(_prefix, "share", "jupyter")
os.environ["STRATA_STORE"] = tempfile.mkdtemp(prefix="strata-store-")


def free_port():
    """A loopback port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_kernel(**options):
    """A Strata kernel started through jupyter_client (options go to start_new_kernel:
    cwd, env, ...), shut down however the test ends. Yields (manager, client)."""
    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name="strata", **options)
    try:
        yield km, kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def wait_for_lab(process, port, token, log, seconds=90):
    """Waits until the JupyterLab server `process` answers /api/status on `port`; fails
    the test with the server's log if it exits or stays silent."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"jupyter lab exited with status {process.returncode}:\n{log.read()}")
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/api/status",
                                             headers={"Authorization": f"token {token}"})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if time.monotonic() > deadline:
            process.kill()
            log.seek(0)
            pytest.fail(f"jupyter lab did not answer within {seconds} s:\n{log.read()}")
        time.sleep(0.25)
