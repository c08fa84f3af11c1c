"""The Strata kernel as a real process, driven with jupyter_client: what a front end
does when something goes wrong (forged or broken messages, interrupts, restarts,
errors in a queue of cells) and what it does with stdin."""
import signal
import time
import uuid
from queue import Empty

import pytest
import zmq
from jupyter_client.session import Session

from conftest import running_kernel

TIMEOUT = 20


@pytest.fixture()
def kernel():
    with running_kernel() as (km, kc):
        yield km, kc


def drain_iopub(kc):
    while True:
        try:
            kc.get_iopub_msg(timeout=0.2)
        except Empty:
            return


def run(kc, code, **kwargs):
    """Executes `code`, returning (reply content, iopub messages of that request)."""
    msg_id = kc.execute(code, **kwargs)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        outputs.append(msg)
    return reply["content"], outputs


def wait_until_running(kc, msg_id):
    """Returns once the kernel has announced `msg_id`'s code (execute_input), so an
    interrupt sent next lands while that code runs, not before it starts."""
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            return


def replies_until_kernel_info(session, sock):
    """Sends a signed kernel_info_request on `sock` and returns every reply that came
    back on it before that one's. The kernel answers one socket's
    requests in order, so whatever it did with earlier messages is over by then."""
    probe = session.msg("kernel_info_request", content={})
    session.send(sock, probe)
    replies = []
    poller = zmq.Poller()
    poller.register(sock, zmq.POLLIN)
    while True:
        assert poller.poll(TIMEOUT * 1000), "no kernel_info_reply: the kernel stopped answering"
        _, reply = session.feed_identities(sock.recv_multipart())
        reply = session.deserialize(reply)
        if reply["parent_header"].get("msg_id") == probe["header"]["msg_id"]:
            assert reply["msg_type"] == "kernel_info_reply"
            return replies
        replies.append(reply)


