"""One tail of the event table per server process, fanning events out to open streams.

The tail reads rows past the last id it has seen, in id order, and hands each event's
bytes to every subscriber of its edition. It polls while anyone is listening and is
woken early by `newsline.live.wake` (in-process, or Redis pub/sub in production), so a
lost wake-up delays an event by one polling interval and never loses it. Reading runs
in a thread: the ORM is synchronous, and a read is one indexed range scan.
"""

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections

from newsline.live import wake
from newsline.live.models import Event

log = logging.getLogger(__name__)

BATCH = 500
# What a tail that cannot read the event table sends before closing its streams.
RELOAD = b"event: reload\ndata: {}\n\n"


def encode(event: Event) -> bytes:
    """The event as server-sent-event bytes, built once and shared by every stream."""
    data = json.dumps(event.data, ensure_ascii=False, separators=(",", ":"))
    return f"id: {event.pk}\nevent: {event.kind}\ndata: {data}\n\n".encode()


def read_after(last_id: int, limit: int = BATCH) -> list:
    """Events after `last_id` in id order: (id, edition, bytes)."""
    close_old_connections()  # honour CONN_MAX_AGE and reconnect after a database restart
    rows = Event.objects.filter(pk__gt=last_id).order_by("pk")
    return [(event.pk, event.edition, encode(event)) for event in rows[:limit]]


def latest_id() -> int:
    close_old_connections()
    last = Event.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


@dataclass(eq=False)
class Subscriber:
    """One open stream: a bounded queue of event bytes, None meaning "close now"."""

    edition: str
    queue: asyncio.Queue = field(
        default_factory=lambda: asyncio.Queue(settings.NEWSLINE_LIVE_QUEUE)
    )
    dropped: bool = False

    def offer(self, chunk: bytes | None) -> None:
        try:
            self.queue.put_nowait(chunk)
        except asyncio.QueueFull:
            # A client that does not read is dropped, never waited for: others go on.
            self.dropped = True
            self.queue = asyncio.Queue(1)
            self.queue.put_nowait(None)


class Tail:
    def __init__(self) -> None:
        self.position = 0  # the id of the last event handed out
        self.healthy = True
        self._subscribers: dict[str, set[Subscriber]] = defaultdict(set)
        self._wake = asyncio.Event()
        self._redis_ready = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._loop = asyncio.get_running_loop()

    async def start(self) -> None:
        self.position = await asyncio.to_thread(latest_id)
        self._stop_listening = wake.listen(self.wake_threadsafe)
        self._tasks.append(asyncio.create_task(self._run()))
        if settings.REDIS_URL:
            self._tasks.append(asyncio.create_task(self._listen_redis()))
            # Streams open once wake-ups are heard (or Redis has failed: polling then).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._redis_ready.wait(), 5)

    async def stop(self) -> None:
        self._stop_listening()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for subscribers in self._subscribers.values():
            for subscriber in subscribers:
                subscriber.offer(None)

    def wake_threadsafe(self) -> None:
        self._loop.call_soon_threadsafe(self._wake.set)

    def subscribe(self, edition: str) -> Subscriber:
        subscriber = Subscriber(edition)
        self._subscribers[edition].add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers[subscriber.edition].discard(subscriber)

    async def _run(self) -> None:
        poll = settings.NEWSLINE_LIVE_POLL_SECONDS
        failures = 0
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), poll)
            self._wake.clear()
            # Read even with nobody listening: the position must stay current, or the
            # first stream to open would be sent everything since the tail went idle.
            try:
                rows = await asyncio.to_thread(read_after, self.position)
            except Exception:  # noqa: BLE001 - the database is away: tell the pages, retry later
                log.warning("live: cannot read the event table", exc_info=True)
                failures += 1
                self._give_up_streams()
                await asyncio.sleep(min(poll * 2**failures, 30))
                continue
            failures, self.healthy = 0, True
            for pk, edition, chunk in rows:
                self.position = pk
                for subscriber in list(self._subscribers.get(edition, ())):
                    subscriber.offer(chunk)
                    if subscriber.dropped:
                        self.unsubscribe(subscriber)
            if len(rows) == BATCH:
                self._wake.set()  # more to read

    def _give_up_streams(self) -> None:
        """Streams cannot be kept current: tell them to reload, close them."""
        self.healthy = False
        for subscribers in self._subscribers.values():
            for subscriber in list(subscribers):
                subscriber.offer(RELOAD)
                subscriber.offer(None)
            subscribers.clear()

    async def _listen_redis(self) -> None:
        """Set the wake flag on every Redis notification; reconnect with backoff."""
        import redis.asyncio as redis

        delay = 1.0
        while True:
            try:
                client = redis.Redis.from_url(settings.REDIS_URL)
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(wake.CHANNEL)
                    self._redis_ready.set()
                    delay = 1.0
                    async for message in pubsub.listen():
                        if message["type"] == "message":
                            self._wake.set()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - without Redis the tail still polls
                log.warning("live: Redis wake-ups lost; polling only", exc_info=True)
                self._redis_ready.set()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30)


_tail: Tail | None = None


async def get_tail() -> Tail:
    """This process's tail, started on first use in the running event loop."""
    global _tail
    loop = asyncio.get_running_loop()
    if _tail is None or _tail._loop is not loop:
        # Assigned before starting: streams opening meanwhile wait for this one tail.
        _tail = Tail()
        _tail.started = asyncio.ensure_future(_tail.start())
    tail = _tail
    await asyncio.shield(tail.started)
    return tail


async def stop_tail() -> None:
    global _tail
    if _tail is not None:
        await _tail.stop()
        _tail = None
