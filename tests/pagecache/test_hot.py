"""Each server process's copy of hot pages (Redis store): served from memory, never stale.

The scenarios run one front in one event loop, as a server worker does; waits poll a
condition with a deadline, since purge messages arrive asynchronously by design.
"""

import asyncio
import socket
import subprocess
import time
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import redis
import time_machine
from django.conf import settings

from newsline.pagecache import entry, keys
from newsline.pagecache.front import PageCacheFront
from newsline.pagecache.hot import HotPages
from newsline.pagecache.store_redis import RedisStore
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="the hot copy sits before Redis")


async def _app(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"rendered by the app"})


async def _get(front, path: str) -> bytes:
    scope = {
        "type": "http", "method": "GET", "scheme": "http", "path": path, "root_path": "",
        "query_string": b"", "headers": [(b"host", b"testserver")],
    }  # fmt: skip
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await front(scope, receive, send)
    return b"".join(m.get("body", b"") for m in sent[1:])


def _held(front, url: str) -> bool:
    """Whether this process's copy holds the page (it holds kept fragments too)."""
    return front.hot.get(keys.page_key("http", "testserver", url, "")) is not None


async def _until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.01)


@pytest.fixture
def stored_page(client, page_store):
    story = ArticleFactory(headline="Harbour reopens")
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200
    return story, url


@needs_redis
def test_a_page_is_served_from_memory_until_a_purge_from_anywhere_drops_it(stored_page, page_store):
    story, url = stored_page

    async def scenario():
        front = PageCacheFront(_app)
        await _get(front, url)  # the first request subscribes the process to purges
        await _until(lambda: front.hot.listening)
        assert b"Harbour reopens" in await _get(front, url)  # from Redis, now kept here
        page_store.client.delete(page_store._page(keys.page_key("http", "testserver", url, "")))
        assert b"Harbour reopens" in await _get(front, url)  # Redis lost it: memory answers

        # Another process (the worker) purges the story's tag: only Redis tells this one.
        other_process = RedisStore(settings.REDIS_URL, prefix=settings.NEWSLINE_PAGE_CACHE_PREFIX)
        other_process.purge([f"article:{story.pk}"])
        await _until(lambda: not _held(front, url))
        assert await _get(front, url) == b"rendered by the app"

    asyncio.run(scenario())


@needs_redis
def test_a_purge_in_this_process_drops_its_copy_before_it_returns(stored_page, page_store):
    story, url = stored_page

    async def scenario():
        front = PageCacheFront(_app)
        await _get(front, url)
        await _until(lambda: front.hot.listening)
        await _get(front, url)
        assert _held(front, url)
        page_store.purge([f"article:{story.pk}"])
        assert not _held(front, url)  # no wait: the next request here must not see the old page

    asyncio.run(scenario())


