"""`strata serve` as a real process with real clients: every endpoint, predictions through
the Open Inference Protocol (JSON, tritonclient with binary and JSON tensors) and MLflow's
/invocations (four JSON forms and CSV) checked against `predict` in a script, unseen
categories, the error answers, 100 clients at once, SIGTERM draining, SIGKILL and the
prediction log, --log-sample 0, predictions()/drift() over the log, and a regression model.

Every test trains in a store of its own (training iris takes well under a second), so what
one test serves and logs never shows up in another's log or metrics."""
import csv
import http.client
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
CLASSES = ["setosa", "versicolor", "virginica"]
TOKEN = "t0ken-for-tests"

IRIS_SCRIPT = """
ds = dataset("iris")
to_csv(ds, "iris.csv")
parts = split(ds, [0.8, 0.2], seed: 1)
train = standardize(parts[0])
m = sequential([dense(16, activation: "relu"), dense(3)])
r = fit(m, train, epochs: 20, seed: 1, name: "iris")
rows = load_csv("iris.csv")
""" + "\n".join(['print("PROBABILITIES")', 'for p in predict(r, rows, probabilities: true) { print(p) }',
                  'print("LABELS")', 'for p in predict(r, rows) { print(p) }', 'print("END")']) + "\n"


def strata(store, *args, cwd=None, timeout=60):
    return subprocess.run([str(STRATA), *args], capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env={**os.environ, "STRATA_STORE": str(store)})


