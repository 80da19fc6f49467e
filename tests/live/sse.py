"""A minimal server-sent-events client for tests, on a plain socket.

A socket can be shut down from another thread at once; an HTTP library's streaming
response would wait for the next chunk (up to a heartbeat) before letting go.
"""

import contextlib
import json
import queue
import socket
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class ServerEvent:
    id: str | None
    kind: str
    data: dict | None
    comment: bool = False


class EventStream:
    """Reads the stream at `url` on a thread; `next()` returns the next event."""

    def __init__(self, url: str, headers: dict | None = None):
        parts = urlsplit(url)
        self._sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        lines = [f"GET {target} HTTP/1.1", f"Host: {parts.netloc}", "Accept: text/event-stream"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self._sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self._file = self._sock.makefile("rb")
        status_line = self._file.readline().decode()
        self.status = int(status_line.split()[1])
        self.headers = {}
        while line := self._file.readline().decode().strip():
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        self._events: queue.Queue = queue.Queue()
        self._sock.settimeout(None)
        if self.status == 200:
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        fields: dict = {}
        chunked = self.headers.get("transfer-encoding") == "chunked"
        try:
            for line in self._lines(chunked):
                if line.startswith(":"):
                    self._events.put(ServerEvent(None, "comment", None, comment=True))
                elif line == "":
                    if "event" in fields or "data" in fields:
                        data = json.loads(fields["data"]) if "data" in fields else None
                        event = ServerEvent(fields.get("id"), fields.get("event", "message"), data)
                        self._events.put(event)
                    fields = {}
                else:
                    name, _, value = line.partition(":")
                    fields[name] = value.removeprefix(" ")
        except (OSError, ValueError):
            pass
        self._events.put(None)  # the stream ended

    def _lines(self, chunked: bool):
        buffer = b""
        while True:
            if chunked:
                size = int(self._file.readline().strip() or b"0", 16)
                if size == 0:
                    return
                chunk = self._file.read(size + 2)[:-2]
            else:
                chunk = self._file.read1(65536)
                if not chunk:
                    return
            buffer += chunk
            *complete, buffer = buffer.split(b"\n")
            for line in complete:
                yield line.decode().rstrip("\r")

    def next(self, timeout: float = 5, *, comments: bool = False) -> ServerEvent | None:
        while True:
            event = self._events.get(timeout=timeout)
            if event is None or comments or not event.comment:
                return event

    def close(self):
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
