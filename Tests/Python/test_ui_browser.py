"""`strata ui` in a browser: headless Debian chromium, driven by Playwright, against a real
`strata ui` process on a real store that `strata run` and `strata serve` filled, once as a local
folder and once as the team store (PostgreSQL and S3; skipped without STRATA_TEST_POSTGRES, as in
test_team_store.py). Every page renders without a console error; sorting, filtering and compare
change what is shown; a run trained in another process appears and finishes without a reload; a
run named `<script>alert(1)</script>` is shown as text; the token guards every page; unknown ids
answer 404 and a store that cannot be opened a 503 page.

With STRATA_UI_SCREENSHOTS=DIR the folder-store pass also saves DIR/ui-<page>.png at 1280x800
(ui_fixtures/screenshots.py does the same on the example notebooks' store, for the README)."""
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.parse
import urllib.request
import uuid

import pytest

from conftest import STRATA, free_port
from ui_fixtures.dashboard import SCREENSHOT_PAGES, Dashboard, take_screenshots

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
POSTGRES = os.environ.get("STRATA_TEST_POSTGRES")

XSS = "<script>alert(1)</script>"
TOKEN = "ui-token-" + uuid.uuid4().hex
# The directives the contract promises; the server may add stricter ones.
CSP = {"default-src": "'none'", "script-src": "'self'", "style-src": "'unsafe-inline'", "img-src": "'self' data:",
       "connect-src": "'self'", "form-action": "'self'"}

# Three named runs on iris.csv, tracked beforehand (one run with a name and a tag that are HTML), a tag, and a
# three-trial sweep.
BUILD = f"""
iris = load_csv("iris.csv", target: "species")
train_raw, val_raw = split(iris, [0.7, 0.3], seed: 1)
train = standardize(train_raw, using: train_raw)
val = standardize(val_raw, using: train_raw)
small = fit(sequential([dense(4, activation: "relu"), dense(3)]), train, val: val, epochs: 3,
            optimizer: adam(lr: 0.001), seed: 1, name: "iris-small")
wide = fit(sequential([dense(32, activation: "relu"), dense(3)]), train, val: val, epochs: 12,
           optimizer: adam(lr: 0.02), seed: 1, name: "iris-wide")
tag(wide, "best")
evil = fit(sequential([dense(8), dense(3)]), train, val: val, epochs: 6, optimizer: sgd(lr: 0.05), seed: 2,
           name: {json.dumps(XSS)}, tags: ["<b>bold</b>"])
s = sweep([lr: loguniform(1e-3, 1e-1), units: choice([4, 8])], trials: 3, method: "random",
          objective: objective("val_accuracy"), seed: 1, name: "tiny") {{ p in
  fit(sequential([dense(p.units, activation: "relu"), dense(3)]), train, val: val, epochs: 3,
      optimizer: adam(lr: p.lr), seed: 1)
}}
print("RUN iris-small", small.id)
print("RUN iris-wide", wide.id)
print("RUN evil", evil.id)
for t in s.trials {{ print("TRIAL", t.run) }}
print("VERSION", version(train))
"""


def long_fit(name, epochs):
    """A fit that takes a tenth of a second or more an epoch (two wide layers on digits: compute-bound, so
    the debug and release builds take about as long)."""
    return f"""
train = minmax(dataset("digits"), using: dataset("digits"))
fit(sequential([flatten(), dense(512, activation: "relu"), dense(512, activation: "relu"), dense(10)]), train,
    epochs: {epochs}, seed: 1, name: "{name}")
"""