def stdout_of(outputs):
    return "".join(m["content"]["text"] for m in outputs
                   if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def result_of(outputs):
    for m in outputs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
    return None


def test_forged_message_is_dropped_and_kernel_keeps_answering(kernel):
    km, kc = kernel
    drain_iopub(kc)
    forger = Session(key=b"not-the-kernel-key", username="mallory")
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.connect(f"tcp://{km.ip}:{km.shell_port}")
    forged = forger.msg("execute_request", content={
        "code": 'print("FORGED-MARKER")', "silent": False, "store_history": True,
        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    forger.send(sock, forged)
    # An unsigned copy and raw garbage must be dropped the same way.
    sock.send_multipart([b"<IDS|MSG>", b"", b"{}", b"{}", b"{}", b"{}"])
    sock.send_multipart([b"garbage", b"\xff\xfe", b"no delimiter"])
    sock.send_multipart([b"<IDS|MSG>"])
    # The same socket's next, correctly signed request is answered, and nothing was
    # answered before it: the four forgeries were dropped without a reply.
    assert replies_until_kernel_info(kc.session, sock) == []
    content, outputs = run(kc, 'print("still here")')
    assert content["status"] == "ok"
    assert "still here" in stdout_of(outputs)
    # Nothing from the forged request reached iopub: had it run, its output would
    # have come before the kernel_info reply above, so it would be queued by now.
    seen = []
    while True:
        try:
            seen.append(kc.get_iopub_msg(timeout=0.3))
        except Empty:
            break
    assert not any("FORGED-MARKER" in str(m["content"]) for m in seen + outputs)
    sock.close(linger=0)
    assert kc.is_alive()


def test_malformed_signed_content_is_survived(kernel):
    km, kc = kernel
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.connect(f"tcp://{km.ip}:{km.shell_port}")
    session = kc.session
    # Correctly signed, but the content is not what an execute_request needs.
    msg = session.msg("execute_request", content={"code": 12, "silent": "yes"})
    session.send(sock, msg)
    msg = session.msg("no_such_request", content={})
    session.send(sock, msg)
    replies = replies_until_kernel_info(session, sock)
    # The broken execute_request is answered with an error naming the problem; the
    # unknown type is logged and ignored, as ipykernel does.
    assert [r["msg_type"] for r in replies] == ["execute_reply"]
    assert replies[0]["content"]["status"] == "error"
    assert replies[0]["content"]["ename"] == "MalformedRequest"
    assert "code" in replies[0]["content"]["evalue"]
    content, outputs = run(kc, "1 + 1")
    assert content["status"] == "ok"
    assert result_of(outputs) == "2"
    sock.close(linger=0)


def test_interrupt_message_stops_sleep_and_keeps_bindings(kernel):
    km, kc = kernel
    content, _ = run(kc, "kept = 41")
    assert content["status"] == "ok"
    msg_id = kc.execute("sleep(60)")
    wait_until_running(kc, msg_id)
    started = time.monotonic()
    km.interrupt_kernel()  # interrupt_mode "message": an interrupt_request on control
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    elapsed = time.monotonic() - started
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert elapsed < 2.0, f"interrupt took {elapsed:.2f}s"
    content, outputs = run(kc, "kept + 1")
    assert result_of(outputs) == "42"


def test_sigint_stops_a_long_loop(kernel):
    km, kc = kernel
    run(kc, "total = 0")
    msg_id = kc.execute("for i in range(100000000) { total = total + 1 }")
    wait_until_running(kc, msg_id)
    started = time.monotonic()
    km.signal_kernel(signal.SIGINT)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert time.monotonic() - started < 2.0
    # Stopped part way (the loop may not have begun when the signal came), and the
    # session still has the binding.
    content, outputs = run(kc, "total < 100000000")
    assert result_of(outputs) == "true"


def test_kernel_info_on_control_while_a_cell_runs(kernel):
    km, kc = kernel
    wait_until_running(kc, kc.execute("sleep(3)"))
    session = kc.session
    control = kc.control_channel
    msg = session.msg("kernel_info_request", content={})
    started = time.monotonic()
    control.send(msg)
    reply = control.get_msg(timeout=TIMEOUT)
    assert reply["msg_type"] == "kernel_info_reply"
    assert time.monotonic() - started < 1.0
    km.interrupt_kernel()
    kc.get_shell_msg(timeout=TIMEOUT)


def test_stop_on_error_aborts_queued_cells(kernel):
    km, kc = kernel
    first = kc.execute("sleep(0.3); undefined_thing")
    second = kc.execute('print("should not run")')
    third = kc.execute('print("neither")')
    replies = {}
    for _ in range(3):
        r = kc.get_shell_msg(timeout=TIMEOUT)
        replies[r["parent_header"]["msg_id"]] = r["content"]
    assert replies[first]["status"] == "error"
    assert replies[second]["status"] == "aborted"
    assert replies[third]["status"] == "aborted"
    # A request sent after the error runs normally.
    content, outputs = run(kc, 'print("runs")')
    assert content["status"] == "ok" and "runs" in stdout_of(outputs)


def test_stop_on_error_false_keeps_the_queue(kernel):
    km, kc = kernel
    first = kc.execute("sleep(0.3); undefined_thing", stop_on_error=False)
    second = kc.execute("1 + 1")
    replies = {}
    for _ in range(2):
        r = kc.get_shell_msg(timeout=TIMEOUT)
        replies[r["parent_header"]["msg_id"]] = r["content"]
    assert replies[first]["status"] == "error"
    assert replies[second]["status"] == "ok"


def test_error_traceback_points_at_the_code(kernel):
    km, kc = kernel
    content, outputs = run(kc, "x = 1\ny = dens(3)")
    assert content["status"] == "error"
    error = [m for m in outputs if m["msg_type"] == "error"][0]["content"]
    assert "dens" in error["evalue"]
    text = "\n".join(error["traceback"])
    assert "y = dens(3)" in text
    assert "^^^^" in text
    assert "2:5" in text


def test_all_syntax_errors_reported_at_once(kernel):
    km, kc = kernel
    content, outputs = run(kc, 'print("ran")\na = 1 +* 2\nb = ]\nc = 3 +')
    assert content["status"] == "error"
    assert content["ename"] == "SyntaxError"
    assert "ran" not in stdout_of(outputs)
    text = "\n".join(content["traceback"])
    assert text.count("-->") >= 2


def test_execution_count_and_silent(kernel):
    km, kc = kernel
    c1, _ = run(kc, "1")
    c2, outputs = run(kc, "2", silent=True)
    assert outputs == [] or all(m["msg_type"] == "status" for m in outputs)
    c3, _ = run(kc, "3", store_history=False)
    c4, _ = run(kc, "4")
    assert c4["execution_count"] == c1["execution_count"] + 1


def test_user_expressions(kernel):
    km, kc = kernel
    msg_id = kc.execute("a = 20", user_expressions={"double": "a * 2", "bad": "nope + 1"})
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    exprs = reply["content"]["user_expressions"]
    assert exprs["double"]["status"] == "ok"
    assert exprs["double"]["data"]["text/plain"] == "40"
    assert exprs["bad"]["status"] == "error"


def test_input_when_allowed(kernel):
    km, kc = kernel
    drain_iopub(kc)
    msg_id = kc.execute('name = input("who? ")', allow_stdin=True)
    request = kc.get_stdin_msg(timeout=TIMEOUT)
    assert request["msg_type"] == "input_request"
    assert request["content"]["prompt"] == "who? "
    kc.input("Ada")
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["content"]["status"] == "ok"
    content, outputs = run(kc, "name")
    assert result_of(outputs) == '"Ada"'


def test_input_when_not_allowed(kernel):
    km, kc = kernel
    content, outputs = run(kc, 'input("who? ")', allow_stdin=False)
    assert content["status"] == "error"
    assert "input" in content["evalue"]


def test_restart_keeps_history_and_forgets_bindings(kernel):
    km, kc = kernel
    marker = f"restart_marker_{uuid.uuid4().hex[:8]} = 1"
    run(kc, marker)
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=TIMEOUT)
    content, outputs = run(kc, marker.split(" =")[0])
    assert content["status"] == "error" and "unknown name" in content["evalue"]
    kc.history(hist_access_type="search", pattern="restart_marker_*", output=False, raw=True)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert any(marker == h[2] for h in reply["content"]["history"])


def test_comm_open_to_unknown_target_is_closed(kernel):
    km, kc = kernel
    drain_iopub(kc)
    comm_id = uuid.uuid4().hex
    msg = kc.session.msg("comm_open", content={"comm_id": comm_id, "target_name": "nothing", "data": {}})
    kc.shell_channel.send(msg)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["msg_type"] == "comm_close" and m["content"]["comm_id"] == comm_id:
            break
    else:
        pytest.fail("no comm_close")
    kc.comm_info()
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["content"]["status"] == "ok" and reply["content"]["comms"] == {}


@pytest.mark.parametrize("channel", ["control", "shell"])
def test_shutdown_request_ends_the_process(kernel, channel):
    km, kc = kernel
    msg = kc.session.msg("shutdown_request", content={"restart": False})
    getattr(kc, f"{channel}_channel").send(msg)
    reply = getattr(kc, f"{channel}_channel").get_msg(timeout=TIMEOUT)
    assert reply["msg_type"] == "shutdown_reply"
    assert reply["content"]["restart"] is False
    deadline = time.monotonic() + 10
    while km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not km.is_alive()
