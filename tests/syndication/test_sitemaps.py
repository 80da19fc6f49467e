from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from newsline.content.models import Article
from newsline.pagecache.store import get_store
from newsline.syndication import sitemaps
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, TagFactory
from tests.pagecache.conftest import run_change
from tests.syndication.conftest import (
    IMAGE_NS,
    NEWS_NS,
    NOW,
    SITEMAP_NS,
    XHTML_NS,
    validate_urlset,
    xsd,
)

pytestmark = pytest.mark.django_db
NS = {"s": SITEMAP_NS, "image": IMAGE_NS, "xhtml": XHTML_NS, "news": NEWS_NS}


def index_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    schema = xsd("siteindex.xsd")
    assert schema.validate(root), schema.error_log
    return root.xpath("//s:sitemap/s:loc/text()", namespaces=NS)


def fetch(client, location: str) -> etree._Element:
    response = client.get(location.removeprefix("http://testserver"))
    assert response.status_code == 200, location
    return validate_urlset(response.content)


def all_locations(client) -> dict[str, list[str]]:
    return {
        loc: fetch(client, loc).xpath("//s:url/s:loc/text()", namespaces=NS)
        for loc in index_locations(client)
    }


def test_index_lists_every_sitemap_and_each_validates(client, stories):
    ArticleFactory(headline="Last month", publish_at=NOW - timedelta(days=40))
    found = all_locations(client)
    assert set(found) == {
        "http://testserver/sitemap-news.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-tags.xml",
        "http://testserver/sitemap-authors.xml",
        "http://testserver/sitemap-articles-en-2026-10.xml",
        "http://testserver/sitemap-articles-en-2026-11.xml",
        "http://testserver/sitemap-articles-az-2026-11.xml",
    }
    story = "http://testserver" + stories["story"].get_absolute_url()
    assert found["http://testserver/sitemap-articles-en-2026-11.xml"] == [story]
    assert "http://testserver/en/section/world/" in found["http://testserver/sitemap-sections.xml"]
    assert "http://testserver/az/section/world/" in found["http://testserver/sitemap-sections.xml"]
    assert found["http://testserver/sitemap-tags.xml"] == ["http://testserver/en/tag/climate/"]
    assert (
        "http://testserver/ru/author/aysel-mammadova/"
        in found["http://testserver/sitemap-authors.xml"]
    )


def test_hidden_stories_never_appear(client, stories):
    everything = " ".join(loc for locs in all_locations(client).values() for loc in locs)
    for article in stories["hidden"]:
        assert f"/{article.pk}-" not in everything
    assert "articles-en-2026-12" not in " ".join(index_locations(client))


def test_month_sitemap_has_image_lastmod_and_translations(client, stories):
    root = fetch(client, "/sitemap-articles-en-2026-11.xml")
    (url,) = root.findall("s:url", NS)
    assert url.findtext("s:lastmod", namespaces=NS) == "2026-11-25T14:00:00+04:00"
    image = stories["story"].lead_image
    assert url.xpath("image:image/image:loc/text()", namespaces=NS) == [
        "http://testserver" + image.file.url
    ]
    alternates = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
    assert alternates == {
        "en": "http://testserver" + stories["story"].get_absolute_url(),
        "az": "http://testserver" + stories["translation"].get_absolute_url(),
    }


def test_month_sitemap_paginates_by_limit(client, db, frozen, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleMonthSitemap, "limit", 2)
    ArticleFactory.create_batch(5)
    locations = index_locations(client)
    month = "http://testserver/sitemap-articles-en-2026-11.xml"
    assert [loc for loc in locations if loc.startswith(month)] == [
        month, f"{month}?p=2", f"{month}?p=3",
    ]  # fmt: skip
    assert len(fetch(client, f"{month}?p=3").findall("s:url", NS)) == 1
    assert client.get("/sitemap-articles-en-2026-11.xml?p=4").status_code == 404


def test_month_sitemap_queries_are_bounded(client, db, frozen):
    def queries() -> list[str]:
        get_store().clear()  # a render with nothing kept
        with CaptureQueriesContext(connection) as context:
            fetch(client, "/sitemap-articles-en-2026-11.xml")
        return [query["sql"] for query in context.captured_queries]

    ArticleFactory.create_batch(2, lead_image=ImageFactory())
    few = queries()
    for _ in range(15):
        story = ArticleFactory(lead_image=ImageFactory())
        ArticleFactory(language="az", translation_group=story.translation_group)
    # Count, one page of stories, their translations; each edition's next scheduled change
    # (a sitemap lists every edition's stories; each answer is then kept).
    assert len(queries()) == len(few) == 6
    # Filtered on the edition and a publish_at range, so the edition index serves it.
    assert '"language" =' in few[1] and '"publish_at" >=' in few[1]


def test_index_queries_are_bounded(client, db, frozen, django_assert_max_num_queries):
    for months_ago in range(6):
        ArticleFactory(publish_at=NOW - timedelta(days=31 * months_ago + 1))
        ArticleFactory(language="ru", publish_at=NOW - timedelta(days=31 * months_ago + 1))
    # 6 sitemaps' own, the ended months and the current one, each edition's next change.
    with django_assert_max_num_queries(10):
        assert len(index_locations(client)) == 4 + 12


def _index_counts(client) -> list[str]:
    """The months counted by one render of the index (the page cache emptied first)."""
    get_store().clear()
    with CaptureQueriesContext(connection) as context:
        index_locations(client)
    found = [query["sql"] for query in context.captured_queries]
    return [sql for sql in found if "COUNT(" in sql and "GROUP BY" in sql]