class Store:
    """A store filled by real processes: `url` (a folder or a postgres:// URL), the `environment` that
    reaches it, the runs' ids by name (`ids`), the sweep's trial runs, the training data's content id."""

    def __init__(self, kind, url, environment, folder):
        self.kind, self.url, self.folder = kind, url, folder
        self.environment = {**environment, "STRATA_STORE": str(url)}
        self.environment.pop("STRATA_UI_TOKEN", None)
        self.track_iris_csv()
        out = self.run_script("build.strata", BUILD)
        self.ids = dict(line.split(" ", 2)[1:] for line in out.splitlines() if line.startswith("RUN "))
        self.ids[XSS] = self.ids.pop("evil")
        self.trials = [line.split()[1] for line in out.splitlines() if line.startswith("TRIAL ")]
        self.version = next(line.split()[1] for line in out.splitlines() if line.startswith("VERSION "))
        assert len(self.ids) == 3 and len(self.trials) == 3 and len(self.version) == 64, out
        self.ids["stopped"] = self.interrupted_run()
        self.serve_a_few_requests("iris-wide")

    def track_iris_csv(self):
        """iris.csv, versioned as raw data (what `track` does). `track` needs a local store, so for the
        team store it is added to one and pushed, as its error message tells a user to."""
        self.run_script("csv.strata", 'to_csv(dataset("iris"), "iris.csv")\n')
        local = self.url if self.kind == "folder" else self.folder / "local"
        added = subprocess.run([str(STRATA), "add", "--store", str(local), "iris.csv"], cwd=self.folder,
                               env=self.environment, capture_output=True, text=True, timeout=120)
        assert added.returncode == 0, added.stdout + added.stderr
        if self.kind == "team":
            content_id = re.search(r"\b[0-9a-f]{64}\b", added.stdout).group(0)
            pushed = subprocess.run([str(STRATA), "store", "push", "--store", str(local), "--data", content_id,
                                     "--to", str(self.url)], cwd=self.folder, env=self.environment,
                                    capture_output=True, text=True, timeout=120)
            assert pushed.returncode == 0, pushed.stdout + pushed.stderr

    def strata(self, *args, **options):
        return subprocess.Popen([str(STRATA), *args], cwd=self.folder, env=self.environment, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options)

    def run_script(self, name, source, timeout=120):
        (self.folder / name).write_text(source)
        process = self.strata("run", name)
        out, err = process.communicate(timeout=timeout)
        assert process.returncode == 0, out + err
        return out

    def interrupted_run(self):
        """A run stopped with Ctrl-C (SIGINT) in its first epochs: status interrupted, kept in the store."""
        (self.folder / "stopped.strata").write_text(long_fit("stopped", 200))
        process = self.strata("run", "stopped.strata")
        # The progress line comes once the run is recorded and training.
        first = process.stdout.readline()
        if not first.startswith("epoch 1/"):
            process.kill()
            out, err = process.communicate()
            pytest.fail(f"the run did not start training: {first}{out}{err}")
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
        out = self.run_script("stopped-id.strata", 'r = run("stopped")\nprint(r.status, r.id)\n')
        status, run_id = out.split()
        assert status == "interrupted", out
        return run_id

    def serve_a_few_requests(self, model):
        """`strata serve` answers five Open Inference Protocol requests of six iris rows each, so the
        prediction log (the serving pages' data) has thirty rows; then SIGTERM stops it."""
        server = self.strata("serve", model, "--store", str(self.url), "--port", "0")
        try:
            # It names what it serves, then where it listens.
            lines = iter(server.stdout.readline, "")
            line = next((line for line in lines if line.startswith("listening on http://")), None)
            assert line, "strata serve stopped before it listened"
            url = line.split(" ", 2)[2].strip()
            with open(self.folder / "iris.csv", newline="") as handle:
                rows = list(csv.DictReader(handle))
            columns = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
            for start in range(0, 150, 30):
                batch = rows[start:start + 6]
                body = {"inputs": [{"name": c, "datatype": "FP64", "shape": [len(batch)],
                                    "data": [float(r[c]) for r in batch]} for c in columns]}
                request = urllib.request.Request(f"{url}/v2/models/{model}/infer", data=json.dumps(body).encode(),
                                                 headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=60) as reply:
                    assert reply.status == 200
            server.send_signal(signal.SIGTERM)
            out, err = server.communicate(timeout=60)
            assert server.returncode == 0, out + err
        finally:
            if server.poll() is None:
                server.kill()
                server.communicate()

    def named(self, *names):
        return {self.ids[name] for name in names}


def team_environment(name):
    return {**os.environ, "STRATA_OBJECTS": f"s3://{os.environ['STRATA_TEST_S3_BUCKET']}/{name}",
            "AWS_ENDPOINT_URL": os.environ["STRATA_TEST_S3_ENDPOINT"],
            "AWS_ACCESS_KEY_ID": os.environ["STRATA_TEST_S3_KEY"],
            "AWS_SECRET_ACCESS_KEY": os.environ["STRATA_TEST_S3_SECRET"], "AWS_REGION": "us-east-1"}


@pytest.fixture(scope="module", params=["folder", "team"])
def store(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"ui-{request.param}")
    if request.param == "folder":
        return Store("folder", folder / "store", dict(os.environ), folder)
    if not POSTGRES:
        pytest.skip("no team services: run scripts/team-services.sh start")
    name = "strata_ui_" + uuid.uuid4().hex
    subprocess.run(["psql", POSTGRES, "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    return Store("team", POSTGRES.rsplit("/", 1)[0] + "/" + name, team_environment(name), folder)


@pytest.fixture(scope="module")
def ui(store):
    """The read-only dashboard (no token) on the store."""
    dashboard = Dashboard(STRATA, store.url, environment=store.environment)
    yield dashboard
    assert dashboard.stop() == 0, "strata ui did not exit cleanly on SIGTERM"


@pytest.fixture(scope="module")
def launch():
    """Starts a headless Debian chromium (Playwright's own browser cannot be downloaded here)."""
    with playwright.sync_playwright() as p:
        yield lambda: p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])


@pytest.fixture(scope="module")
def browser(launch):
    chromium = launch()
    yield chromium
    chromium.close()


