"""Every kind of change purges the pages showing what changed, and leaves the rest cached."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsline.content.editing import save_article
from newsline.content.workflow import publish_article, set_breaking, withdraw_article
from newsline.live.blog import add_entry
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory, newsroom_user
from tests.pagecache.conftest import cached

pytestmark = pytest.mark.django_db


def run_worker():
    """Run the outbox's queued effects in this process, as test_outbox does."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=True, lease=60, interval=0)


@pytest.fixture
def site(client, settings):
    """Two editions' pages, rendered and stored; the news line holds the 3 latest stories."""
    settings.NEWSLINE_NEWS_LINE_LENGTH = 3
    now = timezone.now()
    politics, sport = SectionFactory(slug="politics"), SectionFactory(slug="sport")
    topic, writer = TagFactory(slug="elections"), AuthorFactory(slug="writer")
    old = ArticleFactory(
        headline="Old vote count", section=politics, publish_at=now - timedelta(days=3)
    )
    old.tags.add(topic)
    old.authors.add(writer)
    recent = [ArticleFactory(section=sport, publish_at=now - timedelta(hours=h)) for h in (1, 2, 3)]
    live = ArticleFactory(kind="live", section=sport, publish_at=now - timedelta(days=2))
    az = ArticleFactory(language="az", section=politics, translation_group=old.translation_group)
    az_other = ArticleFactory(language="az", section=sport)
    pages = {
        "old": old.get_absolute_url(),
        "recent": recent[0].get_absolute_url(),
        "live": live.get_absolute_url(),
        "politics": "/en/section/politics/",
        "sport": "/en/section/sport/",
        "tag": "/en/tag/elections/",
        "author": "/en/author/writer/",
        "home": "/en/",
        "archive": "/en/archive/",
        "feed": "/en/feed/rss/",
        "sport feed": "/en/section/sport/feed/atom/",
        "az translation": az.get_absolute_url(),
        "az other": az_other.get_absolute_url(),
        "az home": "/az/",
        "az politics": "/az/section/politics/",
    }
    for url in pages.values():
        assert client.get(url).status_code == 200, url
    assert all(cached(url) for url in pages.values())
    return {"pages": pages, "old": old, "recent": recent, "live": live, "politics": politics}


def purged(site) -> set[str]:
    return {name for name, url in site["pages"].items() if not cached(url)}


def test_publishing_purges_its_edition_and_its_translations_only(site):
    editor = newsroom_user("editor")
    story = ArticleFactory(
        status="draft", publish_at=None, first_published_at=None, section=site["politics"]
    )
    publish_article(article_id=story.pk, user=editor)
    assert not purged(site)  # nothing leaves before the worker runs the outbox
    run_worker()
    # The news line is on every page of the edition; the other edition is untouched, and
    # so is the feed of a section the story is not in.
    assert purged(site) == {
        "old", "recent", "live", "politics", "sport", "tag", "author", "home", "archive", "feed",
    }  # fmt: skip


def test_publishing_a_translation_purges_the_other_editions_page(site):
    editor = newsroom_user("editor")
    story = ArticleFactory(
        language="az", status="draft", publish_at=None, first_published_at=None,
        translation_group=site["recent"][0].translation_group,
    )  # fmt: skip
    publish_article(article_id=story.pk, user=editor)
    run_worker()
    assert "recent" in purged(site) and "az other" in purged(site)
    assert {"old", "politics", "home", "archive"}.isdisjoint(purged(site))


def test_correcting_an_old_story_purges_the_pages_showing_it(site):
    old, editor = site["old"], newsroom_user("editor")
    save_article(
        article_id=old.pk, user=editor, data={"headline": "Final vote count"},
        base_version=old.version,
    )  # fmt: skip
    run_worker()
    # Its page, its section, tag and author, the lists showing it, its translation's link.
    assert purged(site) == {
        "old", "politics", "tag", "author", "home", "archive", "feed", "az translation",
    }  # fmt: skip


def test_correcting_a_story_in_the_news_line_purges_every_page_of_its_edition(site):
    story, editor = site["recent"][0], newsroom_user("editor")
    save_article(
        article_id=story.pk, user=editor, data={"headline": "New headline"},
        base_version=story.version,
    )  # fmt: skip
    run_worker()
    assert purged(site) == {
        "old", "recent", "live", "politics", "sport", "tag", "author", "home", "archive",
        "feed", "sport feed",
    }  # fmt: skip


def test_withdrawing_purges_the_edition_and_the_translation(site):
    withdraw_article(article_id=site["old"].pk, user=newsroom_user("chief editor"))
    run_worker()
    # Its banner may have been up (withdrawal clears the flag), so every page of the
    # edition goes; in the other edition only its translation's link.
    assert purged(site) == {
        "old", "recent", "live", "politics", "sport", "tag", "author", "home", "archive", "feed",
        "az translation",
    }  # fmt: skip


def test_a_breaking_banner_purges_its_edition_only(site):
    set_breaking(article_id=site["recent"][0].pk, user=newsroom_user("editor"), breaking=True)
    run_worker()
    # The banner is on every page of the edition, and nowhere else.
    assert purged(site) == {
        "old", "recent", "live", "politics", "sport", "tag", "author", "home", "archive",
    }  # fmt: skip


def test_a_live_entry_purges_its_story_page_only(site):
    add_entry(article_id=site["live"].pk, user=newsroom_user("editor"), text="Kick-off.")
    run_worker()
    assert purged(site) == {"live"}


def test_renaming_a_tag_purges_its_pages_and_the_stories_showing_it(
    site, django_capture_on_commit_callbacks
):
    from newsline.content.models import Tag

    tag = Tag.objects.get(slug="elections")
    tag.name = "Election 2026"
    with django_capture_on_commit_callbacks(execute=True):
        tag.save()
    assert purged(site) == {"tag", "old"}


def test_renaming_a_section_purges_every_page_with_the_menu(
    site, django_capture_on_commit_callbacks
):
    site["politics"].name_en = "Politics and power"
    with django_capture_on_commit_callbacks(execute=True):
        site["politics"].save()
    assert {"old", "sport", "home", "az home", "az other"} <= purged(site)
    assert {"feed", "sport feed"}.isdisjoint(purged(site))


def test_deleting_a_story_purges_its_edition_and_translations(
    site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        site["old"].delete()
    assert {"old", "home", "sport", "feed", "az translation"} <= purged(site)
    assert {"az other", "az home", "az politics"}.isdisjoint(purged(site))


def test_a_redescribed_lead_image_purges_the_pages_showing_its_story(
    site, django_capture_on_commit_callbacks
):
    from tests.factories import ImageFactory

    image = ImageFactory()
    old = site["old"]
    old.lead_image = image
    old.save(update_fields=["lead_image"])
    image.alt_text = "Ballot boxes at the count"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    assert purged(site) == {
        "old", "politics", "tag", "author", "home", "archive", "feed", "az translation",
    }  # fmt: skip


def test_an_unreachable_cdn_is_logged_and_the_local_purge_still_happens(client, settings, caplog):
    import socket

    from newsline.pagecache.purge import purge

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.NEWSLINE_PURGE_URLS = [f"http://127.0.0.1:{port}/"]
    url = ArticleFactory().get_absolute_url()
    client.get(url)
    assert cached(url)
    purge(["sections"])
    assert not cached(url)
    assert f"Purge at http://127.0.0.1:{port}/ failed" in caplog.text
