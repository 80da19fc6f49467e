import asyncio
from dataclasses import dataclass, field

import pytest

from newsline.content.outbox import run_effects
from newsline.pagecache.front import PageCacheFront
from newsline.pagecache.store import get_store


@pytest.fixture(autouse=True)
def page_store(settings, tmp_path):
    """An empty page store of the configured kind (SQLite here, Redis when REDIS_URL is set)."""
    settings.NEWSLINE_PAGE_CACHE_PATH = tmp_path / "pagecache.sqlite3"
    settings.NEWSLINE_PAGE_CACHE_SECONDS = 600
    settings.NEWSLINE_PAGE_CACHE_STALE_SECONDS = 30
    settings.NEWSLINE_PURGE_URLS = []
    store = get_store()
    store.clear()
    yield store
    store.clear()


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    served_by_front: bool
    raw_headers: list = field(default_factory=list)


async def _django_stand_in(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"rendered by the app"})


def front_get(path: str, *, method="GET", host="testserver", headers=None) -> Answer:
    """Send one request through PageCacheFront, a stand-in app behind it, and collect it."""
    path, _, query = path.partition("?")
    raw = [(b"host", host.encode())] + [
        (name.lower().encode(), value.encode()) for name, value in (headers or {}).items()
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": raw,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(PageCacheFront(_django_stand_in)(scope, receive, send))
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    decoded = {n.decode(): v.decode() for n, v in start["headers"]}
    return Answer(start["status"], decoded, body, body != b"rendered by the app", start["headers"])


def run_change(article, event: str, subject: str = "") -> None:
    """Run the outbox's effects for one change, as the worker would."""
    article.refresh_from_db()
    key = f"{event}:{article.pk}:{subject or article.version}:test"
    assert run_effects.call(article_id=article.pk, event=event, key=key, subject=subject)


def cached(path: str) -> bool:
    """Whether the front would answer `path` from the store."""
    return front_get(path).served_by_front