class Watched:
    """A page in a fresh context, with what it reported: console errors and uncaught exceptions
    (`errors`), dialogs (`dialogs`, each dismissed) and requests that left the dashboard (`foreign`)."""

    def __init__(self, browser, base, **context_options):
        self.base = base
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.errors, self.dialogs, self.foreign = [], [], []
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text} ({m.location.get('url')})")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("dialog", self.dialog)
        self.page.on("request", lambda r: None if r.url.startswith(base + "/") or r.url.startswith("data:")
                     else self.foreign.append(r.url))

    def dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def goto(self, path, status=200):
        response = self.page.goto(self.base + path)
        assert response.status == status, f"{path} answered {response.status}:\n{response.text()[:2000]}"
        return response

    def assert_clean(self, status=None):
        """No console error, dialog or outside request; with `status`, the browser's report of pages that
        answered it on purpose (a 401 login page) is no error."""
        # The browser asks for /favicon.ico once per browser, not per page, so whichever test came first
        # would see it fail: test_no_request_of_a_first_visit_fails checks it in a browser of its own.
        errors = [e for e in self.errors if not (status and f"status of {status} " in e) and "/favicon.ico" not in e]
        assert errors == [], errors
        assert self.dialogs == [], self.dialogs
        assert self.foreign == [], f"requests outside the dashboard: {self.foreign}"


@pytest.fixture
def watched(browser):
    """Opens watched pages; closes their contexts after the test."""
    opened = []

    def open_page(base, **context_options):
        page = Watched(browser, base, **context_options)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.context.close()


def rows(page):
    """The runs table as shown: [{id, status, name, metrics: {name: text}, progress}]."""
    return page.locator("table#runs tbody tr.run").evaluate_all("""rows => rows.map(r => ({
        id: r.dataset.id, status: r.dataset.status, name: r.querySelector('td.name').textContent.trim(),
        progress: r.querySelector('td.status span.progress')?.textContent.trim() ?? null,
        metrics: Object.fromEntries([...r.querySelectorAll('td.metric')].map(
            c => [c.dataset.metric, c.textContent.trim()]))}))""")


