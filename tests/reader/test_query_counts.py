"""DESIGN invariant 9: a page runs the same number of queries whatever the archive's size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsline.content.models import Article
from newsline.pagecache.store import get_store
from tests.factories import AuthorFactory, ImageFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db
# Each page: the frame (sections menu, news line, breaking banner: 3) + its own queries. The
# home page's content reads the sections again and runs one indexed query per section; the
# article page loads tags, authors, related and translations. The edition's next scheduled
# change (where a page's and a fragment's lifetime ends) is asked once and kept. Counted
# with nothing kept: the news line adds its edition's latest live event (where open pages
# resume).
PINNED = {"home": 11, "archive": 6, "section": 7, "day": 6, "tag": 7, "author": 7, "article": 10}
# A forced miss (page cache off, fragments kept, as bench/run measures) runs no frame query
# at all: the home page and an article page, made of their kept part and the frame, run none.
WARM_MISSES = {"home": 0, "archive": 1, "section": 2, "day": 1, "tag": 2, "author": 2, "article": 0}


def grow_archive(total: int, sections, image, tag, author) -> None:
    """Bring the English archive to `total` stories, spread over sections and days."""
    start = Article.objects.count()
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            language="en",
            headline=f"Story {i}",
            slug=f"story-{i}",
            section=sections[i % len(sections)],
            kind=["news", "video", "live"][i % 3],
            lead_image=image if i % 2 else None,
            status="published",
            publish_at=now - timedelta(hours=i),
            featured_rank=(i % 5 + 1) if i % 7 == 0 else None,
        )
        for i in range(start, total)
    )
    Article.tags.through.objects.bulk_create(
        Article.tags.through(article_id=a.id, tag_id=tag.id) for a in articles
    )
    Article.authors.through.objects.bulk_create(
        Article.authors.through(article_id=a.id, author_id=author.id) for a in articles
    )


def count_queries(client, url: str, status: int = 200, *, fragments_stored=False) -> int:
    """Queries of one request; unless told otherwise, with the shared news line rendered
    afresh (the worst case)."""
    if not fragments_stored:
        get_store().clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status, url
    return len(queries)


def test_query_counts_do_not_grow_with_the_archive(client, settings):
    sections = [SectionFactory(slug=f"s{i}") for i in range(4)]
    image, tag, author = ImageFactory(), TagFactory(slug="topic"), AuthorFactory(slug="writer")
    day = (timezone.localdate() - timedelta(days=1)).strftime("%Y/%m/%d")
    pages = {
        "home": "/en/",
        "archive": "/en/archive/",
        "section": "/en/section/s1/",
        "day": f"/en/archive/{day}/",
        "tag": "/en/tag/topic/",
        "author": "/en/author/writer/",
    }

    def measure():
        pages["article"] = Article.objects.visible().newest_first()[3].get_absolute_url()
        return {name: count_queries(client, url) for name, url in pages.items()}

    grow_archive(10, sections, image, tag, author)
    small = measure()
    grow_archive(1000, sections, image, tag, author)
    assert measure() == small
    # Pinned, so a new query on a hot page is a decision, not an accident.
    assert small == PINNED, small
    # Fragments are rendered once and shared: the next render does not run their queries.
    settings.NEWSLINE_PAGE_CACHE_SECONDS = 0
    for url in pages.values():
        client.get(url)
    warm = {name: count_queries(client, url, fragments_stored=True) for name, url in pages.items()}
    assert warm == WARM_MISSES, warm


def test_a_live_story_page_costs_the_same_with_5_or_2000_entries(client):
    from tests.factories import ArticleFactory
    from tests.live.support import LiveEntryFactory, LiveStoryFactory, entries

    story, news = LiveStoryFactory(), ArticleFactory()
    LiveEntryFactory(article=story, is_pinned=True)
    entries(story, 5)
    small = count_queries(client, story.get_absolute_url())
    entries(story, 1995, start=timezone.now() - timedelta(days=3))
    assert count_queries(client, story.get_absolute_url()) == small
    # Any article page's queries plus two: the pinned entries and one page of the rest.
    assert small == count_queries(client, news.get_absolute_url()) + 2, small