def run_script(folder, store, source, name="script.strata"):
    (folder / name).write_text(source)
    done = strata(store, "run", name, cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def section(out, name):
    """The lines a script printed between `print(name)` and the next marker (a loop of print(p))."""
    lines = out.splitlines()
    start = lines.index(name) + 1
    end = next(i for i in range(start, len(lines)) if lines[i].isupper())
    return lines[start:end]


def read_csv(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


class Iris:
    """A store with the run "iris", the raw iris rows and what `predict` says for each."""

    def __init__(self, folder):
        self.folder = folder
        self.store = folder / "store"
        out = run_script(folder, self.store, IRIS_SCRIPT)
        self.probabilities = np.array([json.loads(line) for line in section(out, "PROBABILITIES")])
        self.labels = section(out, "LABELS")
        records = read_csv(folder / "iris.csv")
        self.rows = [[float(record[c]) for c in COLUMNS] for record in records]
        self.species = [record["species"] for record in records]
        assert len(self.rows) == 150 == len(self.labels) == len(self.probabilities)
        # The model is a real one: it gets most rows right, so a wrong label can't pass by chance.
        assert sum(a == b for a, b in zip(self.labels, self.species)) > 75
        assert set(self.labels) == set(CLASSES)


@pytest.fixture
def iris(tmp_path):
    return Iris(tmp_path)


class Server:
    def __init__(self, store, *args, model="iris"):
        self.store = store
        self.process = subprocess.Popen([str(STRATA), "serve", model, "--port", "0", *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, "STRATA_STORE": str(store)})
        self.port = None
        found = threading.Event()

        def read_until_listening():
            for line in self.process.stdout:
                if line.startswith("listening on http://127.0.0.1:"):
                    self.port = int(line.strip().rsplit(":", 1)[1])
                    found.set()
                    return

        reader = threading.Thread(target=read_until_listening, daemon=True)
        reader.start()
        if not found.wait(timeout=30):
            self.process.kill()
            raise AssertionError("the server never said where it listens: " + self.process.stderr.read())
        self.url = f"http://127.0.0.1:{self.port}"

    def request(self, path, body=None, headers=None, method=None, timeout=60):
        data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                return reply.status, reply.read(), reply.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers

    def metrics(self, headers=None):
        status, data, response_headers = self.request("/metrics", headers=headers)
        assert status == 200, data
        assert response_headers["Content-Type"].startswith("text/plain")
        return data.decode()

    def stop(self, sig=signal.SIGTERM):
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def serving():
    """Starts servers; kills whatever a test leaves running."""
    started = []

    def start(store, *args, model="iris"):
        server = Server(store, *args, model=model)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


def metric(text, name):
    """The value of the sample `name` (with its labels, exactly) in Prometheus text, or None."""
    for line in text.splitlines():
        if not line.startswith("#") and line.rsplit(" ", 1)[0] == name:
            return float(line.rsplit(" ", 1)[1])
    return None


def log_rows(store):
    with sqlite3.connect(store / "strata.db") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "prediction_log" not in tables:
            return []
        return db.execute("SELECT model, run_id, time_ms, request_id, inputs, outputs, latency_us "
                          "FROM prediction_log ORDER BY id").fetchall()


def mlflow_labels_and_probabilities(data):
    predictions = json.loads(data)["predictions"]
    labels = [p["label"] for p in predictions]
    probabilities = np.array([[p["probabilities"][c] for c in CLASSES] for p in predictions])
    return labels, probabilities


def oip_body(rows, shape_one=False):
    """An infer request with one FP64 input per column, shape [N] (or [N, 1])."""
    inputs = []
    for index, name in enumerate(COLUMNS):
        values = [row[index] for row in rows]
        inputs.append({"name": name, "datatype": "FP64",
                       "shape": [len(rows), 1] if shape_one else [len(rows)],
                       "data": [[v] for v in values] if shape_one else values})
    return {"inputs": inputs}


def oip_outputs(data):
    answer = json.loads(data)
    return answer, {output["name"]: output for output in answer["outputs"]}


PICKED = [0, 7, 24, 49, 50, 61, 77, 99, 100, 113, 133, 149]  # every class, a dozen raw rows


# 1. Every endpoint, every request form, the same answers as `predict`.

def test_every_endpoint_and_request_form_answers_what_predict_says(iris, serving):
    server = serving(iris.store, "--token", TOKEN)
    auth = {"Authorization": "Bearer " + TOKEN}
    json_auth = {**auth, "Content-Type": "application/json"}
    rows = [iris.rows[i] for i in PICKED]
    labels = [iris.labels[i] for i in PICKED]
    expected = iris.probabilities[PICKED]

    # Health, server and model metadata.
    for path, body in (("/v2/health/live", {"live": True}), ("/v2/health/ready", {"ready": True})):
        status, data, headers = server.request(path)
        assert (status, json.loads(data)) == (200, body)
        assert headers["Content-Type"] == "application/json"
    status, data, _ = server.request("/v2", headers=auth)
    assert status == 200 and json.loads(data)["name"] == "strata"
    assert "binary_tensor_data" in json.loads(data)["extensions"]
    status, data, _ = server.request("/v2/models/iris", headers=auth)
    assert status == 200
    metadata = json.loads(data)
    assert metadata["name"] == "iris" and len(metadata["versions"]) == 1
    run_id = metadata["versions"][0]
    assert [(i["name"], i["datatype"]) for i in metadata["inputs"]] == [(c, "FP32") for c in COLUMNS]
    assert {o["name"]: o["datatype"] for o in metadata["outputs"]} == {"label": "BYTES", "probabilities": "FP32"}
    assert metadata["parameters"]["classes"] == CLASSES
    status, data, _ = server.request("/v2/models/iris/ready", headers=auth)
    assert status == 200 and json.loads(data)["ready"] is True

    # The Open Inference Protocol as plain JSON, inputs of shape [N] and of shape [N, 1].
    for shape_one in (False, True):
        body = {**oip_body(rows, shape_one), "id": f"plain-{shape_one}"}
        status, data, headers = server.request("/v2/models/iris/infer", body, json_auth)
        assert status == 200, data
        answer, outputs = oip_outputs(data)
        assert answer["model_name"] == "iris" and answer["model_version"] == run_id
        assert answer["id"] == f"plain-{shape_one}"
        assert outputs["label"]["datatype"] == "BYTES" and outputs["label"]["shape"] == [len(rows)]
        assert outputs["label"]["data"] == labels
        assert outputs["probabilities"]["datatype"] == "FP32"
        assert outputs["probabilities"]["shape"] == [len(rows), 3]
        np.testing.assert_allclose(np.array(outputs["probabilities"]["data"]).reshape(-1, 3), expected, atol=1e-6)
    # The version path answers for the run's id.
    status, data, _ = server.request(f"/v2/models/iris/versions/{run_id}/infer", oip_body(rows), json_auth)
    assert status == 200 and oip_outputs(data)[1]["label"]["data"] == labels

    # Triton's own client: every mix of binary and JSON inputs and outputs.
    client = triton.InferenceServerClient(f"127.0.0.1:{server.port}")
    assert client.is_server_live()
    assert client.is_server_ready()
    assert client.is_model_ready("iris", headers=auth)
    assert not client.is_model_ready("tulip", headers=auth)
    assert client.get_model_metadata("iris", headers=auth)["versions"] == [run_id]
    for binary_in in (True, False):
        for binary_out in (True, False):
            inputs = []
            for index, name in enumerate(COLUMNS):
                tensor = triton.InferInput(name, [len(rows), 1], "FP32")
                tensor.set_data_from_numpy(np.array([[r[index]] for r in rows], dtype=np.float32),
                                           binary_data=binary_in)
                inputs.append(tensor)
            outputs = [triton.InferRequestedOutput("label", binary_data=binary_out),
                       triton.InferRequestedOutput("probabilities", binary_data=binary_out)]
            # (infer adds Inference-Header-Content-Length to the headers it is given: a copy each time)
            result = client.infer("iris", inputs, outputs=outputs, headers=dict(auth),
                                  request_id=f"triton-{binary_in}-{binary_out}")
            assert result.get_response()["id"] == f"triton-{binary_in}-{binary_out}"
            got_labels = [v.decode() if isinstance(v, bytes) else v for v in result.as_numpy("label").ravel()]
            assert got_labels == labels, (binary_in, binary_out)
            probabilities = result.as_numpy("probabilities")
            assert probabilities.shape == (len(rows), 3)
            np.testing.assert_allclose(probabilities, expected, atol=1e-6)
    client.close()

    # MLflow's /invocations: the four JSON forms and CSV.
    records = [dict(zip(COLUMNS, row)) for row in rows]
    text = ",".join(COLUMNS) + "\n" + "".join(",".join(map(repr, row)) + "\n" for row in rows)
    forms = [
        ({"dataframe_split": {"columns": COLUMNS, "data": rows}}, "application/json"),
        ({"dataframe_records": records}, "application/json"),
        ({"instances": records}, "application/json"),
        ({"instances": rows}, "application/json"),
        ({"inputs": {c: [r[i] for r in rows] for i, c in enumerate(COLUMNS)}}, "application/json"),
        ({"inputs": rows}, "application/json"),
        (text.encode(), "text/csv"),
        (text.encode(), "text/csv; charset=utf-8"),
    ]
    for body, content_type in forms:
        status, data, headers = server.request("/invocations", body, {**auth, "Content-Type": content_type})
        assert status == 200, (body, data)
        assert headers["Content-Type"] == "application/json"
        got_labels, got = mlflow_labels_and_probabilities(data)
        assert got_labels == labels, content_type
        np.testing.assert_allclose(got, expected, atol=1e-6)

    # /metrics answers in Prometheus' text format and counts what was asked.
    text = server.metrics(auth)
    for family in ("strata_requests_total", "strata_request_duration_seconds", "strata_batch_rows",
                   "strata_requests_in_flight", "strata_prediction_log_pending",
                   "strata_prediction_log_dropped_total"):
        assert f"# TYPE {family} " in text, family
    assert metric(text, 'strata_requests_total{model="iris",path="/invocations",code="200"}') == len(forms)
    assert metric(text, 'strata_requests_total{model="iris",path="/v2/models/infer",code="200"}') == 2 + 1 + 4
    assert metric(text, 'strata_batch_rows_sum{model="iris"}') == len(rows) * (len(forms) + 7)
    assert metric(text, 'strata_prediction_log_dropped_total') == 0


# 2. A category never seen in training.

def test_an_unseen_category_is_answered_and_counted(iris, serving, tmp_path):
    records = read_csv(tmp_path / "iris.csv")
    colours = ["red", "green", "blue"]
    with open(tmp_path / "coloured.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS + ["color", "species"])
        for index, record in enumerate(records):
            writer.writerow([record[c] for c in COLUMNS] + [colours[index % 3], record["species"]])
    # The rows asked about, one with a colour never seen, written for `predict` too.
    asked = [iris.rows[0] + ["red"], iris.rows[60] + ["purple"], iris.rows[120] + ["blue"], iris.rows[10] + ["purple"]]
    with open(tmp_path / "asked.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS + ["color"])
        writer.writerows(asked)
    store = tmp_path / "colour-store"
    out = run_script(tmp_path, store, """
d = load_csv("coloured.csv", target: "species")
m = sequential([dense(8, activation: "relu"), dense(3)])
r = fit(m, d, epochs: 5, seed: 1, name: "coloured")
print("PROBABILITIES")
for p in predict(r, load_csv("asked.csv"), probabilities: true) { print(p) }
print("END")
""", name="coloured.strata")
    expected = np.array([json.loads(line) for line in section(out, "PROBABILITIES")])
    assert expected.shape == (4, 3)

    server = serving(store, model="coloured")
    status, data, _ = server.request("/v2/models/coloured")
    metadata = json.loads(data)
    assert {i["name"]: i["datatype"] for i in metadata["inputs"]}["color"] == "BYTES"
    assert metadata["parameters"]["categories"]["color"] == ["blue", "green", "red"]
    assert 'column="color"' not in server.metrics()

    body = {"dataframe_split": {"columns": COLUMNS + ["color"], "data": asked}}
    status, data, _ = server.request("/invocations", body, {"Content-Type": "application/json"})
    assert status == 200, data
    _, probabilities = mlflow_labels_and_probabilities(data)
    np.testing.assert_allclose(probabilities, expected, atol=1e-6)
    assert metric(server.metrics(), 'strata_unseen_categories_total{model="coloured",column="color"}') == 2

    # The same through Triton's client, the colours as a binary BYTES tensor.
    client = triton.InferenceServerClient(f"127.0.0.1:{server.port}")
    inputs = []
    for index, name in enumerate(COLUMNS):
        tensor = triton.InferInput(name, [len(asked)], "FP64")
        tensor.set_data_from_numpy(np.array([row[index] for row in asked], dtype=np.float64))
        inputs.append(tensor)
    colour = triton.InferInput("color", [len(asked)], "BYTES")
    colour.set_data_from_numpy(np.array([row[4].encode() for row in asked], dtype=np.object_))
    inputs.append(colour)
    result = client.infer("coloured", inputs)
    np.testing.assert_allclose(result.as_numpy("probabilities"), expected, atol=1e-6)
    client.close()
    assert metric(server.metrics(), 'strata_unseen_categories_total{model="coloured",column="color"}') == 4


# 3. The errors a client can provoke.

def test_each_error_has_its_status_and_a_json_error_naming_the_field(iris, serving):
    server = serving(iris.store, "--token", TOKEN, "--max-body", "100000")
    auth = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"}
    rows = iris.rows[:3]
    good = {"dataframe_split": {"columns": COLUMNS, "data": rows}}

    def error(path, body, headers=auth, method=None):
        status, data, response_headers = server.request(path, body, headers, method=method)
        assert response_headers["Content-Type"] == "application/json", data
        answer = json.loads(data)
        assert isinstance(answer["error"], str) and answer["error"], answer
        return status, answer, response_headers

    # 401: no token, a wrong one; the health checks need none.
    for headers in ({"Content-Type": "application/json"}, {**auth, "Authorization": "Bearer wrong"},
                    {**auth, "Authorization": TOKEN}):
        status, answer, response_headers = error("/invocations", good, headers)
        assert status == 401 and response_headers["WWW-Authenticate"] == "Bearer"
        assert TOKEN not in json.dumps(answer)
    assert error("/v2/models/iris/infer", oip_body(rows), {"Content-Type": "application/json"})[0] == 401
    assert error("/v2/models/iris", None, {})[0] == 401
    assert server.request("/v2/health/live")[0] == 200
    assert server.request("/v2/health/ready")[0] == 200

    # 400: malformed JSON.
    status, answer, _ = error("/invocations", b'{"dataframe_split": {"columns": [')
    assert status == 400 and "JSON" in answer["error"]
    status, answer, _ = error("/v2/models/iris/infer", b'{"inputs": [')
    assert status == 400 and "JSON" in answer["error"]

    # 400: a missing column, through both protocols.
    status, answer, _ = error("/invocations", {"dataframe_split": {"columns": COLUMNS[:3],
                                                                   "data": [r[:3] for r in rows]}})
    assert status == 400 and answer["field"] == "petal_width" and "petal_width" in answer["error"]
    body = oip_body(rows)
    body["inputs"] = [i for i in body["inputs"] if i["name"] != "sepal_width"]
    status, answer, _ = error("/v2/models/iris/infer", body)
    assert status == 400 and answer["field"] == "sepal_width"

    # 400: a column the model does not read.
    status, answer, _ = error("/invocations", {"dataframe_records": [{**dict(zip(COLUMNS, rows[0])), "colour": 1}]})
    assert status == 400 and answer["field"] == "colour" and "colour" in answer["error"]
    body = oip_body(rows)
    body["inputs"].append({"name": "colour", "datatype": "FP64", "shape": [3], "data": [1, 2, 3]})
    status, answer, _ = error("/v2/models/iris/infer", body)
    assert status == 400 and answer["field"] == "colour"

    # 400: text in a numeric column.
    status, answer, _ = error("/invocations", {"dataframe_records": [{**dict(zip(COLUMNS, rows[0])),
                                                                      "sepal_width": "wide"}]})
    assert status == 400 and answer["field"] == "sepal_width" and "wide" in answer["error"]
    status, answer, _ = error("/invocations", (",".join(COLUMNS) + "\n5.1,3.5,long,0.2\n").encode(),
                              {**auth, "Content-Type": "text/csv"})
    assert status == 400 and answer["field"] == "petal_length"
    body = oip_body(rows)
    body["inputs"][1] = {"name": "sepal_width", "datatype": "BYTES", "shape": [3], "data": ["a", "b", "c"]}
    status, answer, _ = error("/v2/models/iris/infer", body)
    assert status == 400 and answer["field"] == "sepal_width"

    # 404: a model not served here.
    status, answer, _ = error("/v2/models/tulip/infer", oip_body(rows))
    assert status == 404 and answer["field"] == "model" and "tulip" in answer["error"]
    status, answer, _ = error("/v2/models/tulip", None)
    assert status == 404 and "tulip" in answer["error"]
    status, answer, _ = error("/invocations?model=tulip", good)
    assert status == 404 and answer["field"] == "model"

    # 413: a body over --max-body (and one just under it is answered).
    big = {"dataframe_split": {"columns": COLUMNS, "data": iris.rows * 40}}
    assert len(json.dumps(big)) > 100000
    status, answer, _ = error("/invocations", big)
    assert status == 413 and "100000" in answer["error"]
    under = {"dataframe_split": {"columns": COLUMNS, "data": iris.rows * 25}}
    assert len(json.dumps(under)) < 100000
    assert server.request("/invocations", under, auth)[0] == 200

    # 415: a media type /invocations does not read.
    for content_type in ("text/plain", "application/xml"):
        status, answer, _ = error("/invocations", b"5.1,3.5,1.4,0.2", {**auth, "Content-Type": content_type})
        assert status == 415 and answer["field"] == "Content-Type" and content_type in answer["error"]

    # The server is still well, counted every answer, and logged only what it answered.
    status, data, _ = server.request("/invocations", good, auth)
    assert status == 200 and len(json.loads(data)["predictions"]) == 3
    text = server.metrics({"Authorization": "Bearer " + TOKEN})
    count = lambda path, code: metric(text, f'strata_requests_total{{model="iris",path="{path}",code="{code}"}}')
    assert count("/invocations", 401) == 3 and count("/v2/models/infer", 401) == 1
    assert count("/invocations", 400) == 5 and count("/v2/models/infer", 400) == 4
    assert count("/invocations", 413) == 1 and count("/invocations", 415) == 2
    assert count("/invocations", 200) == 2
    assert server.stop() == 0
    assert [json.loads(row[5])["label"] for row in log_rows(iris.store)] == [iris.labels * 25, iris.labels[:3]]


# 4. A hundred clients at once.

def test_a_hundred_clients_at_once_each_get_their_own_answer(iris, serving):
    server = serving(iris.store)
    answers = [None] * 100
    barrier = threading.Barrier(100)

    def client(index):
        row = iris.rows[index]
        barrier.wait(timeout=30)
        if index % 2:
            status, data, _ = server.request("/invocations", {"dataframe_split": {"columns": COLUMNS, "data": [row]}},
                                             {"Content-Type": "application/json", "X-Request-Id": f"c{index}"})
            labels, probabilities = mlflow_labels_and_probabilities(data) if status == 200 else (None, None)
        else:
            status, data, _ = server.request("/v2/models/iris/infer", {**oip_body([row]), "id": f"c{index}"},
                                             {"Content-Type": "application/json"})
            if status == 200:
                outputs = oip_outputs(data)[1]
                labels = outputs["label"]["data"]
                probabilities = np.array(outputs["probabilities"]["data"]).reshape(-1, 3)
        answers[index] = (status, labels, probabilities)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for index, answer in enumerate(answers):
        assert answer is not None, f"client {index} got no answer"
        status, labels, probabilities = answer
        assert status == 200, index
        assert labels == [iris.labels[index]], index
        np.testing.assert_allclose(probabilities[0], iris.probabilities[index], atol=1e-6)

    text = server.metrics()
    assert metric(text, 'strata_requests_total{model="iris",path="/invocations",code="200"}') == 50
    assert metric(text, 'strata_requests_total{model="iris",path="/v2/models/infer",code="200"}') == 50
    assert metric(text, 'strata_request_duration_seconds_count{model="iris"}') == 100
    assert metric(text, 'strata_request_duration_seconds_bucket{model="iris",le="+Inf"}') == 100
    assert metric(text, 'strata_batch_rows_sum{model="iris"}') == 100
    batches = metric(text, 'strata_batch_rows_count{model="iris"}')
    assert 1 <= batches <= 100
    assert metric(text, 'strata_batch_rows_bucket{model="iris",le="+Inf"}') == batches
    assert metric(text, "strata_requests_in_flight") == 1  # the /metrics request itself
    assert server.stop() == 0
    logged = log_rows(iris.store)
    assert sorted(row[3] for row in logged) == sorted(f"c{i}" for i in range(100))


# 5. SIGTERM drains.

def test_sigterm_finishes_the_requests_in_flight_logs_them_and_exits_0(iris, serving):
    server = serving(iris.store)
    clients = 5
    rows = (iris.rows * 134)[:20000]
    body = json.dumps({"dataframe_split": {"columns": COLUMNS, "data": rows}}).encode()
    half = len(body) // 2
    # Each request's head and half its body are sent: the server is answering all of them.
    connections = []
    for index in range(clients):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        connection.putrequest("POST", "/invocations")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(len(body)))
        connection.putheader("X-Request-Id", f"big{index}")
        connection.endheaders()
        connection.send(body[:half])
        connections.append(connection)
    deadline = time.time() + 20
    while metric(server.metrics(), "strata_requests_in_flight") < clients + 1:  # and the /metrics request
        assert time.time() < deadline, "the requests never were all in flight"
        time.sleep(0.01)
    server.process.send_signal(signal.SIGTERM)
    # It stops accepting connections, and waits for the rest of the bodies.
    deadline = time.time() + 10
    while True:
        try:
            urllib.request.urlopen(server.url + "/v2/health/live", timeout=5).read()
        except (urllib.error.URLError, ConnectionError):
            break
        assert time.time() < deadline, "the server still accepts connections after SIGTERM"
        time.sleep(0.02)
    assert server.process.poll() is None, "the server exited with requests in flight"
    for connection in connections:
        connection.send(body[half:])
    for connection in connections:
        reply = connection.getresponse()
        data = reply.read()
        assert reply.status == 200, data[:300]
        labels = [p["label"] for p in json.loads(data)["predictions"]]
        assert len(labels) == 20000 and labels[:150] == iris.labels
        connection.close()
    assert server.process.wait(timeout=30) == 0
    assert "stopped; the prediction log is written" in server.process.stdout.read()
    logged = log_rows(iris.store)
    assert sorted(row[3] for row in logged) == [f"big{i}" for i in range(clients)]
    for row in logged:
        assert len(json.loads(row[4])["sepal_length"]) == 20000
        assert len(json.loads(row[5])["label"]) == 20000


# 6. SIGKILL loses nothing that was logged.

def test_a_sigkill_keeps_every_logged_request_and_the_store_verifies(iris, serving):
    server = serving(iris.store)
    requests = 30
    run_id = json.loads(server.request("/v2/models/iris")[1])["versions"][0]
    started_ms = time.time() * 1000
    for index in range(requests):
        row = iris.rows[index * 5]
        status, data, _ = server.request("/invocations", {"dataframe_split": {"columns": COLUMNS, "data": [row]}},
                                         {"Content-Type": "application/json", "X-Request-Id": f"k{index}"})
        assert status == 200, data
    deadline = time.time() + 15
    while len(log_rows(iris.store)) < requests and time.time() < deadline:
        time.sleep(0.05)
    assert len(log_rows(iris.store)) == requests
    assert server.stop(signal.SIGKILL) == -signal.SIGKILL
    logged = log_rows(iris.store)
    assert [row[3] for row in logged] == [f"k{i}" for i in range(requests)]
    for index, (model, run, time_ms, _, inputs, outputs, latency_us) in enumerate(logged):
        assert model == "iris" and run == run_id
        assert started_ms - 1000 <= time_ms <= time.time() * 1000
        assert json.loads(inputs) == {c: [iris.rows[index * 5][i]] for i, c in enumerate(COLUMNS)}
        assert json.loads(outputs)["label"] == [iris.labels[index * 5]]
        assert latency_us > 0
    verify = strata(iris.store, "store", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    with sqlite3.connect(iris.store / "strata.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# 7. --log-sample 0, then predictions() and drift() over the log.

def test_log_sample_0_logs_nothing_and_predictions_and_drift_read_the_log(iris, serving, tmp_path):
    server = serving(iris.store, "--log-sample", "0")
    for start in range(0, 150, 50):
        status, data, _ = server.request("/invocations", {"dataframe_split": {
            "columns": COLUMNS, "data": iris.rows[start:start + 50]}}, {"Content-Type": "application/json"})
        assert status == 200, data
    assert server.stop() == 0
    assert log_rows(iris.store) == []

    # Served again, logging everything: the iris rows with petal_length moved far up.
    shifted = [[a, b, c + 4.0, d] for a, b, c, d in iris.rows]
    server = serving(iris.store)
    for start in range(0, 150, 50):
        status, data, _ = server.request("/invocations", {"dataframe_split": {
            "columns": COLUMNS, "data": shifted[start:start + 50]}}, {"Content-Type": "application/json"})
        assert status == 200, data
    assert server.stop() == 0
    assert len(log_rows(iris.store)) == 3

    out = run_script(tmp_path, iris.store, """
p = predictions("iris")
print(count(p))
print(p)
d = drift(run("iris"))
print(d.columns)
print(d.flagged)
print(d)
""", name="drift.strata")
    lines = out.splitlines()
    assert int(lines[0]) == 150
    assert "150 rows" in lines[1]
    header = lines[2].split()
    assert {"request_id", "prediction", *COLUMNS} <= set(header)
    columns = json.loads(next(line for line in lines if line.startswith("[")))
    assert set(COLUMNS) <= set(columns)
    flags = {}
    for line in lines:
        words = line.split()
        if words and words[0] in columns and ("numbers" in words or "categories" in words):
            flags[words[0]] = words[-1] if words[-1] in ("drift", "watch") else None
    assert set(COLUMNS) <= set(flags), out
    assert flags["petal_length"] == "drift", out
    assert flags["sepal_length"] is None and flags["sepal_width"] is None, out

    # `strata drift` prints the same report from the command line, as JSON here.
    cli = strata(iris.store, "drift", "iris", "--json", "--since", "2000-01-01")
    assert cli.returncode == 0, cli.stderr
    rows = {row["column"]: row for row in map(json.loads, cli.stdout.splitlines())}
    assert set(rows) == set(COLUMNS) | {"prediction"}
    assert rows["petal_length"]["flag"] == "drift" and rows["petal_length"]["p_value"] < 0.001
    assert rows["sepal_width"]["flag"] == "" and rows["petal_length"]["served_rows"] == 150
    assert strata(iris.store, "drift", "iris", "--since", "yesterday").returncode != 0


# 8. A regression model.

def test_a_regression_model_answers_predictions(serving, tmp_path):
    store = tmp_path / "store"
    out = run_script(tmp_path, store, """
ds = dataset("diabetes")
to_csv(ds, "diabetes.csv")
parts = split(ds, [0.8, 0.2], seed: 1)
train = standardize(parts[0])
m = sequential([dense(16, activation: "relu"), dense(1)])
r = fit(m, train, epochs: 10, loss: "mse", seed: 1, name: "diabetes")
print("PREDICTIONS")
for p in predict(r, load_csv("diabetes.csv")) { print(p) }
print("END")
""", name="diabetes.strata")
    expected = np.array([float(line) for line in section(out, "PREDICTIONS")])
    records = read_csv(tmp_path / "diabetes.csv")
    columns = [c for c in records[0] if c != "progression"]
    picked = list(range(0, 442, 37))
    rows = [[float(records[i][c]) for c in columns] for i in picked]
    assert len(expected) == 442 and np.ptp(expected[picked]) > 0

    server = serving(store, model="diabetes")
    metadata = json.loads(server.request("/v2/models/diabetes")[1])
    assert [i["name"] for i in metadata["inputs"]] == columns
    assert [o["name"] for o in metadata["outputs"]] == ["predictions"]

    status, data, _ = server.request("/invocations", {"dataframe_split": {"columns": columns, "data": rows}},
                                     {"Content-Type": "application/json"})
    assert status == 200, data
    np.testing.assert_allclose(json.loads(data)["predictions"], expected[picked], rtol=1e-6)

    body = {"inputs": [{"name": c, "datatype": "FP64", "shape": [len(rows)], "data": [r[i] for r in rows]}
                       for i, c in enumerate(columns)]}
    status, data, _ = server.request("/v2/models/diabetes/infer", body, {"Content-Type": "application/json"})
    assert status == 200, data
    outputs = oip_outputs(data)[1]
    assert set(outputs) == {"predictions"}
    assert outputs["predictions"]["datatype"] == "FP32" and outputs["predictions"]["shape"][0] == len(rows)
    np.testing.assert_allclose(outputs["predictions"]["data"], expected[picked], rtol=1e-6)

    client = triton.InferenceServerClient(f"127.0.0.1:{server.port}")
    inputs = []
    for index, name in enumerate(columns):
        tensor = triton.InferInput(name, [len(rows), 1], "FP32")
        tensor.set_data_from_numpy(np.array([[r[index]] for r in rows], dtype=np.float32))
        inputs.append(tensor)
    result = client.infer("diabetes", inputs, outputs=[triton.InferRequestedOutput("predictions")])
    np.testing.assert_allclose(result.as_numpy("predictions").ravel(), expected[picked], rtol=1e-6)
    client.close()
    assert server.stop() == 0
    logged = log_rows(store)
    assert len(logged) == 3 and all(len(json.loads(row[5])["predictions"]) == len(rows) for row in logged)


# 9. A server started from a notebook, and the command line's refusals.

def test_a_notebook_server_answers_and_stops_with_the_kernel(tmp_path, monkeypatch):
    from jupyter_client.manager import start_new_kernel
    from test_kernel_process import result_of, run

    monkeypatch.setenv("STRATA_STORE", str(tmp_path / "store"))
    # In the test folder: the script writes iris.csv where it runs.
    km, kc = start_new_kernel(kernel_name="strata", cwd=str(tmp_path))
    try:
        content, outputs = run(kc, IRIS_SCRIPT.split("rows = ")[0] + 's = serve(r, port: 0, token: "t0k")\ns.url')
        assert content["status"] == "ok", content
        url = result_of(outputs).strip('"')
        request = urllib.request.Request(url + "/invocations", data=json.dumps(
            {"dataframe_split": {"columns": COLUMNS, "data": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}}).encode(),
            headers={"Content-Type": "application/json", "Authorization": "Bearer t0k"})
        with urllib.request.urlopen(request, timeout=30) as reply:
            assert len(json.loads(reply.read())["predictions"]) == 2
        content, outputs = run(kc, "count(predictions(s))")
        assert content["status"] == "ok", content
        assert result_of(outputs) == "2"
        content, outputs = run(kc, "serve(r, port: %s)" % url.rsplit(":", 1)[1])
        assert content["status"] == "error" and "port: 0" in content["evalue"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/v2/health/live", timeout=5)


def test_serve_refuses_what_it_cannot_serve(iris):
    done = strata(iris.store, "serve", "no-such-run", "--port", "0")
    assert done.returncode != 0 and "no-such-run" in done.stderr
    done = strata(iris.store, "serve", "iris=a/b", "--port", "0")
    assert done.returncode != 0 and "model name" in done.stderr
    done = strata(iris.store, "serve", "iris", "--port", "0", "--log-sample", "2")
    assert done.returncode != 0 and "log-sample" in done.stderr
