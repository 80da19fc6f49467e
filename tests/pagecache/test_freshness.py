"""No cached page outlives the next moment its edition changes by itself."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from newsline.content.workflow import publish_article, set_breaking
from tests.factories import ArticleFactory, newsroom_user
from tests.pagecache.conftest import cached

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_a_page_cached_before_a_scheduled_minute_is_not_served_after_it(client):
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        ArticleFactory(headline="Earlier news")
        ArticleFactory(headline="Morning briefing", publish_at=NOW + timedelta(minutes=5))
    with time_machine.travel(NOW, tick=False):
        response = client.get("/en/")
        assert b"Morning briefing" not in response.content
        assert "s-maxage=300" in response["Cache-Control"]
        # Stale copies elsewhere must not run past the minute either.
        assert "stale-while-revalidate" not in response["Cache-Control"]
    with time_machine.travel(NOW + timedelta(minutes=5) - timedelta(seconds=1), tick=False):
        assert cached("/en/")
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        assert not cached("/en/")
        assert b"Morning briefing" in client.get("/en/").content


def test_the_boundary_is_per_edition(client):
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        ArticleFactory()
        ArticleFactory(language="az", publish_at=NOW + timedelta(minutes=5))
    with time_machine.travel(NOW, tick=False):
        assert "s-maxage=600" in client.get("/en/")["Cache-Control"]
        assert "s-maxage=300" in client.get("/az/")["Cache-Control"]


def test_a_page_is_not_served_past_its_banners_end(client):
    with time_machine.travel(NOW, tick=False):
        story = ArticleFactory(publish_at=NOW - timedelta(hours=1))
        set_breaking(
            article_id=story.pk, user=newsroom_user("editor"), breaking=True,
            until=NOW + timedelta(minutes=2),
        )  # fmt: skip
        assert "s-maxage=120" in client.get("/en/archive/")["Cache-Control"]
    with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
        assert not cached("/en/archive/")


def test_scheduling_a_story_soon_lets_earlier_pages_go(client, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False):
        ArticleFactory()
        client.get("/en/")
        client.get("/az/")
        later = ArticleFactory(status="draft", publish_at=None, first_published_at=None)
        soon = ArticleFactory(status="draft", publish_at=None, first_published_at=None)
        editor = newsroom_user("editor")
        with django_capture_on_commit_callbacks(execute=True):
            publish_article(article_id=later.pk, user=editor, at=NOW + timedelta(hours=3))
        # Pages expire long before a story three hours ahead: nothing to purge.
        assert cached("/en/")
        with django_capture_on_commit_callbacks(execute=True):
            publish_article(article_id=soon.pk, user=editor, at=NOW + timedelta(minutes=3))
        assert not cached("/en/") and cached("/az/")
        assert "s-maxage=180" in client.get("/en/")["Cache-Control"]


def test_stale_serving_stops_at_the_boundary(client, settings):
    settings.NEWSLINE_PAGE_CACHE_SECONDS = 60
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        ArticleFactory()
        ArticleFactory(publish_at=NOW + timedelta(seconds=70))
    with time_machine.travel(NOW, tick=False):
        control = client.get("/en/")["Cache-Control"]
    assert "s-maxage=60" in control and "stale-while-revalidate=10" in control
