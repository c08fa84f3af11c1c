"""`strata serve` as a real process, called by real clients: tritonclient (the Open
Inference Protocol, JSON and binary), MLflow's request forms and CSV over plain HTTP,
the errors a client can provoke, 100 clients at once, SIGTERM draining and a SIGKILL
that keeps the prediction log intact."""
import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.request

import numpy as np
import pytest
import tritonclient.http as triton

from conftest import STRATA

COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
ROWS = [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3], [5.9, 3.0, 4.2, 1.5], [4.8, 3.4, 1.9, 0.2]]
TRAIN = """
iris = dataset("iris")
parts = split(iris, [0.8, 0.2], seed: 1)
train = standardize(parts[0], using: parts[0])
m = sequential([dense(16, activation: "relu"), dense(3)])
r = fit(m, train, epochs: 30, optimizer: adam(lr: 0.01), seed: 1, name: "iris")
"""


def strata(store, *args, **kwargs):
    return subprocess.run([str(STRATA), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "STRATA_STORE": str(store)}, **kwargs)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A store with the iris run, and what `predict` says for ROWS (probabilities)."""
    folder = tmp_path_factory.mktemp("serve")
    store = folder / "store"
    header = ",".join(COLUMNS) + "\n" + "\n".join(",".join(map(str, r)) for r in ROWS) + "\n"
    (folder / "rows.csv").write_text(header)
    script = folder / "train.strata"
    script.write_text(TRAIN + 'rows = load_csv("rows.csv")\nprint(predict(r, rows, probabilities: true))\n'
                      + 'print(predict(r, rows))\n')
    done = strata(store, "run", str(script), cwd=folder)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    probabilities = np.array(json.loads(lines[-2]), dtype=np.float64)
    labels = json.loads(lines[-1])
    return store, probabilities, labels


class Server:
    def __init__(self, store, *args):
        self.store = store
        self.process = subprocess.Popen([str(STRATA), "serve", "iris", "--port", "0", *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, "STRATA_STORE": str(store)})
        deadline = time.time() + 30
        self.port = None
        while time.time() < deadline:
            line = self.process.stdout.readline()
            if line.startswith("listening on http://127.0.0.1:"):
                self.port = int(line.rsplit(":", 1)[1])
                break
            assert line or self.process.poll() is None, self.process.stderr.read()
        assert self.port, "the server never said where it listens"
        self.url = f"http://127.0.0.1:{self.port}"

    def request(self, path, body=None, headers=None, method=None):
        data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return reply.status, reply.read(), reply.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers

    def stop(self, sig=signal.SIGTERM):
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)


@pytest.fixture
def server(trained):
    running = Server(trained[0], "--token", "s3cret", "--max-body", "200000")
    yield running
    if running.process.poll() is None:
        running.stop()


AUTH = {"Authorization": "Bearer s3cret", "Content-Type": "application/json"}


def mlflow_answer(server, body, content_type="application/json"):
    status, data, _ = server.request("/invocations", body, {**AUTH, "Content-Type": content_type})
    assert status == 200, data
    predictions = json.loads(data)["predictions"]
    labels = [p["label"] for p in predictions]
    probabilities = np.array([[p["probabilities"][c] for c in ("setosa", "versicolor", "virginica")]
                              for p in predictions])
    return labels, probabilities


def test_every_request_form_answers_what_predict_says(server, trained):
    _, expected, labels = trained
    records = [dict(zip(COLUMNS, row)) for row in ROWS]
    csv = (",".join(COLUMNS) + "\n" + "\n".join(",".join(map(str, r)) for r in ROWS) + "\n").encode()
    forms = [
        ({"dataframe_split": {"columns": COLUMNS, "data": ROWS}}, "application/json"),
        ({"dataframe_records": records}, "application/json"),
        ({"instances": records}, "application/json"),
        ({"inputs": {c: [r[i] for r in ROWS] for i, c in enumerate(COLUMNS)}}, "application/json"),
        ({"inputs": ROWS}, "application/json"),
        (csv, "text/csv"),
    ]
    for body, content_type in forms:
        got_labels, got = mlflow_answer(server, body, content_type)
        assert got_labels == labels
        np.testing.assert_allclose(got, expected, atol=1e-6)

    # The Open Inference Protocol through Triton's own client, JSON and binary tensors.
    client = triton.InferenceServerClient(f"127.0.0.1:{server.port}", verbose=False)
    headers = {"Authorization": "Bearer s3cret"}
    assert client.is_server_live() and client.is_server_ready()
    assert client.is_model_ready("iris", headers=headers)
    metadata = client.get_model_metadata("iris", headers=headers)
    assert [i["name"] for i in metadata["inputs"]] == COLUMNS
    assert [o["name"] for o in metadata["outputs"]] == ["label", "probabilities"]
    for binary in (False, True):
        inputs = []
        for index, name in enumerate(COLUMNS):
            tensor = triton.InferInput(name, [len(ROWS), 1], "FP32")
            tensor.set_data_from_numpy(np.array([[r[index]] for r in ROWS], dtype=np.float32), binary_data=binary)
            inputs.append(tensor)
        outputs = [triton.InferRequestedOutput("probabilities", binary_data=binary),
                   triton.InferRequestedOutput("label", binary_data=binary)]
        result = client.infer("iris", inputs, outputs=outputs, headers=headers, request_id="req-%d" % binary)
        np.testing.assert_allclose(result.as_numpy("probabilities"), expected, atol=1e-6)
        assert [v.decode() if isinstance(v, bytes) else v for v in result.as_numpy("label").ravel()] == labels
        assert result.get_response()["id"] == "req-%d" % binary

    # Every answered request is in the log, with its id, inputs, outputs and latency.
    server.stop()
    with sqlite3.connect(server.store / "strata.db") as db:
        logged = db.execute("SELECT request_id, inputs, outputs, latency_us FROM prediction_log").fetchall()
    assert len(logged) >= len(forms) + 2
    assert {"req-0", "req-1"} <= {row[0] for row in logged}
    first = json.loads(logged[0][1])
    assert sorted(first) == sorted(COLUMNS) and first["sepal_length"][0] == 5.1
    assert json.loads(logged[0][2])["label"] == labels
    assert all(row[3] > 0 for row in logged)


def test_bad_requests_get_the_status_and_a_json_error_naming_the_field(server):
    def error(path, body, headers=AUTH):
        status, data, response_headers = server.request(path, body, headers)
        return status, json.loads(data), response_headers

    status, body, headers = error("/invocations", {"dataframe_split": {"columns": COLUMNS, "data": ROWS}},
                                  {"Content-Type": "application/json"})
    assert status == 401 and "Bearer" in headers["WWW-Authenticate"] and "s3cret" not in body["error"]
    status, body, _ = error("/invocations", {"dataframe_split": {"columns": COLUMNS, "data": ROWS}},
                            {**AUTH, "Authorization": "Bearer wrong"})
    assert status == 401
    assert server.request("/v2/health/live")[0] == 200  # health checks need no token

    status, body, _ = error("/invocations", b'{"dataframe_split": {"columns": [', AUTH)
    assert status == 400 and "not JSON" in body["error"]
    status, body, _ = error("/invocations", {"dataframe_split": {"columns": COLUMNS[:3], "data": [r[:3] for r in ROWS]}})
    assert status == 400 and body["field"] == "petal_width"
    status, body, _ = error("/invocations", {"dataframe_records": [{**dict(zip(COLUMNS, ROWS[0])), "colour": 1}]})
    assert status == 400 and body["field"] == "colour" and "not an input" in body["error"]
    status, body, _ = error("/invocations", {"dataframe_records": [{**dict(zip(COLUMNS, ROWS[0])), "sepal_width": "wide"}]})
    assert status == 400 and body["field"] == "sepal_width"
    status, body, _ = error("/v2/models/iris/infer", {"inputs": [{"name": "sepal_length", "shape": [2],
                                                                  "datatype": "FP32", "data": [1.0]}]})
    assert status == 400 and body["field"] == "inputs[0].data"
    status, body, _ = error("/v2/models/tulip/infer", {"inputs": []})
    assert status == 404 and "tulip" in body["error"]
    big = {"dataframe_split": {"columns": COLUMNS, "data": ROWS * 5000}}
    status, body, _ = error("/invocations", big)
    assert status == 413
    # Nothing refused reached the log, and the server is still well.
    assert mlflow_answer(server, {"dataframe_split": {"columns": COLUMNS, "data": ROWS}})[0]
    status, metrics, _ = server.request("/metrics", headers=AUTH)
    text = metrics.decode()
    assert 'strata_requests_total{model="iris",path="/invocations",code="400"} 4' in text
    assert 'code="413"} 1' in text and 'code="401"} 2' in text


def test_a_category_never_seen_in_training_is_encoded_as_none_and_counted(tmp_path):
    store = tmp_path / "store"
    lines = ["size,colour,kind"] + [f"{i % 10},{['red', 'blue'][i % 2]},{['a', 'b'][(i // 2) % 2]}"
                                       for i in range(40)]
    (tmp_path / "shapes.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "t.strata").write_text(
        'd = load_csv("shapes.csv", target: "kind")\n'
        'fit(sequential([dense(4, activation: "relu"), dense(2)]), d, epochs: 2, seed: 1, name: "iris")\n')
    done = strata(store, "run", str(tmp_path / "t.strata"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    server = Server(store)
    try:
        status, data, _ = server.request("/invocations", {"dataframe_records": [
            {"size": 3, "colour": "green"}, {"size": 4, "colour": "red"}]}, {"Content-Type": "application/json"})
        assert status == 200, data
        assert len(json.loads(data)["predictions"]) == 2
        metrics = server.request("/metrics")[1].decode()
        assert 'strata_unseen_categories_total{model="iris",column="colour"} 1' in metrics
    finally:
        server.stop()


def test_a_hundred_clients_at_once_each_get_their_own_answer(server, trained):
    _, expected, labels = trained
    answers = [None] * 100
    barrier = threading.Barrier(100)

    def client(index):
        row = ROWS[index % len(ROWS)]
        barrier.wait()
        status, data, _ = server.request("/invocations", {"dataframe_split": {"columns": COLUMNS, "data": [row]}},
                                         AUTH)
        answers[index] = (status, json.loads(data)["predictions"][0])

    threads = [threading.Thread(target=client, args=(i,)) for i in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for index, (status, answer) in enumerate(answers):
        assert status == 200
        assert answer["label"] == labels[index % len(ROWS)]
        got = [answer["probabilities"][c] for c in ("setosa", "versicolor", "virginica")]
        np.testing.assert_allclose(got, expected[index % len(ROWS)], atol=1e-6)
    metrics = server.request("/metrics", headers=AUTH)[1].decode()
    assert 'strata_requests_total{model="iris",path="/invocations",code="200"} 100' in metrics
    batches = next(float(line.split()[-1]) for line in metrics.splitlines()
                   if line.startswith('strata_batch_rows_count{model="iris"}'))
    rows = next(float(line.split()[-1]) for line in metrics.splitlines()
                if line.startswith('strata_batch_rows_sum{model="iris"}'))
    assert rows == 100 and 1 <= batches <= 100


def test_sigterm_finishes_requests_in_flight_writes_the_log_and_exits_0(trained):
    server = Server(trained[0])
    body = {"dataframe_split": {"columns": COLUMNS, "data": ROWS * 4000}}
    results = []

    def client():
        results.append(server.request("/invocations", body, {"Content-Type": "application/json"})[0])

    threads = [threading.Thread(target=client) for _ in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    assert server.stop() == 0
    for thread in threads:
        thread.join(timeout=30)
    answered = results.count(200)
    # A request the server had not yet accepted is refused at the socket; every one it
    # had accepted is answered and logged.
    assert answered >= 1 and all(code == 200 for code in results)
    assert "stopped; the prediction log is written" in server.process.stdout.read()
    with sqlite3.connect(trained[0] / "strata.db") as db:
        count = db.execute("SELECT count(*) FROM prediction_log WHERE length(inputs) > 100000").fetchone()[0]
    assert count >= answered


def test_a_sigkill_keeps_every_logged_request_and_the_store_verifies(trained):
    store = trained[0]
    server = Server(store)
    with sqlite3.connect(store / "strata.db") as db:
        before = db.execute("SELECT count(*) FROM prediction_log").fetchone()[0]
    for index in range(20):
        assert mlflow_answer(server, {"dataframe_split": {"columns": COLUMNS, "data": [ROWS[index % 4]]}})
    deadline = time.time() + 10
    while time.time() < deadline:
        with sqlite3.connect(store / "strata.db") as db:
            logged = db.execute("SELECT count(*) FROM prediction_log").fetchone()[0]
        if logged - before >= 20:
            break
        time.sleep(0.05)
    server.stop(signal.SIGKILL)
    with sqlite3.connect(store / "strata.db") as db:
        rows = db.execute("SELECT inputs, outputs FROM prediction_log").fetchall()
    assert len(rows) - before == 20
    assert all(json.loads(i) and json.loads(o) for i, o in rows)
    verify = strata(store, "store", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_predictions_and_drift_read_the_log(trained, tmp_path):
    store = trained[0]
    server = Server(store, "--log-sample", "0")
    try:
        assert mlflow_answer(server, {"dataframe_split": {"columns": COLUMNS, "data": ROWS}})
    finally:
        server.stop()
    with sqlite3.connect(store / "strata.db") as db:
        before = db.execute("SELECT count(*) FROM prediction_log").fetchone()[0]
    server = Server(store)
    try:
        large = [[7.5 + i * 0.01, 3.0, 6.5, 2.2] for i in range(50)]
        assert mlflow_answer(server, {"dataframe_split": {"columns": COLUMNS, "data": large}})
    finally:
        server.stop()
    with sqlite3.connect(store / "strata.db") as db:
        assert db.execute("SELECT count(*) FROM prediction_log").fetchone()[0] == before + 1
    script = tmp_path / "drift.strata"
    script.write_text('p = predictions("iris", since: "2000-01-01")\nprint(count(p))\n'
                      'd = drift(run("iris"), data: p)\nprint(d.flagged)\n')
    done = strata(store, "run", str(script), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert int(lines[0]) > 50
    assert "petal_length" in json.loads(lines[1])
    cli = strata(store, "drift", "iris", "--json")
    assert cli.returncode == 0, cli.stderr
    rows = {row["column"]: row for row in map(json.loads, cli.stdout.splitlines())}
    assert rows["petal_length"]["flag"] == "drift" and rows["petal_length"]["p_value"] < 0.001
    assert set(rows) == set(COLUMNS) | {"prediction"}


def test_serve_refuses_what_it_cannot_serve(trained, tmp_path):
    store = trained[0]
    done = strata(store, "serve", "no-such-run", "--port", "0")
    assert done.returncode != 0 and "no-such-run" in done.stderr
    done = strata(store, "serve", "iris=a/b", "--port", "0")
    assert done.returncode != 0 and "model name" in done.stderr
    done = strata(store, "serve", "iris", "--port", "0", "--log-sample", "2")
    assert done.returncode != 0 and "log-sample" in done.stderr


def test_a_notebook_server_answers_and_stops_with_the_kernel(tmp_path, monkeypatch):
    from jupyter_client.manager import start_new_kernel
    from test_kernel_process import result_of, run

    monkeypatch.setenv("STRATA_STORE", str(tmp_path / "store"))
    km, kc = start_new_kernel(kernel_name="strata")
    try:
        content, outputs = run(kc, TRAIN + 's = serve(r, port: 0, token: "t0k")\ns.url')
        assert content["status"] == "ok", content
        url = result_of(outputs).strip('"')
        request = urllib.request.Request(url + "/invocations", data=json.dumps(
            {"dataframe_split": {"columns": COLUMNS, "data": ROWS}}).encode(),
            headers={"Content-Type": "application/json", "Authorization": "Bearer t0k"})
        with urllib.request.urlopen(request, timeout=30) as reply:
            assert len(json.loads(reply.read())["predictions"]) == len(ROWS)
        content, outputs = run(kc, 'count(predictions(s))')
        assert content["status"] == "ok", content
        assert result_of(outputs) == str(len(ROWS))
        content, outputs = run(kc, 'serve(r, port: %s)' % url.rsplit(":", 1)[1])
        assert content["status"] == "error" and "port: 0" in content["evalue"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/v2/health/live", timeout=5)
