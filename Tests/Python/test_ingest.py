"""`ingest` and `crawl` through `strata run` against a small site served from a local,
threaded HTTP server: what a crawl fetches, skips (robots.txt, names that do not match)
and reports as failed (a 500, a timeout, a dropped connection, each retried); what the
store records for each file; that nothing partial is left; that the folder is tracked,
as the next `load_images` records it; and that a second run sends conditional requests
and fetches nothing. Also local globs, and an s3:// prefix when the team services run."""
import hashlib
import http.server
import io
import os
import sqlite3
import subprocess
import threading
import time
import uuid

import pytest
from PIL import Image

from conftest import STRATA

LAST_MODIFIED = "Sun, 06 Nov 1994 08:49:37 GMT"


def png(seed, size=(4, 3)):
    """A small real PNG, different for each seed."""
    image = Image.new("RGB", size, (seed * 40 % 256, 255 - seed * 30 % 256, seed * 7 % 256))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


class Site:
    """A small site on 127.0.0.1, a thread per request: a start page and a gallery page
    linking to images, a robots.txt forbidding /site/private/, a slow image, a failing
    one and one whose connection drops mid-body. Images carry an ETag and a
    Last-Modified and answer conditional requests with 304. Every request is logged as
    (path, headers, status)."""

    def __init__(self):
        self.files = {
            "/site/cat/1.png": png(1), "/site/cat/2.png": png(2), "/site/dog/3.png": png(3),
            "/site/fox/4.png": png(4), "/site/private/secret.png": png(5), "/site/slow.png": png(6),
        }
        self.pages = {
            "/robots.txt": "User-agent: *\nDisallow: /site/private/\n",
            "/site/": """<html><body><h1>Animals</h1>
                <a href="cat/1.png">a cat</a> <img src="cat/2.png"> <a href="/site/dog/3.png">a dog</a>
                <a href="private/secret.png">secret</a> <a href="about.html">about</a>
                <a href="gallery.html">more</a> <img src="slow.png"> <img src="broken.png">
                <img src="dropped.png"> <a href="https://elsewhere.invalid/x.png">elsewhere</a>
                </body></html>""",
            "/site/gallery.html": '<html><body><img src="fox/4.png"></body></html>',
            "/site/about.html": '<html><body><img src="never.png"></body></html>',
        }
        self.log = []
        self.lock = threading.Lock()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self, status, body=b"", headers=()):
                with site.lock:
                    site.log.append((self.path, dict(self.headers), status))
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the slow image): what the test wants

            def do_GET(self):
                path = self.path
                if path in site.pages:
                    kind = "text/plain" if path.endswith(".txt") else "text/html"
                    return self.answer(200, site.pages[path].encode(), [("Content-Type", kind)])
                if path == "/site/broken.png":
                    return self.answer(500, b"oops")
                if path == "/site/dropped.png":
                    with site.lock:
                        site.log.append((path, dict(self.headers), "dropped"))
                    self.send_response(200)
                    self.send_header("Content-Length", "5000")
                    self.end_headers()
                    self.wfile.write(b"x" * 100)
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if path not in site.files:
                    return self.answer(404)
                if path == "/site/slow.png":
                    time.sleep(2.5)
                body = site.files[path]
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                headers = [("Content-Type", "image/png"), ("ETag", etag), ("Last-Modified", LAST_MODIFIED)]
                asked = self.headers.get("If-None-Match")
                if asked == etag or (asked is None and self.headers.get("If-Modified-Since") == LAST_MODIFIED):
                    return self.answer(304, b"", headers)
                return self.answer(200, body, headers)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def requests(self, path):
        with self.lock:
            return [entry for entry in self.log if entry[0] == path]

    def clear(self):
        with self.lock:
            self.log.clear()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    served = Site()
    yield served
    served.stop()


def run_script(folder, source, store, environment=None, timeout=180):
    script = folder / "script.strata"
    script.write_text(source)
    env = {**(environment or os.environ), "STRATA_STORE": str(store)}
    return subprocess.run([str(STRATA), "run", str(script)], capture_output=True, text=True, cwd=folder,
                          timeout=timeout, env=env)


