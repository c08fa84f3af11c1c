"""`make lab`, the README's first command, as a user meets it: scripts/lab.sh (what the
target runs once the kernelspec is installed) starts JupyterLab, as root too; the page
and the kernelspec list load over HTTP, a Strata kernel starts through the server's
REST API and runs a cell over its websocket, and the server stops cleanly."""
import asyncio
import json
import os
import signal
import subprocess
import urllib.request
import uuid

import pytest

from conftest import ROOT, free_port, wait_for_lab

TOKEN = "lab-test-" + uuid.uuid4().hex


def http(port, path, method="GET", body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


@pytest.fixture
def lab(tmp_path):
    port = free_port()
    env = dict(os.environ)
    # Jupyter's own folders in the test's; JUPYTER_PATH (conftest) keeps the kernelspec.
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        env[name] = str(tmp_path / name.lower())
    env["VENV"] = str(ROOT / ".venv")
    log = open(tmp_path / "lab.log", "w+")
    process = subprocess.Popen([str(ROOT / "scripts" / "lab.sh"), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                                f"--ServerApp.token={TOKEN}", "--ServerApp.port_retries=0"],
                               env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    wait_for_lab(process, port, TOKEN, log)
    yield port, process, log
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


async def execute_over_websocket(port, kernel_id, code):
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    session = uuid.uuid4().hex
    connection = await websocket_connect(HTTPRequest(
        f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?session_id={session}",
        headers={"Authorization": f"token {TOKEN}"}))
    msg_id = uuid.uuid4().hex
    await connection.write_message(json.dumps({
        "channel": "shell",
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": session, "username": "test",
                   "version": "5.3", "date": "2026-01-01T00:00:00Z"},
        "parent_header": {}, "metadata": {},
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True},
    }))
    replies = {}
    results = []
    idle = False
    while not (idle and "execute_reply" in replies):
        raw = await asyncio.wait_for(connection.read_message(), timeout=60)
        assert raw is not None, "the server closed the kernel's websocket"
        message = json.loads(raw)
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = message["header"]["msg_type"]
        if kind == "execute_result":
            results.append(message["content"]["data"]["text/plain"])
        elif kind == "status" and message["content"]["execution_state"] == "idle":
            idle = True
        elif kind == "execute_reply":
            replies[kind] = message["content"]
    connection.close()
    return replies["execute_reply"], results


def test_make_lab_starts_jupyterlab_that_runs_a_strata_cell(lab):
    port, process, log = lab
    if os.geteuid() == 0:
        # Without --allow-root JupyterLab would have refused to start as root.
        assert "--allow-root" in open(f"/proc/{process.pid}/cmdline").read().replace("\0", " ")
    status, page = http(port, "/lab")
    assert status == 200 and b"JupyterLab" in page
    status, specs = http(port, "/api/kernelspecs")
    specs = json.loads(specs)
    assert status == 200 and "strata" in specs["kernelspecs"]
    assert specs["kernelspecs"]["strata"]["spec"]["language"] == "strata"

    status, kernel = http(port, "/api/kernels", method="POST", body={"name": "strata"})
    kernel = json.loads(kernel)
    assert status == 201 and kernel["name"] == "strata"
    reply, results = asyncio.run(execute_over_websocket(
        port, kernel["id"], "square = { x in x * x }\nsquare(10) - square(1)"))
    assert reply["status"] == "ok", reply
    assert results == ["99"]

    status, _ = http(port, f"/api/kernels/{kernel['id']}", method="DELETE")
    assert status == 204
    # SIGTERM is how a service manager (or Ctrl-C twice) stops the server: it shuts its
    # kernels down and exits.
    os.killpg(process.pid, signal.SIGTERM)
    assert process.wait(timeout=30) in (0, -signal.SIGTERM)