@pytest.fixture
def own_redis(settings):
    """Pages kept in a Redis server of this test's own, so stopping it disturbs nothing else."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    server = RedisServer(command, f"redis://127.0.0.1:{port}/0")
    server.start()
    shared, settings.REDIS_URL = settings.REDIS_URL, server.url  # the cache stays shared
    yield server
    settings.REDIS_URL = shared  # teardown clears the shared store, not this one
    server.stop()


class RedisServer:
    def __init__(self, command, url):
        self.command, self.url, self.process = command, url, None

    def start(self):
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                assert self.process.poll() is None, "redis-server exited"
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.02)  # polling a condition, with a deadline

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


@needs_redis
def test_while_redis_is_away_the_process_keeps_no_copy(client, own_redis):
    """Purges sent while unsubscribed would be missed: the copy is emptied, then refilled."""
    url = ArticleFactory(headline="Harbour reopens").get_absolute_url()
    assert client.get(url).status_code == 200

    async def scenario():
        front = PageCacheFront(_app)
        await _get(front, url)
        await _until(lambda: front.hot.listening)
        await _get(front, url)
        assert _held(front, url)
        await asyncio.to_thread(own_redis.stop)
        await _until(lambda: not front.hot.listening)
        assert len(front.hot) == 0
        assert await _get(front, url) == b"rendered by the app"  # no Redis, no copy: a miss
        await asyncio.to_thread(own_redis.start)  # a restarted Redis has lost its pages
        await _until(lambda: front.hot.listening, seconds=40)  # subscribed again on its own
        assert await _get(front, url) == b"rendered by the app"

    asyncio.run(scenario())


@needs_redis
def test_clearing_the_store_clears_every_copy(stored_page, page_store):
    _, url = stored_page

    async def scenario():
        front = PageCacheFront(_app)
        await _get(front, url)
        await _until(lambda: front.hot.listening)
        await _get(front, url)
        RedisStore(settings.REDIS_URL, prefix=settings.NEWSLINE_PAGE_CACHE_PREFIX).clear()
        await _until(lambda: len(front.hot) == 0)
        assert await _get(front, url) == b"rendered by the app"

    asyncio.run(scenario())


def _page(body: bytes, expires: float = 1e12) -> entry.Entry:
    return entry.Entry(200, [(b"content-type", b"text/html")], body, expires, 0.0)


def _keep(hot: HotPages, key: str, page: entry.Entry, mark: int) -> None:
    hot.keep(key, page, mark, len(page.body))


def _listening(max_bytes: int = 10_000) -> HotPages:
    hot = HotPages(url="redis://unused", channel="c", page_prefix="p:", max_bytes=max_bytes)
    hot.listening = True
    return hot


def test_a_read_that_spans_a_purge_message_is_served_but_not_kept():
    hot = _listening()
    mark = hot.mark()
    hot.forget(b"p:other")  # arrives while the page is on its way from Redis
    _keep(hot, "page", _page(b"old"), mark)
    assert hot.get("page") is None
    _keep(hot, "page", _page(b"new"), hot.mark())
    assert hot.get("page").body == b"new"


def test_purge_messages_drop_exactly_their_pages():
    hot = _listening()
    for key in ("a", "b", "c"):
        _keep(hot, key, _page(key.encode()), hot.mark())
    hot.forget(b"p:a p:c")
    assert [hot.get(key) is not None for key in "abc"] == [False, True, False]


def test_the_copy_keeps_the_most_recently_asked_pages_within_its_size():
    hot = _listening(max_bytes=8_000)
    for key in "abcdefghij":
        _keep(hot, key, _page(b"x" * 900), hot.mark())
        hot.get("a")  # "a" is asked for all the time
    assert hot.get("a") is not None and hot.get("j") is not None
    assert hot.get("b") is None  # the least recently asked went first
    assert hot._bytes <= 8_000
    _keep(hot, "huge", _page(b"x" * 2_000), hot.mark())  # over an eighth of the copy
    assert hot.get("huge") is None


def test_an_expired_page_is_not_served_from_memory():
    hot = _listening()
    _keep(hot, "page", _page(b"old", expires=time.time() - 1), hot.mark())
    assert hot.get("page") is None and len(hot) == 0


@needs_redis
def test_caches_in_front_are_purged_again_once_every_process_has_dropped_its_copy(settings):
    """A CDN refetching between the purge and a process hearing it would keep the old page."""
    from django_tasks_db.models import DBTaskResult

    from newsline.pagecache.purge import REMOTE_AGAIN_AFTER, purge, purge_remote_again

    settings.NEWSLINE_PURGE_URLS = ["http://127.0.0.1:9/"]
    sent = []
    remote = mock.patch("newsline.pagecache.purge.purge_remote", lambda *a: sent.append(a))
    with time_machine.travel(NOW, tick=False), remote:
        purge(["article:7"])
        assert sent == [("http://127.0.0.1:9/", ["article:7"])]
        again = DBTaskResult.objects.get(task_path__endswith="purge_remote_again")
        assert again.run_after == NOW + timedelta(seconds=REMOTE_AGAIN_AFTER)
        purge_remote_again.call(tags=["article:7"])
        assert sent[1:] == [("http://127.0.0.1:9/", ["article:7"])]
    settings.NEWSLINE_PAGE_CACHE_HOT_BYTES = 0  # no hot copies: once is enough
    DBTaskResult.objects.all().delete()
    with mock.patch("newsline.pagecache.purge.purge_remote", lambda *a: None):
        purge(["article:7"])
    assert not DBTaskResult.objects.exists()


@needs_redis
def test_a_kept_fragment_is_read_from_memory_until_a_purge_from_anywhere_drops_it(page_store):
    from newsline.pagecache import kept

    hot = page_store.hot_pages(settings.NEWSLINE_PAGE_CACHE_HOT_BYTES)
    hot.start()
    asyncio.run(_until(lambda: hot.listening))
    piece = kept.Piece("<ol>the line</ol>", ["newsline:en"], {}, time.time() + 60)
    kept.keep("newsline:en", piece, kept.generation())
    assert kept.read("newsline:en").html == "<ol>the line</ol>"  # from Redis, now held here
    page_store.client.delete(page_store._page("fragment:newsline:en"))
    assert kept.read("newsline:en").html == "<ol>the line</ol>"  # Redis lost it: memory answers

    other_process = RedisStore(settings.REDIS_URL, prefix=settings.NEWSLINE_PAGE_CACHE_PREFIX)
    other_process.purge(["newsline:en"])
    asyncio.run(_until(lambda: kept.read("newsline:en") is None))
