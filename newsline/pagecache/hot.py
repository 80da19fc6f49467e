"""A per-process copy of the pages readers ask for most, in front of the Redis store,
and of the pieces renders are built from (kept.py).

A hit from Redis costs a network round trip, and measured at a third of the hit rate the
machine-local SQLite store gives; a hit from this process's memory costs a dict lookup.
A per-process copy alone could not be purged from another process (DESIGN: "Cache"),
so it is kept correct by Redis itself: every purge publishes the keys of the pages it
deleted, in the same Lua script as the purge (`store_redis.PURGE`), and every copy drops
them (the purging process drops them at once, before the purge returns). While this
process is not subscribed (starting, or Redis gone) its copy is empty and unused, so a
missed message can never leave a stale page behind; and a page read from Redis while a
purge message arrived is served but not kept, since that read may predate the purge.

The subscription runs in a daemon thread with redis-py's blocking client: its asyncio
pub/sub reader (redis 8.1) was seen to swallow a task's cancellation, which would keep a
server worker from shutting down.
"""

import contextlib
import logging
import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING

import redis

from newsline.pagecache.entry import Entry

if TYPE_CHECKING:
    from newsline.pagecache.kept import Piece

log = logging.getLogger(__name__)

# What a purge publishes to say "drop everything" (the store's clear()).
EVERYTHING = b"*"
# No single page may take more than this share of the copy.
LARGEST_SHARE = 8


class HotPages:
    def __init__(self, *, url: str, channel: str, page_prefix: str, max_bytes: int):
        self.url = url
        self.channel = channel
        self.page_prefix = page_prefix.encode()
        self.max_bytes = max_bytes
        self.listening = False
        self._pages: OrderedDict[str, tuple[Entry, int]] = OrderedDict()
        self._bytes = 0
        self._purges = 0  # purge messages heard: a read spanning one is not kept
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Subscribe to purges (once per process; the thread reconnects by itself)."""
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._listen, name="newsline-hot-pages", daemon=True
                    )
                    self._thread.start()

    def get(self, key: str) -> Entry | None:
        if not self.listening:
            return None
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            if found[0].expires <= time.time():
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return found[0]

    def mark(self) -> int:
        """Take before reading from Redis; pass to keep()."""
        return self._purges

    def keep(self, key: str, page: "Entry | Piece", mark: int, size: int) -> None:
        """Keep `page` (a page entry, or a piece kept.py keeps) of `size` bytes as stored,
        unless a purge message arrived since `mark` was taken."""
        if size > self.max_bytes // LARGEST_SHARE:
            return
        with self._lock:
            if not self.listening or mark != self._purges:
                return
            self._drop(key)
            self._pages[key] = (page, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._pages.popitem(last=False)
                self._bytes -= dropped

    def forget(self, data: bytes) -> None:
        """Drop the pages a purge announced (`EVERYTHING`, or their Redis keys)."""
        with self._lock:
            self._purges += 1
            if data == EVERYTHING:
                self._forget_all()
                return
            for page in data.split():
                self._drop(page.removeprefix(self.page_prefix).decode("latin-1"))

    def __len__(self) -> int:
        return len(self._pages)

    def _drop(self, key: str) -> None:
        found = self._pages.pop(key, None)
        if found is not None:
            self._bytes -= found[1]

    def _forget_all(self) -> None:
        self._pages.clear()
        self._bytes = 0

    def _set_listening(self, listening: bool) -> None:
        with self._lock:
            # Either way the copy starts empty: messages sent before now were not heard.
            self._purges += 1
            self._forget_all()
            self.listening = listening

    def _listen(self) -> None:
        delay = 0.5
        while True:
            pubsub = None
            try:
                client = redis.Redis.from_url(self.url, socket_keepalive=True)
                pubsub = client.pubsub()
                pubsub.subscribe(self.channel)
                for message in pubsub.listen():
                    if message["type"] == "subscribe":
                        self._set_listening(True)
                        delay = 0.5
                    elif message["type"] == "message":
                        self.forget(message["data"])
            except Exception:  # noqa: BLE001 - Redis gone: serve from Redis or Django meanwhile
                log.warning("page cache: purge subscription lost; local copy off", exc_info=True)
            finally:
                self._set_listening(False)
                if pubsub is not None:
                    with contextlib.suppress(Exception):  # closing a dead connection may fail
                        pubsub.close()
            time.sleep(delay)
            delay = min(delay * 2, 30)
