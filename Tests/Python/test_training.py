"""Training through the real kernel: the live progress display, interrupts during
`fit`, and the run that an interrupted fit leaves in the store."""
import re
import time

import pytest

from conftest import running_kernel
from test_kernel_process import TIMEOUT, result_of, run


@pytest.fixture()
def kernel(tmp_path, monkeypatch):
    monkeypatch.setenv("STRATA_STORE", str(tmp_path / "store"))
    with running_kernel() as (km, kc):
        yield km, kc


def test_fit_shows_one_display_updated_in_place(kernel):
    km, kc = kernel
    content, outputs = run(kc, 'iris = dataset("iris")\n'
                               'train, val, test = split(iris, [0.7, 0.15, 0.15], seed: 7)\n'
                               'model = sequential([dense(16, activation: "relu"), dense(3)])\n'
                               'r = fit(model, train, val: val, epochs: 40, batch: 16, optimizer: adam(lr: 0.01), seed: 7, name: "live")\n'
                               'evaluate(r, test).accuracy')
    assert content["status"] == "ok", content
    displays = [m for m in outputs if m["msg_type"] == "display_data"]
    updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
    assert len(displays) == 1
    display_id = displays[0]["content"]["transient"]["display_id"]
    assert updates, "the progress display was never updated"
    assert all(m["content"]["transient"]["display_id"] == display_id for m in updates)
    final = updates[-1]["content"]["data"]
    assert "epoch 40/40" in final["text/plain"]
    assert "image/png" in final and "image/svg+xml" in final
    assert float(result_of(outputs)) >= 0.9


def test_interrupting_fit_keeps_the_model_and_marks_the_run(kernel):
    km, kc = kernel
    run(kc, 'digits = dataset("digits")\nmodel = sequential([flatten(), dense(256, activation: "relu"), dense(10)])')
    msg_id = kc.execute('r = fit(model, digits, epochs: 100000, batch: 8, name: "long")')
    # Interrupt once the live display shows the third epoch or later: two are done,
    # so there is a trained model to keep. (The display updates a few times a second,
    # so it may skip an epoch number.)
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "update_display_data":
            shown = re.search(r"epoch (\d+)/", msg["content"]["data"]["text/plain"])
            if shown and int(shown.group(1)) >= 3:
                break
    started = time.monotonic()
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert time.monotonic() - started < 2.0
    content, outputs = run(kc, 'evaluate(model, digits).accuracy > 0.5')
    assert result_of(outputs) == "true", content
    content, outputs = run(kc, 'run("long").status')
    assert result_of(outputs) == '"interrupted"', content