def wait_until(condition, seconds, message):
    """Polls `condition` (which returns a truthy value when met) until `seconds` pass; returns its value."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message())
        time.sleep(0.1)


def number(text):
    return float(text.replace(",", "")) if text else None


# 2. Every page renders, with the contract's landmarks and headers, and no console error.

def page_paths(store):
    small, wide = store.ids["iris-small"], store.ids["iris-wide"]
    # The run page by name, as a user types it (check_run follows the id).
    return {"runs": "/runs", "run": "/runs/iris-wide", "compare": f"/compare?run={small}&run={wide}",
            "sweeps": "/sweeps", "sweep": "/sweeps/tiny", "data": "/data", "version": f"/data/versions/{store.version}",
            "serving": "/serving", "model": "/serving/iris-wide"}


def check_runs(page, store):
    shown = rows(page)
    every = set(store.ids.values()) | set(store.trials)
    assert every <= {r["id"] for r in shown}
    count = re.search(r"of ([\d,]+) runs", page.locator("p.count").inner_text())
    assert count and int(count.group(1).replace(",", "")) == len(shown), page.locator("p.count").inner_text()
    for field in ("created", "name", "status", "id", "val_accuracy"):
        assert page.locator(f"table#runs th a.sort[data-field={field}]").count() == 1, field
    for cell in ("td.id", "td.name a", "td.status", "td.created", "td.took", "td.tags"):
        assert page.locator(f"table#runs tr.run[data-id='{store.ids['iris-wide']}'] {cell}").count() == 1, cell
    assert page.locator(f"tr.run[data-id='{store.ids['iris-wide']}'] td.name a").get_attribute(
        "href") == f"/runs/{store.ids['iris-wide']}"
    assert page.locator("form#compare").count() == 1 and page.locator("button#compare-button").count() == 1
    assert page.locator("input[type=checkbox][name=run][form=compare]").count() == len(shown)


def check_run(page, store):
    wide = store.ids["iris-wide"]
    assert page.locator("h1").inner_text().strip() == "iris-wide"
    assert "finished" in page.locator("#status").inner_text()
    assert "0.02" in page.locator("table#params").inner_text()  # the learning rate
    assert "val_accuracy" in page.locator("table#metrics").inner_text()
    assert page.locator("#curves svg").count() >= 1
    assert "dense" in page.locator("#model").inner_text()
    assert page.locator(f"table#data a[href='/data/versions/{store.version}']").count() >= 1
    assert page.locator("#sources a[href^='/data/tracked/']").count() >= 1  # iris.csv, tracked
    assert 'name: "iris-wide"' in page.locator("pre#source").inner_text()
    assert page.locator("code#restore").inner_text().strip() == f'restore(run("{wide}"))'
    assert "best" in page.locator("ul#tags").inner_text()
    artifacts = page.locator("#artifacts a.artifact")
    assert artifacts.count() >= 1
    for href in artifacts.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert href.startswith(f"/runs/{wide}/artifacts/"), href
        download = page.request.get(page.url.split("/runs/")[0] + href)
        assert download.status == 200 and len(download.body()) > 0, href
    # Read-only without a token: no form that could only be refused.
    assert page.locator("form#tag-form").count() == 0


def check_compare(page, store):
    assert page.locator("table#comparison tr.differs").count() >= 1
    check_two_series(page)


def check_sweeps(page, store):
    assert page.locator("table#sweeps tr.sweep a[href='/sweeps/tiny']").count() == 1


def check_sweep(page, store):
    assert page.locator("#best").inner_text().strip()
    assert page.locator("table#trials tr.trial").count() == 3
    assert page.locator("#progress svg").count() >= 1 and page.locator("#parallel svg").count() >= 1
    importance = page.locator("table#importance").inner_text()
    assert "lr" in importance and "units" in importance


def check_data(page, store):
    assert page.locator(f"table#datasets tr.dataset a[href='/data/versions/{store.version}']").count() == 1
    assert page.locator("table#tracked tr.tracked a[href^='/data/tracked/']").count() >= 1


def check_version(page, store):
    assert "sepal_length" in page.locator("#schema").inner_text()
    assert page.locator("#lineage").count() == 1
    for name in ("iris-small", "iris-wide"):
        assert page.locator(f"table#runs a[href='/runs/{store.ids[name]}']").count() >= 1, name
    assert page.locator(f"table#runs a[href='/runs/{store.ids['stopped']}']").count() == 0  # trained on digits


def check_serving(page, store):
    assert page.locator("table#models tr.model a[href='/serving/iris-wide']").count() == 1


def check_model(page, store):
    assert page.locator("#requests svg").count() >= 1 and page.locator("#latency svg").count() >= 1
    assert page.locator("#drift").inner_text().strip()


CHECKS = {"runs": check_runs, "run": check_run, "compare": check_compare, "sweeps": check_sweeps,
          "sweep": check_sweep, "data": check_data, "version": check_version, "serving": check_serving,
          "model": check_model}


@pytest.mark.parametrize("name", list(CHECKS))
def test_every_page_renders_without_a_console_error(name, store, ui, watched):
    path = page_paths(store)[name]
    page = watched(ui.url)
    response = page.goto(path)
    headers = response.headers
    assert headers["content-type"].startswith("text/html")
    assert re.fullmatch(r"render;dur=\d+(\.\d+)?", headers.get("server-timing", "")), headers.get("server-timing")
    directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in headers["content-security-policy"].split(";"))
    assert {k: directives.get(k) for k in CSP} == CSP, headers["content-security-policy"]
    nav = page.page.locator("nav.top a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"/runs", "/sweeps", "/data", "/serving"} <= set(nav)
    assert page.page.locator("main#main").count() == 1
    CHECKS[name](page.page, store)
    page.page.wait_for_timeout(300)  # ui.js's first event-stream round trip, which could log an error
    page.assert_clean()


def test_no_request_of_a_first_visit_fails(store, ui, launch):
    """A new browser's first page: nothing it asks for (the page, /static/ui.js, the icon it looks for,
    the event stream) fails, which a user's developer tools would show in red."""
    fresh = launch()
    try:
        page = fresh.new_page()
        failed = []
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.url}"))
        # Chromium does not show its icon request to Playwright's network events, only its console's report.
        page.on("console", lambda m: failed.append(f"{m.text} ({m.location.get('url')})")
                if m.type == "error" else None)
        page.goto(ui.url + "/runs")
        page.wait_for_timeout(1000)
        assert failed == []
    finally:
        fresh.close()


def test_the_root_redirects_to_runs_and_a_tracked_version_has_its_page(store, ui, watched):
    status, _, headers = ui.request("/")
    assert status == 303 and headers["Location"] in ("/runs", ui.url + "/runs")
    page = watched(ui.url)
    page.goto("/data")
    href = page.page.locator("table#tracked tr.tracked a[href^='/data/tracked/']").first.get_attribute("href")
    page.goto(href)
    assert "iris.csv" in page.page.locator("table#manifest").inner_text()
    assert page.page.locator("table#runs").count() == 1
    page.assert_clean()


# 3. Sorting and filtering change the rows.

def sorted_by(shown, metric, descending):
    """Whether the rows with a value for `metric` are in order, and those without are together at one end."""
    values = [number(r["metrics"].get(metric, "")) for r in shown]
    present = [v for v in values if v is not None]
    missing_at_an_end = all(v is None for v in values[len(present):]) or all(v is None for v in values[:-len(present)])
    return present == sorted(present, reverse=descending) and missing_at_an_end and len(set(present)) > 1


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_clicking_a_metric_header_sorts_the_rows_by_it(javascript, store, ui, watched):
    page = watched(ui.url, java_script_enabled=javascript)
    page.goto("/runs")
    metric = "val_accuracy"
    header = page.page.locator(f"table#runs th a.sort[data-field={metric}]")
    before = rows(page.page)
    for _ in range(2):
        sort = urllib.parse.parse_qs(urllib.parse.urlparse(header.get_attribute("href")).query)["sort"][0]
        assert sort.lstrip("-") == metric, sort
        descending = sort.startswith("-")
        assert not sorted_by(rows(page.page), metric, descending), "already in that order: the test would prove nothing"
        header.click()
        wait_until(lambda: sorted_by(rows(page.page), metric, descending), 15,
                   lambda: f"not sorted by {sort}: {[r['metrics'].get(metric) for r in rows(page.page)]}")
        # The same runs, only reordered; the header now offers the other direction.
        assert sorted(r["id"] for r in rows(page.page)) == sorted(r["id"] for r in before)
        header = page.page.locator(f"table#runs th a.sort[data-field={metric}]")
    page.assert_clean()


