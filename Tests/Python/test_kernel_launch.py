"""The strata-kernel launcher: the installed kernelspec runs it, it binds the five
ports and execs `strata kernel` in its own process, and whatever it cannot pre-bind
is left to `strata kernel`, which reports real problems as it always has."""
import json
import os
import socket
import subprocess
import time

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from conftest import STRATA

LAUNCHER = STRATA.parent / "strata-kernel"

pytestmark = pytest.mark.skipif(not LAUNCHER.exists(), reason="strata-kernel is not built beside strata")


def free_ports(count):
    holders = [socket.socket() for _ in range(count)]
    for s in holders:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in holders]
    for s in holders:
        s.close()
    return ports


def write_connection_file(path, ports, **fields):
    info = {"transport": "tcp", "ip": "127.0.0.1", "key": "secret", "signature_scheme": "hmac-sha256"}
    info.update(zip(("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"), ports))
    info.update(fields)
    path.write_text(json.dumps(info))
    return path


def test_installed_kernelspec_runs_the_launcher_which_becomes_the_kernel():
    spec = KernelSpecManager().get_kernel_spec("strata")
    assert spec.argv == [os.path.realpath(LAUNCHER), "-f", "{connection_file}"]
    km = KernelManager(kernel_name="strata")
    km.start_kernel()
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=20)
        msg_id = kc.kernel_info()
        reply = kc.get_shell_msg(timeout=10)
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["implementation"] == "strata"
        # exec kept the pid that jupyter_client started (and signals): it is now strata.
        pid = km.provisioner.process.pid
        assert os.path.realpath(f"/proc/{pid}/exe") == os.path.realpath(STRATA)
        cmdline = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
        assert b"--listeners" in cmdline
        # The pre-bound listeners are close-on-exec now: a cell's child process (or
        # anything else the kernel starts) must not hold the kernel's ports.
        for fd in os.listdir(f"/proc/{pid}/fd"):
            flags = open(f"/proc/{pid}/fdinfo/{fd}").read().split("flags:")[1].split()[0]
            target = os.readlink(f"/proc/{pid}/fd/{fd}") if os.path.exists(f"/proc/{pid}/fd/{fd}") else ""
            if target.startswith("socket:") and int(fd) > 2:
                assert int(flags, 8) & 0o2000000, f"fd {fd} of the kernel is not close-on-exec"
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)


@pytest.mark.parametrize("taken", ["shell", "hb"])
def test_a_port_already_taken_gives_the_kernels_error_not_a_hang(tmp_path, taken):
    ports = free_ports(5)
    squatter = socket.socket()
    squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    index = ["shell", "iopub", "stdin", "control", "hb"].index(taken)
    squatter.bind(("127.0.0.1", ports[index]))
    squatter.listen()
    try:
        connection = write_connection_file(tmp_path / "kernel.json", ports)
        started = time.monotonic()
        done = subprocess.run([str(LAUNCHER), "-f", str(connection)], capture_output=True, text=True, timeout=30)
        assert time.monotonic() - started < 10
    finally:
        squatter.close()
    assert done.returncode != 0
    # The ports the launcher bound before meeting the taken one were closed again:
    # `strata kernel` fails on the taken port itself, not on one the launcher held.
    assert f"{taken} socket: zmq_bind tcp://127.0.0.1:{ports[index]} failed: Address already in use" in done.stderr


def test_a_connection_the_launcher_cannot_prebind_is_left_to_the_kernel(tmp_path):
    """ipc is not pre-bound: `strata kernel` binds its sockets and serves as usual."""
    km = KernelManager(kernel_name="strata", transport="ipc", ip=str(tmp_path / "kernel"))
    km.start_kernel()
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=20)
        pid = km.provisioner.process.pid
        assert os.path.realpath(f"/proc/{pid}/exe") == os.path.realpath(STRATA)
        assert b"--listeners" not in open(f"/proc/{pid}/cmdline", "rb").read()
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)


def test_a_missing_connection_file_is_reported_by_the_kernel(tmp_path):
    done = subprocess.run([str(LAUNCHER), "-f", str(tmp_path / "absent.json")], capture_output=True, text=True,
                          timeout=30)
    assert done.returncode != 0
    assert f"connection file not found: {tmp_path / 'absent.json'}" in done.stderr


def test_without_strata_beside_it_the_launcher_says_so_and_exits_1(tmp_path):
    lone = tmp_path / "strata-kernel"
    os.link(os.path.realpath(LAUNCHER), lone)
    connection = write_connection_file(tmp_path / "kernel.json", free_ports(5))
    done = subprocess.run([str(lone), "-f", str(connection)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert done.stderr == f"strata-kernel: cannot run {tmp_path}/strata: No such file or directory\n"


def test_bad_usage_exits_2_with_the_usage(tmp_path):
    done = subprocess.run([str(LAUNCHER), "--bogus"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert "usage: strata-kernel -f CONNECTION_FILE" in done.stderr


def test_install_falls_back_to_strata_kernel_without_the_launcher(tmp_path):
    lone = tmp_path / "bin" / "strata"
    lone.parent.mkdir()
    os.link(os.path.realpath(STRATA), lone)
    done = subprocess.run([str(lone), "install", "--prefix", str(tmp_path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    spec = json.loads((tmp_path / "share" / "jupyter" / "kernels" / "strata" / "kernel.json").read_text())
    assert spec["argv"] == [str(lone), "kernel", "-f", "{connection_file}"]