PRINT_ROWS = """
for row in r { print("row|" + row.status + "|" + str(row.file) + "|" + str(row.attempts) + "|" + str(row.reason) + "|" + row.source) }
print("version|" + r.version)
"""


def rows_of(stdout):
    """The printed rows by source: (status, file, attempts, reason)."""
    rows = {}
    for line in stdout.splitlines():
        if line.startswith("row|"):
            _, status, file, attempts, reason, source = line.split("|", 5)
            rows[source] = (status, file, int(attempts), reason)
    return rows


def version_of(stdout):
    return next(line.split("|", 1)[1] for line in stdout.splitlines() if line.startswith("version|"))


def test_crawl_fetches_skips_fails_records_and_tracks_then_fetches_nothing_new(site, tmp_path):
    store = tmp_path / "store"
    crawl = (f'crawl("{site.base}/site/", match: "*.png", follow: "*/gallery*", depth: 2, delay: 0.05)')
    script = f"r = ingest({crawl}, into: \"data\", retries: 1, timeout: 1)\n" + PRINT_ROWS + """
print("tracked|" + str(r.version == track("data")))
ds = load_images("data", size: [3, 4])
run = fit(sequential([flatten(), dense(3)]), ds, epochs: 1, name: "crawled")
print("lineage|" + str(run.sources[0].tracked == r.version) + "|" + str(len(run.sources)))
"""
    started = time.monotonic()
    done = run_script(tmp_path, script, store)
    assert done.returncode == 0, done.stderr
    rows = {source.removeprefix(site.base + "/"): row for source, row in rows_of(done.stdout).items()}

    fetched = {"site/cat/1.png": "cat/1.png", "site/cat/2.png": "cat/2.png", "site/dog/3.png": "dog/3.png",
               "site/fox/4.png": "fox/4.png"}
    for path, file in fetched.items():
        assert rows[path][:3] == ("fetched", file, 1), rows[path]
    # robots.txt forbids /site/private/: never requested.
    assert rows["site/private/secret.png"][0] == "skipped"
    assert "robots.txt disallows it (Disallow: /site/private/)" in rows["site/private/secret.png"][3]
    assert site.requests("/site/private/secret.png") == []
    # A page that matches neither match nor follow is not read; another site is left alone.
    assert rows["site/about.html"][0] == "skipped" and site.requests("/site/about.html") == []
    assert site.requests("/site/never.png") == []
    assert rows["https://elsewhere.invalid/x.png"][0] == "skipped"
    # Failures are retried (retries: 1, so two attempts each), then reported.
    assert rows["site/broken.png"] == ("failed", "broken.png", 2, "500 Internal Server Error after 2 attempts")
    assert [entry[2] for entry in site.requests("/site/broken.png")] == [500, 500]
    assert rows["site/slow.png"] == ("failed", "slow.png", 2, "timed out after 2 attempts")
    assert len(site.requests("/site/slow.png")) == 2
    assert rows["site/dropped.png"][0] == "failed" and rows["site/dropped.png"][2] == 2
    assert len(site.requests("/site/dropped.png")) == 2
    # robots.txt once; every request names Strata.
    assert len(site.requests("/robots.txt")) == 1
    assert all(entry[1].get("User-Agent", "").startswith("Strata/") for entry in site.log)

    # Exactly the fetched files, whole, and no temporary file anywhere beside them.
    files = sorted(str(p.relative_to(tmp_path / "data")) for p in (tmp_path / "data").rglob("*") if p.is_file())
    assert files == sorted(fetched.values())
    for path, file in fetched.items():
        assert (tmp_path / "data" / file).read_bytes() == site.files["/" + path]
    assert not [p.name for p in tmp_path.iterdir() if ".ingest-" in p.name]

    # The store recorded source, size, SHA-256, ETag and Last-Modified.
    with sqlite3.connect(store / "strata.db") as db:
        records = {row[0]: row[1:] for row in db.execute(
            "SELECT path, source, size, sha256, etag, last_modified, fetched_ms FROM ingested_files WHERE folder = ?",
            (str(tmp_path / "data"),))}
    assert sorted(records) == sorted(fetched.values())
    for path, file in fetched.items():
        body = site.files["/" + path]
        source, size, sha256, etag, last_modified, fetched_ms = records[file]
        assert source == f"{site.base}/{path}"
        assert (size, sha256) == (len(body), hashlib.sha256(body).hexdigest())
        assert etag == '"' + hashlib.sha256(body).hexdigest()[:16] + '"' and last_modified == LAST_MODIFIED
        assert abs(fetched_ms / 1000 - time.time()) < time.monotonic() - started + 5

    # The folder is tracked: its version is what track gives and what the next load records.
    version = version_of(done.stdout)
    assert "tracked|true" in done.stdout
    assert "lineage|true|4" in done.stdout
    status = subprocess.run([str(STRATA), "status", "data", "--store", str(store)], capture_output=True, text=True,
                            cwd=tmp_path)
    assert status.returncode == 0 and version[:12] in status.stdout, status.stdout + status.stderr

    # The second run asks conditionally; the server answers 304 and nothing new arrives.
    site.clear()
    again = run_script(tmp_path, f"r = ingest({crawl}, into: \"data\", retries: 1, timeout: 1)\n" + PRINT_ROWS, store)
    assert again.returncode == 0, again.stderr
    rows = {source.removeprefix(site.base + "/"): row for source, row in rows_of(again.stdout).items()}
    for path, file in fetched.items():
        assert rows[path][:2] == ("unchanged", file)
        (request,) = site.requests("/" + path)
        assert request[1].get("If-None-Match") == records[file][3] and request[1].get("If-Modified-Since") == LAST_MODIFIED
        assert request[2] == 304
    assert version_of(again.stdout) == version
    assert [p.name for p in tmp_path.iterdir() if ".ingest-" in p.name] == []