def test_the_index_counts_ended_months_once_until_one_of_their_stories_changes(client, db, frozen):
    old = ArticleFactory(publish_at=NOW - timedelta(days=90))
    ArticleFactory(publish_at=NOW - timedelta(hours=1))
    first = _index_counts(client)
    assert len(first) == 2  # ended months, then this month
    # Publishing this month changes only this month: ended months are not counted again,
    # so the index costs the same however large the archive.
    run_change(ArticleFactory(publish_at=NOW - timedelta(minutes=5)), "published")
    (again,) = _index_counts(client)
    assert '"publish_at" >= \'2026-11-01' in again  # this month only
    assert '"publish_at" < \'2026-11-01' not in again
    # A correction to a story of an ended month shows in that month's lastmod.
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        Article.objects.filter(pk=old.pk).update(corrected_at=timezone.now())
        run_change(old, "updated")
        assert len(_index_counts(client)) == 2
        month = f"articles-en-{old.publish_at:%Y-%m}"
        root = etree.fromstring(client.get("/sitemap.xml").content)
        (lastmod,) = root.xpath(
            f"s:sitemap[contains(s:loc, '{month}')]/s:lastmod/text()", namespaces=NS
        )
        assert lastmod == "2026-11-25T17:00:00+04:00"  # the correction, in the site's zone


def test_news_sitemap_is_the_last_48_hours(client, stories):
    ArticleFactory(headline="Three days old", publish_at=NOW - timedelta(days=3))
    root = fetch(client, "/sitemap-news.xml")
    titles = root.xpath("//news:news/news:title/text()", namespaces=NS)
    assert sorted(titles) == ["Görünən xəbər", "Visible story"]
    news = root.xpath("//s:url[s:loc[contains(., '-visible-story/')]]/news:news", namespaces=NS)[0]
    assert news.xpath("news:publication/news:name/text()", namespaces=NS) == ["Newsline"]
    assert news.xpath("news:publication/news:language/text()", namespaces=NS) == ["en"]
    assert news.findtext("news:publication_date", namespaces=NS) == "2026-11-25T14:00:00+04:00"


def test_news_sitemap_has_at_most_the_limit(client, db, frozen, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 3)
    ArticleFactory.create_batch(5)
    assert len(fetch(client, "/sitemap-news.xml").findall("s:url", NS)) == 3
    assert sitemaps.NewsSitemap.limit == 1000


def test_the_index_dates_the_news_sitemap_by_the_stories_it_lists(client, db, frozen, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 2)
    # Corrected last, but older than the two newest stories: not in the news sitemap.
    ArticleFactory(publish_at=NOW - timedelta(hours=5), corrected_at=NOW - timedelta(minutes=1))
    ArticleFactory(publish_at=NOW - timedelta(hours=2), corrected_at=NOW - timedelta(minutes=30))
    ArticleFactory(publish_at=NOW - timedelta(hours=1))
    with CaptureQueriesContext(connection) as queries:
        root = etree.fromstring(client.get("/sitemap.xml").content)
    # Dated and counted in SQL: the index loads none of the (up to 1,000) stories.
    assert not any('"headline"' in query["sql"] for query in queries.captured_queries)
    [lastmod] = root.xpath(
        "//s:sitemap[s:loc[contains(., 'sitemap-news.xml')]]/s:lastmod/text()", namespaces=NS
    )
    assert datetime.fromisoformat(lastmod) == NOW - timedelta(minutes=30)


def test_tags_sitemap_lists_used_tags_in_their_edition(client, db, frozen):
    used = TagFactory(language="az", name="İqtisadiyyat", slug="iqtisadiyyat")
    ArticleFactory(language="az").tags.add(used)
    TagFactory(language="az", name="Boş", slug="bos")
    hidden = TagFactory(language="en", name="Hidden", slug="hidden")
    ArticleFactory(status="withdrawn").tags.add(hidden)
    AuthorFactory()
    root = fetch(client, "/sitemap-tags.xml")
    assert root.xpath("//s:loc/text()", namespaces=NS) == ["http://testserver/az/tag/iqtisadiyyat/"]


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-nothing.xml",
        "/sitemap-articles-xx-2026-11.xml",
        "/sitemap-articles-en-2026-13.xml",
    ],
)
def test_unknown_sitemap_is_404(client, db, path):
    assert client.get(path).status_code == 404


def test_robots_txt_names_the_index(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /newsroom/" in lines
    assert "Disallow: /*/preview/" in lines
    assert lines[0] == "User-agent: *"


def test_figures_counted_while_a_change_forgot_them_are_never_read(db, frozen):
    from django.core.cache import cache

    from newsline.syndication import months

    old = ArticleFactory(publish_at=NOW - timedelta(days=90))
    assert [row["count"] for row in months.months()] == [1]
    counted_before = cache.get(months.CACHE_KEY)  # a render counted before the change...
    Article.objects.filter(pk=old.pk).update(status="withdrawn")
    months.forget()  # ...the change's effect forgot the figures...
    cache.set(months.CACHE_KEY, counted_before, 60)  # ...and the render stored its count late
    assert months.months() == []


def test_a_headline_with_markup_characters_stays_text(client, db, frozen):
    ArticleFactory(headline='Tom & Jerry <b>"live"</b>', publish_at=NOW - timedelta(hours=1))
    root = fetch(client, "/sitemap-news.xml")
    titles = root.xpath("//news:news/news:title/text()", namespaces=NS)
    assert titles == ['Tom & Jerry <b>"live"</b>']
