"""The frame every page shares (menu, banner, the edition's next change) is kept, and a
change reaches it on the next render of every page."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsline.content.editing import save_article
from newsline.content.workflow import publish_article, set_breaking
from tests.factories import ArticleFactory, SectionFactory, newsroom_user
from tests.pagecache.test_purge import run_worker

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def banner(client, path: str) -> str:
    html = client.get(path).content.decode()
    return html.partition("<div data-live-banner>")[2].partition("</div>")[0]


def menu(client, path: str) -> str:
    html = client.get(path).content.decode()
    return re.search(r'<nav class="sections".*?</nav>', html, re.S).group(0)


def test_a_raised_banner_shows_on_the_next_render_of_every_page(client):
    story, other = ArticleFactory(headline="Dam breached"), ArticleFactory()
    assert banner(client, "/en/archive/").strip() == ""  # "no banner" is kept too
    set_breaking(article_id=story.pk, user=newsroom_user("editor"), breaking=True)
    run_worker()
    for path in ("/en/", "/en/archive/", other.get_absolute_url()):
        assert "Dam breached" in banner(client, path), path
        assert 'aria-current="page"' not in banner(client, path)
    # On the breaking story's own page, the banner's link is the current page.
    assert 'aria-current="page"' in banner(client, story.get_absolute_url())


def test_a_corrected_breaking_headline_reaches_the_banner(client):
    editor = newsroom_user("editor")
    story, other = ArticleFactory(headline="Dam breeched"), ArticleFactory()
    set_breaking(article_id=story.pk, user=editor, breaking=True)
    run_worker()
    assert "Dam breeched" in banner(client, other.get_absolute_url())
    story.refresh_from_db()
    save_article(
        article_id=story.pk, user=editor, data={"headline": "Dam breached"},
        base_version=story.version,
    )  # fmt: skip
    run_worker()
    assert "Dam breached" in banner(client, other.get_absolute_url())


def test_the_menu_marks_the_page_own_section_only(client):
    SectionFactory(slug="politics", name_en="Politics")
    SectionFactory(slug="sport", name_en="Sport")
    ArticleFactory()

    def current(path: str) -> list[str]:
        return re.findall(r'href="([^"]+)" aria-current="page"', menu(client, path))

    assert current("/en/section/politics/") == ["/en/section/politics/"]
    assert current("/en/section/sport/") == ["/en/section/sport/"]
    assert current("/en/") == []


def test_a_renamed_section_shows_in_the_menu_of_every_page(
    client, django_capture_on_commit_callbacks
):
    politics = SectionFactory(slug="politics", name_en="Politics")
    story = ArticleFactory()
    assert ">Politics<" in menu(client, story.get_absolute_url())
    politics.name_en = "Politics and power"
    with django_capture_on_commit_callbacks(execute=True):
        politics.save()
    assert ">Politics and power<" in menu(client, story.get_absolute_url())
    assert ">Politics and power<" in menu(client, "/en/section/politics/")


def schedule_queries(client, path: str) -> int:
    """How many times a render asked for the edition's next scheduled change."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum('"banner_end"' in query["sql"] for query in queries.captured_queries)


def test_the_editions_next_change_is_asked_once_and_kept(client, settings):
    settings.NEWSLINE_PAGE_CACHE_SECONDS = 0  # every request renders
    story = ArticleFactory()
    assert schedule_queries(client, "/en/archive/") == 1
    assert schedule_queries(client, story.get_absolute_url()) == 0
    assert schedule_queries(client, "/en/") == 0
    assert schedule_queries(client, "/az/") == 1  # each edition its own


def test_a_story_scheduled_within_a_fragments_life_reaches_the_news_line_at_its_minute(
    client, settings, django_capture_on_commit_callbacks
):
    # Fragments may be kept longer than pages: the purge on scheduling must cover them.
    settings.NEWSLINE_PAGE_CACHE_SECONDS = 300
    settings.NEWSLINE_FRAGMENT_CACHE_SECONDS = 3600
    with time_machine.travel(NOW, tick=False):
        ArticleFactory(headline="Earlier news")
        draft = ArticleFactory(headline="Noon bulletin", status="draft", publish_at=None)
        assert "Earlier news" in client.get("/en/archive/").content.decode()  # news line kept
        with django_capture_on_commit_callbacks(execute=True):
            publish_article(
                article_id=draft.pk, user=newsroom_user("editor"), at=NOW + timedelta(minutes=30)
            )
    with time_machine.travel(NOW + timedelta(minutes=30), tick=False):
        page = client.get("/en/archive/").content.decode()
        assert "Noon bulletin" in page.partition('<aside class="newsline"')[2]