def test_local_globs_copy_files_and_know_unchanged_ones_by_hash(tmp_path):
    store = tmp_path / "store"
    (tmp_path / "raw" / "a").mkdir(parents=True)
    (tmp_path / "raw" / "b").mkdir()
    (tmp_path / "raw" / "a" / "1.csv").write_text("x\n1\n")
    (tmp_path / "raw" / "b" / "2.csv").write_text("x\n2\n")
    (tmp_path / "raw" / "b" / "skip.txt").write_text("not a csv")
    (tmp_path / "notes.md").write_text("# notes")
    script = 'r = ingest(["raw/*/*.csv", "notes.md", "missing/*.csv"], into: "lake")\n' + PRINT_ROWS
    done = run_script(tmp_path, script, store)
    assert done.returncode == 0, done.stderr
    rows = rows_of(done.stdout)
    assert rows[str(tmp_path / "raw/a/1.csv")][:2] == ("fetched", "a/1.csv")
    assert rows[str(tmp_path / "raw/b/2.csv")][:2] == ("fetched", "b/2.csv")
    assert rows[str(tmp_path / "notes.md")][:2] == ("fetched", "notes.md")
    assert rows[str(tmp_path / "missing/*.csv")] == ("failed", "nil", 0, "no file matches it")
    assert (tmp_path / "lake" / "b" / "2.csv").read_text() == "x\n2\n"

    (tmp_path / "raw" / "b" / "2.csv").write_text("x\n22\n")
    again = run_script(tmp_path, script, store)
    rows = rows_of(again.stdout)
    assert rows[str(tmp_path / "raw/a/1.csv")][0] == "unchanged"
    assert rows[str(tmp_path / "raw/b/2.csv")][0] == "fetched"
    assert (tmp_path / "lake" / "b" / "2.csv").read_text() == "x\n22\n"
    assert version_of(again.stdout) != version_of(done.stdout)


