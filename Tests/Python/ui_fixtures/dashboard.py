"""`strata ui` as a process, and the README's screenshots of it: shared by test_ui_browser.py and
screenshots.py (which runs from this folder, so this is a plain module, not a package)."""
import os
import signal
import subprocess
import threading
import urllib.error
import urllib.request

# The pages the README shows, each saved as ui-<name>.png.
SCREENSHOT_PAGES = ("runs", "run", "compare", "sweeps", "sweep", "data", "serving")
VIEWPORT = {"width": 1280, "height": 800}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hands a 303 back to the caller, whose test is about the redirect itself."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Dashboard:
    """`strata ui --store STORE --port 0 ARGS...`, started with `environment`; `url` is where it said it listens."""

    def __init__(self, strata, store, *args, environment=None, seconds=60):
        self.process = subprocess.Popen([str(strata), "ui", "--store", str(store), "--port", "0", *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env=environment or dict(os.environ))
        self.url = None
        found = threading.Event()

        def read_until_listening():
            for line in self.process.stdout:
                if line.startswith("listening on http://"):
                    self.url = line.split(" ", 2)[2].strip().rstrip("/")
                    found.set()
                    break
            # Keep draining, so a chatty server never blocks on a full pipe.
            for _ in self.process.stdout:
                pass

        threading.Thread(target=read_until_listening, daemon=True).start()
        if not found.wait(timeout=seconds):
            self.close()
            raise AssertionError("strata ui never said where it listens: " + self.process.stderr.read())

    def request(self, path, body=None, headers=None, method=None, timeout=30):
        """(status, body text, headers); redirects are not followed."""
        data = body.encode() if isinstance(body, str) else body
        request = urllib.request.Request(self.url + path, data=data, headers=headers or {}, method=method)
        try:
            with OPENER.open(request, timeout=timeout) as reply:
                return reply.status, reply.read().decode(), reply.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers

    def stop(self):
        """SIGTERM; the exit status."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        finally:
            self.close()

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process.stderr.close()


def take_screenshots(browser, base, paths, folder):
    """Saves folder/ui-NAME.png of base + paths[NAME] for each name, at 1280x800 (the viewport, as a reader's
    window shows it). A fresh context each, so one page's scroll or state never leaks into the next.
    Returns the files written."""
    os.makedirs(folder, exist_ok=True)
    written = []
    for name, path in paths.items():
        context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        try:
            page = context.new_page()
            response = page.goto(base + path, wait_until="load")
            if response.status != 200:
                raise AssertionError(f"{path} answered {response.status}, not a page to show in the README")
            # Live pages keep an event stream open, so the network never goes idle; fonts are what is left.
            page.evaluate("document.fonts.ready.then(() => true)")
            file = os.path.join(folder, f"ui-{name}.png")
            page.screenshot(path=file)
            written.append(file)
        finally:
            context.close()
    return written