def filter_runs(page, **fields):
    """Fills form#filters (status is a select) and submits it; the ids shown once the table changed."""
    before = [r["id"] for r in rows(page.page)]
    form = page.page.locator("form#filters")
    for name, value in fields.items():
        if name == "status":
            form.locator("select[name=status]").select_option(value)
        else:
            form.locator(f"input[name={name}]").fill(value)
    form.locator("button[type=submit], input[type=submit]").first.click()
    wait_until(lambda: [r["id"] for r in rows(page.page)] != before, 15,
               lambda: f"the rows did not change for {fields}")
    return rows(page.page)


def test_filters_keep_only_the_matching_runs(store, ui, watched):
    page = watched(ui.url)
    cases = [
        ({"status": "interrupted"}, store.named("stopped")),
        ({"tag": "best"}, store.named("iris-wide")),
        ({"name": "IRIS"}, store.named("iris-small", "iris-wide")),  # a substring, any case
        ({"sweep": "tiny"}, set(store.trials)),
        ({"status": "finished", "name": "small"}, store.named("iris-small")),
        # A unique prefix of the training data's content id: every iris run, not the digits one.
        ({"data": store.version[:12]}, set(store.trials) | store.named("iris-small", "iris-wide", XSS)),
    ]
    for fields, expected in cases:
        page.goto("/runs")
        shown = filter_runs(page, **fields)
        assert {r["id"] for r in shown} == expected, (fields, [(r["name"], r["status"]) for r in shown])
        if "status" in fields:
            assert {r["status"] for r in shown} == {fields["status"]}
        # A filtered page is a link to share: the form submits by GET.
        query = urllib.parse.parse_qs(urllib.parse.urlparse(page.page.url).query)
        assert all(query.get(k) == [v] for k, v in fields.items()), page.page.url
    page.goto("/runs?status=running&name=no-such-run")
    assert page.page.locator("table#runs tr.run").count() == 0
    page.assert_clean()


def test_ranking_by_an_objective_and_paging(store, ui, watched):
    page = watched(ui.url)
    # val_accuracy is maximised (goal auto), so the best run comes first.
    page.goto("/runs?sort=objective&objective=val_accuracy")
    assert sorted_by(rows(page.page), "val_accuracy", descending=True)
    assert rows(page.page)[0]["id"] == store.ids["iris-wide"]
    # Two a page: every run once, in the same order as on one page, through the rel=next links.
    page.goto("/runs?sort=name")
    everything = [r["id"] for r in rows(page.page)]
    page.goto("/runs?sort=name&per=2")
    assert re.search(rf"1\D2 of {len(everything)} runs", page.page.locator("p.count").inner_text())
    assert page.page.locator("nav.pages a[rel=prev]").count() == 0
    seen = []
    number = 1
    while True:
        seen += [r["id"] for r in rows(page.page)]
        following = page.page.locator("nav.pages a[rel=next]")
        if following.count() == 0:
            break
        number += 1
        # The page is live: a server-sent update may replace the links as they are clicked (on a loaded
        # machine the team store's pages re-render now and then), and a click on a link being replaced is
        # lost, as a person's would be; they click again, and so does this.
        for _ in range(3):
            following.click()
            try:
                page.page.wait_for_url(re.compile(rf"[?&]page={number}(&|$)"), timeout=5000)
                break
            except playwright.Error:
                following = page.page.locator("nav.pages a[rel=next]")
        wait_until(lambda: not set(r["id"] for r in rows(page.page)) & set(seen), 15,
                   lambda: f"page {number} ({page.page.url}) shows runs of earlier pages: "
                           f"{[r['id'] for r in rows(page.page)]}, seen {seen}")
        assert page.page.locator("nav.pages a[rel=prev]").count() == 1
    assert seen == everything
    page.assert_clean()


