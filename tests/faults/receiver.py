"""A local HTTP receiver for the worker's outgoing requests: purges and webhooks.

It records every request; the first PURGE carrying the tag `hold` is held open until
released, so a test can kill the worker while it waits inside that task.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self):
        self.requests: list[tuple[str, str, dict]] = []
        self.release = threading.Event()
        self.hold: str | None = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                held = receiver.hold is not None and not receiver.purges(receiver.hold)
                held = held and receiver.hold in self.headers.get("Surrogate-Key", "").split()
                receiver.requests.append((self.command, self.path, dict(self.headers)))
                if held:
                    receiver.release.wait(30)
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the worker that asked is gone

            do_POST = do_PURGE = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def received(self, method: str) -> list[dict]:
        return [headers for m, _path, headers in self.requests if m == method]

    def purges(self, tag: str) -> list[dict]:
        """The PURGE requests that carried `tag`."""
        return [h for h in self.received("PURGE") if tag in h.get("Surrogate-Key", "").split()]
