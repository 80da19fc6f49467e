"""The live stream at /live/<edition>/, against the real ASGI front."""

import asyncio
import threading

import httpx
import pytest
from django.conf import settings
from django.db import transaction

from newsline.content.outbox import BREAKING, PUBLISHED, WITHDRAWN, run_effects
from newsline.content.workflow import set_breaking, withdraw_article
from newsline.live.models import Event
from newsline.live.stream import client_address
from newsline.live.tail import Subscriber
from tests.factories import ArticleFactory, newsroom_user
from tests.live.sse import EventStream


def happen(article, event):
    """Run the outbox effects of a change, as the worker does."""
    with transaction.atomic():
        run_effects.call(
            article_id=article.pk, event=event, key=f"{event}:{article.pk}:{article.version}"
        )


def wait_until(condition, timeout=5.0) -> bool:
    """Check `condition` until it holds or `timeout` runs out (for what the server does
    on its own time, like noticing a closed connection)."""
    pause = threading.Event()
    for _ in range(int(timeout / 0.02)):
        if condition():
            return True
        pause.wait(0.02)
    return condition()


def open_stream(server, edition="en", **headers):
    return EventStream(f"{server.url}/live/{edition}/", headers=headers)


def test_a_published_story_reaches_an_open_stream_as_news_line_markup(asgi_live_server):
    with open_stream(asgi_live_server) as stream:
        assert stream.status == 200
        assert stream.headers["content-type"] == "text/event-stream; charset=utf-8"
        article = ArticleFactory(headline="Parliament votes <today>")
        happen(article, PUBLISHED)
        event = stream.next()
    assert (event.kind, event.data["id"]) == ("story", article.pk)
    assert f'data-story="{article.pk}"' in event.data["html"]
    assert "Parliament votes &lt;today&gt;" in event.data["html"]
    assert event.id == str(Event.objects.get().pk)


def test_a_withdrawn_story_is_removed_and_a_breaking_banner_comes_and_goes(asgi_live_server):
    editor = newsroom_user("editor")
    article = ArticleFactory(headline="Flood warning")
    with open_stream(asgi_live_server) as stream:
        set_breaking(article_id=article.pk, user=editor, breaking=True)
        article.refresh_from_db()
        happen(article, BREAKING)
        banner = stream.next()
        set_breaking(article_id=article.pk, user=editor, breaking=False)
        article.refresh_from_db()
        happen(article, BREAKING)
        cleared = stream.next()
        withdraw_article(article_id=article.pk, user=editor)
        article.refresh_from_db()
        happen(article, WITHDRAWN)
        withdrawn = stream.next()
    assert banner.kind == "breaking" and banner.data["id"] == article.pk
    assert "Flood warning" in banner.data["html"] and 'class="breaking"' in banner.data["html"]
    assert (cleared.kind, cleared.data) == ("breaking", {"id": None, "html": ""})
    assert (withdrawn.kind, withdrawn.data) == ("withdrawn", {"id": article.pk})


def test_each_edition_hears_only_its_own_stories(asgi_live_server):
    with open_stream(asgi_live_server, "az") as az, open_stream(asgi_live_server, "en") as en:
        happen(ArticleFactory(language="en", headline="English"), PUBLISHED)
        happen(ArticleFactory(language="az", headline="Azərbaycan"), PUBLISHED)
        assert "Azərbaycan" in az.next().data["html"]
        assert "English" in en.next().data["html"]


def test_a_reconnecting_page_gets_exactly_the_events_it_missed(asgi_live_server):
    seen = ArticleFactory(headline="Seen")
    happen(seen, PUBLISHED)
    last_seen = Event.objects.get().pk
    missed = [ArticleFactory(headline=f"Missed {i}") for i in range(3)]
    for article in missed:
        happen(article, PUBLISHED)
    happen(ArticleFactory(language="ru", headline="Other edition"), PUBLISHED)
    with open_stream(asgi_live_server, **{"Last-Event-ID": str(last_seen)}) as stream:
        caught_up = [stream.next() for _ in missed]
        after = ArticleFactory(headline="After reconnecting")
        happen(after, PUBLISHED)
        live = stream.next()
    assert [event.data["id"] for event in caught_up] == [article.pk for article in missed]
    assert [int(event.id) for event in caught_up] == sorted(int(e.id) for e in caught_up)
    assert live.data["id"] == after.pk


