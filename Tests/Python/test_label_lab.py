"""`label` in a browser: JupyterLab (with jupyterlab_widgets) in headless Chromium, driven
with Playwright, opens a notebook whose cell runs `label`; three clicks on class buttons
are saved in the store, where `labels` (read by `strata run` on the same store) finds
them. Debian's chromium stands in for Playwright's own browser, which cannot be
downloaded here (ENVIRONMENT.md)."""
import json
import os
import shutil
import signal
import subprocess
import uuid

import pytest
from PIL import Image

from conftest import ROOT, STRATA, free_port, wait_for_lab

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")

TOKEN = "label-lab-" + uuid.uuid4().hex
CELL = 'label(load_images("pets", labels: nil), classes: ["cat", "dog"], name: "pets")'


def notebook(cells):
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "id": f"cell-{index}", "metadata": {},
                   "outputs": [], "source": source} for index, source in enumerate(cells)],
        "metadata": {"kernelspec": {"name": "strata", "display_name": "Strata", "language": "strata"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


@pytest.fixture
def lab(tmp_path):
    """JupyterLab serving `tmp_path`, which holds three images and the notebook; the
    kernels it starts keep their store in `tmp_path/store`."""
    (tmp_path / "pets").mkdir()
    for index, colour in enumerate([(220, 40, 40), (40, 220, 40), (40, 40, 220)]):
        Image.new("RGB", (8, 8), colour).save(tmp_path / "pets" / f"{index}.png")
    (tmp_path / "label.ipynb").write_text(json.dumps(notebook([CELL])))
    port = free_port()
    env = dict(os.environ, STRATA_STORE=str(tmp_path / "store"))
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        env[name] = str(tmp_path / name.lower())
    log = open(tmp_path / "lab.log", "w+")
    args = [str(ROOT / ".venv" / "bin" / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
            f"--ServerApp.token={TOKEN}", "--ServerApp.port_retries=0", f"--ServerApp.root_dir={tmp_path}"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    process = subprocess.Popen(args, env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    wait_for_lab(process, port, TOKEN, log)
    yield port, tmp_path, log
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_three_clicks_in_jupyterlab_are_saved_in_the_store(lab):
    port, folder, log = lab
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/lab/tree/label.ipynb?token={TOKEN}")
            page.locator(".jp-Notebook .jp-Cell .cm-content").first.wait_for(timeout=60_000)
            # Run once the kernel is up and the widget manager has registered its comm
            # target, as a user would (the status bar then says "Strata | Idle").
            page.locator(".jp-StatusBar-Widget", has_text="Idle").first.wait_for(timeout=60_000)
            page.locator(".jp-Notebook .jp-Cell .cm-content").first.click()
            page.keyboard.press("Shift+Enter")
            widget = page.locator(".jp-OutputArea-output > .widget-vbox").first
            widget.wait_for(timeout=90_000)
            progress = widget.locator(".widget-label", has_text="labelled")
            assert progress.inner_text() == "0 of 3 labelled"
            assert widget.locator("img").count() == 1
            for count, name in enumerate(["cat", "dog", "cat"], start=1):
                widget.get_by_role("button", name=name, exact=True).click()
                page.wait_for_function(
                    "([element, text]) => element.innerText.includes(text)",
                    arg=[progress.element_handle(), f"{count} of 3 labelled"], timeout=30_000)
            widget.get_by_text("All 3 items are labelled").wait_for(timeout=30_000)
        except Exception:
            log.seek(0)
            print(log.read())
            raise
        finally:
            browser.close()

    script = folder / "read.strata"
    script.write_text('print(labels("pets")["label"])\nprint(count(labels("pets")))\n')
    done = subprocess.run([str(STRATA), "run", str(script)], capture_output=True, text=True, cwd=folder, timeout=60,
                          env=dict(os.environ, STRATA_STORE=str(folder / "store")))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ['["cat", "dog", "cat"]', "3"]