@pytest.mark.parametrize("source, words", [
    ('ingest("ftp://example.org/a", into: "x")', ["cannot ingest 'ftp://example.org/a'", "only local paths, http(s):// and s3:// URLs", "1:8"]),
    ('ingest([], into: "x")', ["'sources' is an empty list"]),
    ('ingest("a", into: "x", retries: -1)', ["'retries' must be a whole number from 0 to 20, got -1"]),
    ('crawl("example.org")', ["'url' must be an http(s):// URL"]),
    ('crawl("http://example.org", depth: 1.5)', ["'depth' must be a whole number, got 1.5"]),
])
def test_argument_errors_name_the_argument(tmp_path, source, words):
    done = run_script(tmp_path, source + "\n", tmp_path / "store")
    assert done.returncode == 1
    for word in words:
        assert word in done.stderr, done.stderr


S3_ENDPOINT = os.environ.get("STRATA_TEST_S3_ENDPOINT")


@pytest.mark.skipif(not S3_ENDPOINT, reason="no S3 server: run scripts/team-services.sh start")
def test_s3_prefix_copies_every_object_and_skips_unchanged_ones(tmp_path):
    import boto3

    bucket = os.environ["STRATA_TEST_S3_BUCKET"]
    prefix = "ingest-" + uuid.uuid4().hex
    s3 = boto3.client("s3", endpoint_url=S3_ENDPOINT, region_name="us-east-1",
                      aws_access_key_id=os.environ["STRATA_TEST_S3_KEY"],
                      aws_secret_access_key=os.environ["STRATA_TEST_S3_SECRET"])
    objects = {"cat/1.png": png(1), "cat/2.png": png(2), "dog/3.png": png(3)}
    for key, body in objects.items():
        s3.put_object(Bucket=bucket, Key=f"{prefix}/{key}", Body=body)
    environment = {**os.environ, "AWS_ENDPOINT_URL": S3_ENDPOINT, "AWS_ACCESS_KEY_ID": os.environ["STRATA_TEST_S3_KEY"],
                   "AWS_SECRET_ACCESS_KEY": os.environ["STRATA_TEST_S3_SECRET"], "AWS_REGION": "us-east-1"}
    script = f'r = ingest("s3://{bucket}/{prefix}", into: "lake")\n' + PRINT_ROWS
    done = run_script(tmp_path, script, tmp_path / "store", environment)
    assert done.returncode == 0, done.stderr
    rows = rows_of(done.stdout)
    assert len(rows) == 3
    for key, body in objects.items():
        status, file, _, _ = rows[f"s3://{bucket}/{prefix}/{key}"]
        assert (status, file) == ("fetched", key)
        assert (tmp_path / "lake" / key).read_bytes() == body
    with sqlite3.connect(tmp_path / "store" / "strata.db") as db:
        (size, sha256, modified), = db.execute(
            "SELECT size, sha256, last_modified FROM ingested_files WHERE path = 'cat/1.png'")
    assert (size, sha256) == (len(objects["cat/1.png"]), hashlib.sha256(objects["cat/1.png"]).hexdigest())
    assert modified.endswith(" GMT")

    # A URL naming one object copies it under its name.
    single = run_script(tmp_path, f'r = ingest("s3://{bucket}/{prefix}/dog/3.png", into: "one")\n' + PRINT_ROWS,
                        tmp_path / "store", environment)
    assert single.returncode == 0, single.stderr
    assert (tmp_path / "one" / "3.png").read_bytes() == objects["dog/3.png"]

    # S3's listing gives a size and a time to the second (no ETag through the team client):
    # a changed object shows as a new size here.
    changed = png(20, size=(40, 30)) + b"trailing bytes that make it longer"
    s3.put_object(Bucket=bucket, Key=f"{prefix}/cat/2.png", Body=changed)
    again = run_script(tmp_path, script, tmp_path / "store", environment)
    assert again.returncode == 0, again.stderr
    rows = rows_of(again.stdout)
    assert rows[f"s3://{bucket}/{prefix}/cat/1.png"][0] == "unchanged"
    assert rows[f"s3://{bucket}/{prefix}/cat/2.png"][0] == "fetched", again.stdout
    assert (tmp_path / "lake" / "cat" / "2.png").read_bytes() == changed