def test_a_forged_id_from_the_future_is_told_to_reload(asgi_live_server):
    happen(ArticleFactory(), PUBLISHED)
    with open_stream(asgi_live_server, **{"Last-Event-ID": "99999999"}) as stream:
        assert stream.next().kind == "reload"


def test_a_page_older_than_the_kept_log_is_told_to_reload(asgi_live_server, settings):
    settings.NEWSLINE_LIVE_KEEP, settings.NEWSLINE_LIVE_BACKLOG = 3, 1
    happen(ArticleFactory(), PUBLISHED)
    first = Event.objects.get().pk
    for _ in range(3):
        happen(ArticleFactory(language="az"), PUBLISHED)  # other editions' events count too
    assert not Event.objects.filter(pk=first).exists()  # pruned
    with open_stream(asgi_live_server, **{"Last-Event-ID": str(first)}) as stream:
        assert stream.next().kind == "reload"


def test_a_page_that_saw_no_event_yet_resumes_from_the_start(asgi_live_server):
    """A page rendered before its edition's first event carries ?last_event_id=0."""
    story = ArticleFactory(headline="The first event")
    happen(story, PUBLISHED)
    with EventStream(f"{asgi_live_server.url}/live/en/?last_event_id=0") as stream:
        event = stream.next()
    assert (event.kind, event.data["id"]) == ("story", story.pk)


def test_a_page_too_far_behind_is_told_to_reload(asgi_live_server, settings):
    settings.NEWSLINE_LIVE_BACKLOG = 2
    happen(ArticleFactory(), PUBLISHED)
    first = Event.objects.get().pk
    for _ in range(3):
        happen(ArticleFactory(), PUBLISHED)
    with open_stream(asgi_live_server, **{"Last-Event-ID": str(first)}) as stream:
        assert stream.next().kind == "reload"


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/live/xx/", {}, 404),
        ("/live/en/extra/", {}, 404),
        ("/live/", {}, 404),
        ("/live/en/", {"Last-Event-ID": "12abc"}, 400),
        ("/live/en/", {"Last-Event-ID": "-5"}, 400),
        ("/live/en/", {"Last-Event-ID": "9" * 40}, 400),
        ("/live/en/?last_event_id=x", {}, 400),
    ],
)
def test_bad_requests_get_a_clear_error(asgi_live_server, path, headers, status):
    response = httpx.get(asgi_live_server.url + path, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "text/plain; charset=utf-8" and response.text


def test_one_address_may_hold_only_so_many_streams(asgi_live_server, settings):
    settings.NEWSLINE_LIVE_MAX_PER_ADDRESS = 2
    with open_stream(asgi_live_server) as one, open_stream(asgi_live_server) as two:
        refused = httpx.get(f"{asgi_live_server.url}/live/en/")
        assert (one.status, two.status) == (200, 200)
        assert refused.status_code == 429 and refused.headers["retry-after"]
    # Closed streams give their places back (once the server has seen them close).
    assert wait_until(lambda: httpx.head(f"{asgi_live_server.url}/live/en/").status_code == 200)


def test_idle_streams_carry_heartbeats(asgi_live_server, settings):
    settings.NEWSLINE_LIVE_HEARTBEAT_SECONDS = 0.05
    with open_stream(asgi_live_server) as stream:
        assert stream.next(comments=True).comment


def test_a_client_that_does_not_read_is_dropped_without_holding_up_others():
    async def scenario():
        slow, reader = Subscriber("en"), Subscriber("en")
        for i in range(settings.NEWSLINE_LIVE_QUEUE + 1):
            slow.offer(b"event %d" % i)
            reader.offer(b"event %d" % i)
            await reader.queue.get()
        return slow, reader

    slow, reader = asyncio.run(scenario())
    assert slow.dropped and slow.queue.get_nowait() is None
    assert not reader.dropped


@pytest.mark.parametrize(
    ("peer", "forwarded", "address"),
    [
        ("203.0.113.9", None, "203.0.113.9"),
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not a trusted proxy: ignored
        ("127.0.0.1", "198.51.100.1", "198.51.100.1"),
        ("127.0.0.1", "6.6.6.6, 198.51.100.1, 127.0.0.1", "198.51.100.1"),  # forged first hop
        ("127.0.0.1", None, "127.0.0.1"),
    ],
)
def test_the_cap_counts_readers_behind_a_trusted_proxy_one_by_one(
    settings, peer, forwarded, address
):
    settings.NEWSLINE_TRUSTED_PROXIES = ["127.0.0.1"]
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    assert client_address({"client": (peer, 5000), "headers": headers}) == address