def test_each_run_is_told_apart_by_the_id_it_shows(store, ui, watched):
    """The id cell is how a user tells unnamed runs (a sweep's trials) apart and what they type into
    `run("...")`: the shown ids differ, and each is a prefix of its run's id."""
    page = watched(ui.url)
    page.goto("/runs")
    shown = page.page.locator("table#runs tr.run").evaluate_all(
        "rows => rows.map(r => [r.dataset.id, r.querySelector('td.id').textContent.trim()])")
    assert all(full.startswith(short) for full, short in shown), shown
    assert len({short for _, short in shown}) == len(shown), f"ids shown more than once: {[s for _, s in shown]}"
    # An unnamed trial is called after its sweep and number, as a sweep's table calls it.
    names = dict(page.page.locator("table#runs tr.run").evaluate_all(
        "rows => rows.map(r => [r.dataset.id, r.querySelector('td.name').textContent.trim()])"))
    assert sorted(names[run] for run in store.trials) == ["tiny trial 1", "tiny trial 2", "tiny trial 3"], names


# 4. Compare: two checked runs, their table and their curves.

def check_two_series(page):
    """#curves has an SVG whose lines come in at least two colours that are not greys (the axes and grid
    are grey; each run's series has a colour of its own)."""
    colours = page.locator("#curves svg").first.evaluate("""svg => {
        const colours = new Set();
        for (const e of svg.querySelectorAll('path, polyline, line')) {
            if (e.closest('defs, symbol')) continue;
            const style = getComputedStyle(e);
            const m = style.stroke.match(/rgba?\\(([\\d.]+),\\s*([\\d.]+),\\s*([\\d.]+)/);
            if (!m || style.stroke === 'none') continue;
            const [r, g, b] = m.slice(1, 4).map(Number);
            if (Math.max(r, g, b) - Math.min(r, g, b) > 30) colours.add(`${r},${g},${b}`);
        }
        return [...colours];
    }""")
    assert len(colours) >= 2, f"one colour per run expected, the curves have {colours}"


def test_compare_shows_two_checked_runs_side_by_side_with_their_curves(store, ui, watched):
    page = watched(ui.url)
    page.goto("/runs")
    small, wide = store.ids["iris-small"], store.ids["iris-wide"]
    for run in (small, wide):
        page.page.locator(f"tr.run[data-id='{run}'] input[type=checkbox][name=run]").check()
    page.page.locator("#compare-button").click()
    page.page.locator("table#comparison").wait_for(timeout=15_000)
    assert urllib.parse.urlparse(page.page.url).path == "/compare"
    assert sorted(urllib.parse.parse_qs(urllib.parse.urlparse(page.page.url).query)["run"]) == sorted([small, wide])
    table = page.page.locator("table#comparison")
    assert "iris-small" in table.inner_text() and "iris-wide" in table.inner_text()
    # They differ in epochs and learning rate; both trained on the same data.
    differing = table.locator("tr.differs").all_inner_texts()
    assert any("epochs" in row and "3" in row and "12" in row for row in differing), differing
    assert any("0.001" in row and "0.02" in row for row in differing), differing
    same = [row for row in table.locator("tr:not(.differs)").all_inner_texts() if store.version[:12] in row]
    assert same, "the shared training data is not shown as the same"
    check_two_series(page.page)
    page.assert_clean()


# 5. Live: a run trained in another process shows up, running, then finished, without a reload.

def test_a_run_training_elsewhere_appears_and_finishes_without_a_reload(store, ui, watched):
    page = watched(ui.url)
    page.goto("/runs")
    page.page.evaluate("window.__notReloaded = true")
    navigations = []
    page.page.on("framenavigated", lambda frame: navigations.append(frame.url))
    # 50-70 seconds: long enough to be seen running on a loaded machine, whatever the build (on the
    # team store in CI, 150 epochs, about 20 s, twice went by without the page seeing the run running).
    epochs = 500
    (store.folder / "live.strata").write_text(long_fit("live-run", epochs))
    started = time.monotonic()
    process = store.strata("run", "live.strata")
    seen = []  # what the page showed of live-run, when: the report if it is never seen running

    def live_row():
        row = next((r for r in rows(page.page) if r["name"] == "live-run"), None)
        state = (row["status"], row["progress"]) if row else None
        if not seen or seen[-1][1] != state:
            seen.append((round(time.monotonic() - started, 1), state, process.poll()))
        return row if row and row["status"] == "running" and row["progress"] else None

    try:
        running = wait_until(live_row, 120, lambda: f"no running live-run row with span.progress; the page "
                             f"showed (seconds, (status, progress), exit code): {seen}")
        assert re.search(rf"epoch \d+ of {epochs}\b", running["progress"]), running["progress"]
        wait_until(lambda: any(r["id"] == running["id"] and r["status"] == "finished" and not r["progress"]
                               for r in rows(page.page)), 240,
                   lambda: f"live-run never showed finished: {[r for r in rows(page.page) if r['name'] == 'live-run']}")
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, out + err
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert page.page.evaluate("window.__notReloaded === true") and navigations == []
    assert page.page.locator(f"tr.run[data-id='{running['id']}'] td.status").inner_text().strip().startswith("finished")
    page.assert_clean()


