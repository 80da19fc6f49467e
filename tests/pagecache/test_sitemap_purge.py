"""A story's change purges the sitemaps listing it, and leaves other months' cached."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from newsline.content.editing import save_article
from newsline.content.workflow import publish_article
from tests.factories import ArticleFactory, ImageFactory, newsroom_user
from tests.pagecache.conftest import cached
from tests.pagecache.test_purge import run_worker

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def sitemaps(client):
    """Sitemaps of two months in English and one in Azerbaijani, rendered and stored."""
    with time_machine.travel(NOW, tick=False):
        april = ArticleFactory(publish_at=NOW - timedelta(days=60), lead_image=ImageFactory())
        june = ArticleFactory(publish_at=NOW - timedelta(days=2))
        ArticleFactory(language="az", publish_at=NOW - timedelta(days=70))
        pages = {
            "index": "/sitemap.xml",
            "news": "/sitemap-news.xml",
            "en april": "/sitemap-articles-en-2026-04.xml",
            "en june": "/sitemap-articles-en-2026-06.xml",
            "az april": "/sitemap-articles-az-2026-04.xml",
        }
        for url in pages.values():
            assert client.get(url).status_code == 200, url
        assert all(cached(url) for url in pages.values())
        yield {"pages": pages, "april": april, "june": june}


def purged(sitemaps) -> set[str]:
    return {name for name, url in sitemaps["pages"].items() if not cached(url)}


def test_publishing_purges_the_site_sitemaps_and_its_months_only(sitemaps):
    story = ArticleFactory(status="draft", publish_at=None, first_published_at=None)
    publish_article(article_id=story.pk, user=newsroom_user("editor"))
    run_worker()
    assert purged(sitemaps) == {"index", "news", "en june"}


def test_correcting_an_old_story_purges_its_months_sitemap(sitemaps):
    april = sitemaps["april"]
    save_article(
        article_id=april.pk, user=newsroom_user("editor"), data={"headline": "Corrected"},
        base_version=april.version,
    )  # fmt: skip
    run_worker()
    assert purged(sitemaps) == {"index", "news", "en april"}


def test_a_translation_purges_the_sitemap_giving_it_as_an_alternate(sitemaps):
    # Published in June, the Azerbaijani version of an April story is the April English
    # sitemap's alternate for it.
    translation = ArticleFactory(
        language="az", status="draft", publish_at=None, first_published_at=None,
        translation_group=sitemaps["april"].translation_group,
    )  # fmt: skip
    publish_article(article_id=translation.pk, user=newsroom_user("editor"))
    run_worker()
    assert purged(sitemaps) == {"index", "news", "en april"}


def test_a_changed_lead_image_purges_the_months_of_its_stories(
    sitemaps, django_capture_on_commit_callbacks
):
    image = sitemaps["april"].lead_image
    image.alt_text = "A new description"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    assert purged(sitemaps) == {"en april"}
