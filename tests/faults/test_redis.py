"""Redis stopped under a running site, then started again: readers and the newsroom carry on."""

import pytest
import redis
import requests

from tests.faults.services import csrf_token, wait_until
from tests.live.sse import EventStream

READER_PAGES = ["/en/", "/en/archive/", "/en/feed/rss/"]


@pytest.fixture(scope="module")
def site(app, server, redis_server):
    """The server and a task worker; Redis is running again after the module."""
    app.worker()
    yield server
    if not redis_server.answers():
        redis_server.start()


def _pages(server: str, app) -> dict[str, requests.Response]:
    paths = [*READER_PAGES, app.info["article"]]
    return {path: requests.get(server + path, timeout=10) for path in paths}


def _story(event, pk: int):
    """`event` if it is about story `pk`, else None (so wait_until reads the next one)."""
    assert event is not None, "the stream ended"
    return event if event.data and event.data.get("id") == pk else None


def _cached_pages(redis_server) -> list[bytes]:
    return redis.Redis.from_url(redis_server.url).keys("newsline:pages:p:*")


def test_readers_and_publishing_carry_on_while_redis_is_down(site, app, redis_server):
    """Without Redis every reader page renders from the database (200, with its news line),
    the live stream still delivers a story published through the API meanwhile, and nothing
    answers 5xx; the cache is a speed-up, never a dependency."""
    assert all(r.status_code == 200 for r in _pages(site, app).values())
    assert _cached_pages(redis_server), "pages are kept in Redis while it runs"

    redis_server.stop()
    pages = _pages(site, app)
    assert {path: r.status_code for path, r in pages.items()} == dict.fromkeys(pages, 200)
    assert "Seeded story 2" in pages["/en/"].text  # the server-rendered news line
    assert "Seeded story 0" in pages[app.info["article"]].text

    with EventStream(f"{site}/live/en/") as stream:
        assert stream.status == 200
        pk = app.publish(site, "Published while the cache was down")
        # Stories published earlier in the session may come first (the worker catches up).
        event = wait_until(
            lambda: _story(stream.next(timeout=15), pk), timeout=30, what="the story's event"
        )
    assert event.kind == "story"
    home = requests.get(f"{site}/en/", timeout=10)
    assert home.status_code == 200 and "Published while the cache was down" in home.text

    # The newsroom publishes too: its session, messages and CSRF need no cache.
    draft = app.draft(site, "Published in the newsroom while the cache was down")
    newsroom = app.newsroom()
    form = newsroom.get(f"{site}/newsroom/content/article/{draft}/change/", timeout=10)
    assert form.status_code == 200
    step = f"{site}/newsroom/content/article/{draft}/step/publish/"
    done = newsroom.post(step, data={"csrfmiddlewaretoken": csrf_token(form.text)}, timeout=10)
    assert done.status_code == 200 and "The story is published." in done.text
    home = requests.get(f"{site}/en/", timeout=10)
    assert "Published in the newsroom while the cache was down" in home.text
    ready = requests.get(f"{site}/readyz", timeout=10)
    assert ready.status_code == 200 and ready.json()["cache"] is False


def test_the_cache_is_used_again_once_redis_is_back(site, app, redis_server):
    """Redis started again (empty) is used without restarting the app: pages are stored in
    it and answered from it, and a publication purges them."""
    if redis_server.answers():
        redis_server.stop()
    assert requests.get(f"{site}/en/", timeout=10).status_code == 200
    redis_server.start()

    def served_from_cache():
        response = requests.get(f"{site}/en/", timeout=10)
        assert response.status_code == 200
        return response.headers.get("x-page-cache") == "hit"

    wait_until(served_from_cache, timeout=15, what="the home page to come from the cache")
    assert requests.get(f"{site}/readyz", timeout=10).json()["cache"] is True

    app.publish(site, "Published once the cache was back")
    wait_until(
        lambda: "Published once the cache was back" in requests.get(f"{site}/en/", timeout=10).text,
        timeout=15, what="the purge to reach the cached home page",
    )  # fmt: skip