def first_event(ui, path, seconds, headers=None):
    """The first `update` event of /events for `path` within `seconds` as (id, data), or None."""
    request = urllib.request.Request(ui.url + "/events?" + path, headers=headers or {})
    deadline = time.monotonic() + seconds
    lines = []
    try:
        with urllib.request.urlopen(request, timeout=seconds) as stream:
            while time.monotonic() < deadline:
                line = stream.readline().decode().rstrip("\n")
                if line == "" and any(l.startswith("event: update") for l in lines):
                    event_id = next((l[4:] for l in lines if l.startswith("id: ")), None)
                    return event_id, "\n".join(l[6:] for l in lines if l.startswith("data: "))
                lines = [] if line == "" else lines + [line]
    except TimeoutError:
        return None
    return None


def test_a_live_stream_sends_what_changed_since_the_browsers_copy(store, ui):
    # A page's <main> carries the version of what it shows; /events compares the store's
    # page with that version, so a stream opened (or reopened) late misses nothing.
    status, body, _ = ui.request("/runs")
    version = re.search(r'<main id="main" data-version="([0-9a-f]+)"', body).group(1)
    stale = first_event(ui, "path=%2Fruns&seen=0000000000000000", 20)
    assert stale is not None, "a stream whose browser shows an older page sent nothing"
    assert stale[0] == version and 'class="run"' in stale[1], stale[0]
    # A reconnect names the last update it applied: nothing is sent while the page is unchanged.
    assert first_event(ui, "path=%2Fruns&seen=0000000000000000", 3, {"Last-Event-ID": version}) is None


# 6. Escaping: a name that is HTML is shown as text everywhere and never runs.

def injected_scripts(page):
    """Script elements other than the dashboard's own /static/ui.js, and elements a tag's <b> made."""
    return page.evaluate("""() => [...document.scripts]
        .filter(s => new URL(s.src || 'inline:', location.href).pathname !== '/static/ui.js' || s.textContent.trim())
        .map(s => s.outerHTML)
        .concat([...document.querySelectorAll('main b')].map(b => b.outerHTML))""")


def test_a_run_named_like_a_script_is_shown_as_text(store, ui, watched):
    evil = store.ids[XSS]
    page = watched(ui.url)
    page.goto("/runs")
    row = page.page.locator(f"tr.run[data-id='{evil}']")
    assert row.locator("td.name").inner_text().strip() == XSS
    assert "<b>bold</b>" in row.locator("td.tags").inner_text()
    assert injected_scripts(page.page) == []
    page.goto(f"/runs/{evil}")
    assert page.page.locator("h1").inner_text().strip() == XSS
    assert "<b>bold</b>" in page.page.locator("ul#tags").inner_text()
    assert injected_scripts(page.page) == []
    page.goto(f"/compare?run={evil}&run={store.ids['iris-wide']}")
    assert XSS in page.page.locator("table#comparison").inner_text()
    assert injected_scripts(page.page) == []
    # Reflected: a filter value goes back into the form as typed.
    reflected = '"><script>alert(2)</script>'
    page.goto("/runs?" + urllib.parse.urlencode({"name": reflected, "tag": reflected}))
    assert page.page.locator("form#filters input[name=name]").input_value() == reflected
    assert injected_scripts(page.page) == []
    page.page.wait_for_timeout(500)
    page.assert_clean()  # no alert dialog, no console error
    # A name is also an id (its slash encoded); the page shows it as text.
    status, body, _ = ui.request("/runs/" + urllib.parse.quote(XSS, safe=""))
    assert status == 200 and "<script>alert" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# 7. The token.

def health(dashboard):
    status, body, _ = dashboard.request("/health")
    return status, body.strip()


