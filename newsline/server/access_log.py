"""One access log line per request, written by the ASGI front (newsline/asgi.py).

The front answers page-cache hits, live streams and health checks without Django, so
Django's own request logging would see a fraction of the traffic; logged here, every
request gets exactly one line, a live stream's when it ends (its duration is the
stream's). Fields: method, path, query, status, bytes, duration_ms, via (cache, django,
stream or health) and client; JSON or text as NEWSLINE_LOG_FORMAT says, on stdout.

The line is not written through `logging`: a `logging` call with a JSON formatter and a
flush per line cost about 22 µs of CPU per request here, as much as the whole page-cache
hit; building the line directly and writing lines in batches costs about 4–5 µs.
"""

import asyncio
import atexit
import os
import re
import time
from json.encoder import encode_basestring as quoted

from django.conf import settings

from newsline.server.addresses import client_address
from newsline.server.log_format import utc_timestamp

# Who answered, set on the scope by the front's router (`answered_by`); a request no part
# marked was answered by the page cache.
VIA = "newsline.via"
LOGGER = "newsline.access"

# Capabilities carried in the address: a preview link opens an unpublished story, a
# password reset link sets a password. Logs are read by more people than the newsroom.
_SECRET_PATH = re.compile(r"(/preview/|/reset/[^/]+/)[^/]+")
_SECRET_PARAM = re.compile(
    r"((?:^|&)[^=&]*(?:token|key|password|secret|signature|code)[^=&]*=)[^&]*", re.IGNORECASE
)
REDACTED = "REDACTED"
_LONGEST = 2000  # characters of path or query kept: one line stays one write


class LineWriter:
    """Write lines to a file descriptor in batches, each batch within `delay` seconds.

    A batch never exceeds PIPE_BUF bytes and ends at a line's end, so when several server
    processes share one stdout pipe, a write is atomic and their lines never interleave.
    Lines not yet written when a process is killed are lost (at most `delay` seconds).
    """

    CHUNK = 4096  # PIPE_BUF on Linux

    def __init__(self, fd: int = 1, delay: float = 0.5):
        self.fd, self.delay = fd, delay
        self.pending: list[bytes] = []
        self.size = 0
        self.timer = None

    def write(self, line: bytes) -> None:
        if self.size + len(line) > self.CHUNK:
            self.flush()
        self.pending.append(line)
        self.size += len(line)
        if self.timer is None:
            try:
                self.timer = asyncio.get_running_loop().call_later(self.delay, self.flush)
            except RuntimeError:  # no event loop: nothing would flush later
                self.flush()

    def flush(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if not self.pending:
            return
        data = b"".join(self.pending)
        self.pending.clear()
        self.size = 0
        try:
            while data:
                data = data[os.write(self.fd, data) :]
        except OSError:
            pass  # a closed stdout costs log lines, never a request


writer = LineWriter()
atexit.register(lambda: writer.flush())


def answered_by(via: str, app):
    """Wrap an ASGI app so the access log names it as the request's answerer."""

    async def marked(scope, receive, send):
        scope[VIA] = via
        return await app(scope, receive, send)

    return marked


def safe_path(path: str) -> str:
    if "/preview/" in path or "/reset/" in path:
        path = _SECRET_PATH.sub(rf"\1{REDACTED}", path)
    return path[:_LONGEST]


def safe_query(query: bytes) -> str:
    text = query.decode("latin-1")[:_LONGEST]
    return _SECRET_PARAM.sub(rf"\1{REDACTED}", text) if "=" in text else text


def json_line(method, path, query, status, size, duration, via, client) -> bytes:
    # Strings through json's C escaper; numbers and `via` (ours) as they are.
    return (
        f'{{"time":"{utc_timestamp(time.time())}","level":"INFO","logger":"{LOGGER}",'
        f'"method":{quoted(method)},"path":{quoted(path)},"query":{quoted(query)},'
        f'"status":{status},"bytes":{size},"duration_ms":{duration:.2f},"via":"{via}",'
        f'"client":{quoted(client)}}}\n'
    ).encode("utf-8", "backslashreplace")


def text_line(method, path, query, status, size, duration, via, client) -> bytes:
    # The target quoted and escaped: a %0A in a path cannot start a forged line.
    target = quoted(f"{path}?{query}" if query else path)
    return (
        f"{utc_timestamp(time.time())} INFO {LOGGER} {client} {method} {target} "
        f"{status} {size} {duration:.2f}ms {via}\n"
    ).encode("utf-8", "backslashreplace")


def access_log(app):
    """Wrap the front so each HTTP request logs one line when its response ends.

    Headers are never logged (Authorization, cookies); the path and query are, with
    the capabilities above masked.
    """
    line = json_line if settings.NEWSLINE_LOG_FORMAT == "json" else text_line

    async def logged(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        started = time.perf_counter()
        # status, bytes; 500 stands if the app fails before it answers (the server says 500).
        response = [500, 0]

        async def counted(message):
            if message["type"] == "http.response.body":
                response[1] += len(message.get("body", b""))
            elif message["type"] == "http.response.start":
                response[0] = message["status"]
            await send(message)

        try:
            await app(scope, receive, counted)
        finally:
            query = scope["query_string"]
            writer.write(
                line(
                    scope["method"],
                    safe_path(scope["path"]),
                    safe_query(query) if query else "",
                    response[0],
                    response[1],
                    (time.perf_counter() - started) * 1000,
                    scope.get(VIA, "cache"),
                    client_address(scope),
                )
            )

    return logged
