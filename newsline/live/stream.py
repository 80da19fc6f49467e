"""`/live/<edition>/`: server-sent events for open reader pages, answered in the ASGI front.

Each stream is a coroutine waiting on its queue, not a thread, so thousands stay open
in one process. Django's request machinery is not involved: the front routes here
before handing anything to the WSGI app.
"""

import asyncio
from collections import Counter
from urllib.parse import parse_qs

from django.conf import settings
from django.db import close_old_connections

from newsline.live.models import Event
from newsline.live.tail import RELOAD, encode, get_tail
from newsline.server.addresses import client_address

_open_per_address: Counter = Counter()


async def stream(scope, receive, send) -> None:
    edition = scope["path"].removeprefix("/live/").strip("/")
    if scope["method"] not in ("GET", "HEAD"):
        return await _refuse(send, 405, "Use GET.", [(b"allow", b"GET, HEAD")])
    if edition not in settings.NEWSLINE_LANGUAGES:
        return await _refuse(send, 404, "There is no such edition.")
    try:
        resume_after = _last_event_id(scope)
    except ValueError:
        return await _refuse(send, 400, "Last-Event-ID must be an event id (digits).")
    address = client_address(scope)
    if _open_per_address[address] >= settings.NEWSLINE_LIVE_MAX_PER_ADDRESS:
        return await _refuse(send, 429, "Too many open streams.", [(b"retry-after", b"30")])
    tail = await get_tail()
    if not tail.healthy:
        return await _refuse(send, 503, "Live updates are paused.", [(b"retry-after", b"30")])

    # Subscribe before reading the backlog: events after `mark` arrive through the queue,
    # events up to it come from the table, so none is missed or sent twice.
    subscriber, mark = tail.subscribe(edition), tail.position
    _open_per_address[address] += 1
    watcher = asyncio.create_task(_watch_disconnect(receive, subscriber))
    try:
        await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
        if scope["method"] == "HEAD":
            return await send({"type": "http.response.body", "body": b""})
        await _body(send, b"retry: 3000\n\n")
        if resume_after is not None:
            missed = await asyncio.to_thread(_backlog, edition, resume_after, mark)
            for chunk in [RELOAD] if missed is None else missed:
                await _body(send, chunk)
        heartbeat = settings.NEWSLINE_LIVE_HEARTBEAT_SECONDS
        while True:
            try:
                chunk = await asyncio.wait_for(subscriber.queue.get(), heartbeat)
            except TimeoutError:
                chunk = b": ping\n\n"  # keeps proxies from closing an idle connection
            if chunk is None:
                break
            await _body(send, chunk)
        await send({"type": "http.response.body", "body": b""})
    except OSError:
        pass  # the client went away mid-write
    finally:
        watcher.cancel()
        tail.unsubscribe(subscriber)
        _open_per_address[address] -= 1
        if not _open_per_address[address]:
            del _open_per_address[address]


_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-store"),
    (b"x-accel-buffering", b"no"),  # nginx: pass events through as they come
]


def _last_event_id(scope) -> int | None:
    """The last event the page has: the browser's Last-Event-ID header on a reconnect, else
    `?last_event_id=` (a page's first connection, or a new one after the script's retries:
    an EventSource can only send the header on its own reconnects)."""
    text = next((v.decode("latin-1") for n, v in scope["headers"] if n == b"last-event-id"), None)
    if text is None:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        text = query.get("last_event_id", [None])[-1]
    if text is None:
        return None
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise ValueError(text)
    return int(text)


def _backlog(edition: str, after: int, mark: int) -> list[bytes] | None:
    """The edition's events in (after, mark], or None when they cannot all be sent.

    None means: the id is from the future (forged), events after it may have been pruned
    (the table keeps ids within NEWSLINE_LIVE_KEEP of the newest; the margin covers a
    tail a little behind), or more were missed than the backlog holds: the page should
    reload instead.
    """
    keep, limit = settings.NEWSLINE_LIVE_KEEP, settings.NEWSLINE_LIVE_BACKLOG
    if after > mark or after < mark - keep + limit:
        return None
    close_old_connections()
    events = list(
        Event.objects.filter(edition=edition, pk__gt=after, pk__lte=mark).order_by("pk")[
            : limit + 1
        ]
    )
    return None if len(events) > limit else [encode(event) for event in events]


async def _watch_disconnect(receive, subscriber) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
    subscriber.offer(None)


async def _body(send, chunk: bytes) -> None:
    await send({"type": "http.response.body", "body": chunk, "more_body": True})


async def _refuse(send, status: int, message: str, headers=()) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *headers],
        }
    )
    await send({"type": "http.response.body", "body": message.encode()})