def test_with_a_token_every_page_needs_it_and_the_login_sets_a_strict_cookie(store, watched):
    dashboard = Dashboard(STRATA, store.url, "--token", TOKEN, environment=store.environment)
    try:
        status, body, _ = dashboard.request("/runs")
        assert status == 401 and 'id="login"' in body and TOKEN not in body
        assert health(dashboard) == (200, "ok")
        status, body, _ = dashboard.request("/runs", headers={"Authorization": "Bearer " + TOKEN})
        assert status == 200 and store.ids["iris-wide"] in body
        assert dashboard.request("/runs", headers={"Authorization": "Bearer wrong-" + TOKEN})[0] == 401
        assert dashboard.request("/static/ui.js")[0] in (200, 401)  # public or guarded, never an error

        page = watched(dashboard.url)
        page.goto(f"/runs/{store.ids['iris-wide']}", status=401)
        login = page.page.locator("form#login")
        assert login.count() == 1 and page.page.locator("table#runs, h1:has-text('iris-wide')").count() == 0
        assert login.locator("input[type=hidden][name=next]").input_value() == f"/runs/{store.ids['iris-wide']}"
        login.locator("input[name=token]").fill("wrong-" + TOKEN)
        with page.page.expect_navigation() as navigation:
            login.locator("button[type=submit], input[type=submit]").first.click()
        assert navigation.value.status == 401
        assert page.page.locator("form#login p.error, p.error").count() >= 1
        assert page.context.cookies() == []

        page.page.locator("form#login input[name=token]").fill(TOKEN)
        with page.page.expect_navigation(url=re.compile(r"/runs/")):
            page.page.locator("form#login button[type=submit], form#login input[type=submit]").first.click()
        assert page.page.locator("h1").inner_text().strip() == "iris-wide"  # back where the login started
        [cookie] = page.context.cookies()
        assert cookie["name"] == "strata_ui" and TOKEN not in cookie["value"]
        assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
        assert "strata_ui" not in page.page.evaluate("document.cookie")
        page.goto("/runs")
        assert page.page.locator("table#runs tr.run").count() >= 7

        # Tagging needs the token, and works with it; the tag is then a filter.
        page.goto(f"/runs/{store.ids['iris-small']}")
        page.page.locator("form#tag-form input[name=tag]").fill("from-the-ui")
        page.page.locator("form#tag-form button[type=submit], form#tag-form input[type=submit]").first.click()
        page.page.locator("ul#tags", has_text="from-the-ui").wait_for(timeout=15_000)
        page.goto("/runs?tag=from-the-ui")
        assert [r["id"] for r in rows(page.page)] == [store.ids["iris-small"]]
        status, _, _ = dashboard.request(f"/runs/{store.ids['iris-wide']}/tags", body="tag=no-token",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 401
        page.assert_clean(status=401)
    finally:
        dashboard.stop()


def test_without_a_token_the_dashboard_refuses_to_change_anything(store, ui):
    status, _, _ = ui.request(f"/runs/{store.ids['iris-wide']}/tags", body="tag=sneaky",
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, body, _ = ui.request("/runs?tag=sneaky")
    assert status == 200 and store.ids["iris-wide"] not in body


# 8. Unknown ids answer 404; a store that cannot be opened, a 503 page (and the next request tries again).

@pytest.mark.parametrize("path", ["/runs/no-such-run", "/sweeps/no-such-sweep", "/data/versions/" + "0" * 64,
                                  "/data/tracked/no-such-id", "/serving/no-such-model", "/no-such-page",
                                  "/compare?run=no-such-run&run=also-not"])
def test_an_unknown_id_is_a_404_page(path, store, ui, watched):
    page = watched(ui.url)
    page.goto(path, status=404)
    assert page.page.locator("h1").inner_text().strip() == "Not found"
    assert page.page.locator("nav.top a[href='/runs']").count() == 1  # a way back


def test_a_store_that_cannot_be_opened_is_a_503_page_until_it_can(tmp_path, watched):
    # A folder with no store yet (the dashboard reads; it never creates one).
    folder = tmp_path / "not-yet"
    dashboard = Dashboard(STRATA, folder, environment={**os.environ, "STRATA_STORE": str(folder)})
    try:
        page = watched(dashboard.url)
        page.goto("/runs", status=503)
        assert page.page.locator("h1").inner_text().strip() == "The store cannot be opened"
        assert str(folder) in page.page.locator("main").inner_text()  # the reason names it
        assert health(dashboard) == (200, "ok")
        assert not folder.exists()
        (tmp_path / "one.strata").write_text('fit(sequential([dense(3)]), dataset("iris"), epochs: 1, name: "first")\n')
        done = subprocess.run([str(STRATA), "run", "one.strata"], cwd=tmp_path, capture_output=True, text=True,
                              timeout=120, env={**os.environ, "STRATA_STORE": str(folder)})
        assert done.returncode == 0, done.stderr
        page.goto("/runs")
        assert [r["name"] for r in rows(page.page)] == ["first"]
    finally:
        assert dashboard.stop() == 0

    # A team store whose database does not answer: the reason, without the password.
    password = "pw-" + uuid.uuid4().hex
    url = f"postgres://strata:{password}@127.0.0.1:{free_port()}/strata"
    environment = {**os.environ, "STRATA_OBJECTS": "s3://bucket/prefix", "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
                   "AWS_ACCESS_KEY_ID": "key", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "us-east-1"}
    dashboard = Dashboard(STRATA, url, environment=environment)
    try:
        for path in ("/runs", "/sweeps", f"/runs/{'0' * 16}"):
            status, body, _ = dashboard.request(path)
            assert status == 503 and "<h1>The store cannot be opened</h1>" in body, (path, status, body[:500])
            assert "PostgreSQL" in body and password not in body
        assert dashboard.process.poll() is None
    finally:
        assert dashboard.stop() == 0


# 9. Screenshots for the README (only when asked for).

def test_screenshots(store, ui, browser):
    folder = os.environ.get("STRATA_UI_SCREENSHOTS")
    if not folder or store.kind != "folder":
        pytest.skip("set STRATA_UI_SCREENSHOTS=DIR to save the pages as DIR/ui-<page>.png")
    paths = page_paths(store)
    paths["serving"] = paths.pop("model")
    written = take_screenshots(browser, ui.url, {name: paths[name] for name in SCREENSHOT_PAGES}, folder)
    assert len(written) == len(SCREENSHOT_PAGES)
