"""The shared news line fragment: stored once, purged with the pages that show it."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from newsline.content.editing import save_article
from newsline.content.workflow import publish_article, withdraw_article
from newsline.pagecache.store import get_store
from tests.factories import ArticleFactory, newsroom_user
from tests.pagecache.test_purge import run_worker

pytestmark = pytest.mark.django_db


def news_line(client, path="/en/archive/") -> str:
    page = client.get(path).content.decode()
    return page.partition('<aside class="newsline"')[2]


def stored() -> bool:
    return get_store().get("fragment:newsline:en") is not None


def test_a_publication_shows_in_the_shared_news_line_of_every_page(client):
    ArticleFactory(headline="Already out")
    assert "Already out" in news_line(client) and stored()
    editor = newsroom_user("editor")
    draft = ArticleFactory(headline="Just in", status="draft", publish_at=None)
    publish_article(article_id=draft.pk, user=editor)
    run_worker()
    assert not stored()
    assert "Just in" in news_line(client, "/en/")


def test_a_corrected_headline_and_a_withdrawal_reach_the_shared_news_line(client):
    editor = newsroom_user("editor")
    story = ArticleFactory(headline="Frist draft")
    assert "Frist draft" in news_line(client)
    save_article(
        article_id=story.pk, user=editor, data={"headline": "First draft"},
        base_version=story.version,
    )  # fmt: skip
    run_worker()
    assert "First draft" in news_line(client)
    withdraw_article(article_id=story.pk, user=editor)
    run_worker()
    assert "First draft" not in news_line(client)


def test_the_other_editions_news_line_stays_stored(client):
    ArticleFactory(language="az", headline="Bakıda hava")
    assert "Bakıda hava" in news_line(client, "/az/archive/")
    editor = newsroom_user("editor")
    draft = ArticleFactory(headline="English only", status="draft", publish_at=None)
    publish_article(article_id=draft.pk, user=editor)
    run_worker()
    assert get_store().get("fragment:newsline:az") is not None


def test_a_scheduled_story_appears_at_its_minute_though_the_fragment_was_stored(client):
    now = timezone.now()
    ArticleFactory(headline="Earlier")
    ArticleFactory(headline="At nine sharp", publish_at=now + timedelta(minutes=5))
    with time_machine.travel(now, tick=False):
        assert "At nine sharp" not in news_line(client)
    with time_machine.travel(now + timedelta(minutes=5, seconds=1), tick=False):
        assert "At nine sharp" in news_line(client)


def test_a_fragment_stored_in_another_layout_is_rendered_anew(client):
    ArticleFactory(headline="Still shown")
    store = get_store()
    store.store(
        "fragment:newsline:en", b"<aside>an older layout</aside>", tags=["newsline:en"],
        ttl=60, since=store.generation(),
    )  # fmt: skip
    response = client.get("/en/archive/")
    assert response.status_code == 200 and "Still shown" in news_line(client)
