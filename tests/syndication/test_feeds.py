import re
from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ArticleFactory, ImageFactory
from tests.syndication.conftest import NOW, jing_validate

pytestmark = pytest.mark.django_db

SCOPES = {"edition": None, "section": "world", "tag": "climate", "author": "aysel-mammadova"}
FEEDS = [(scope, format) for scope in SCOPES for format in ("rss", "atom")]


def feed_url(scope: str, format: str, slug: str | None = None, language: str = "en") -> str:
    slug = slug or SCOPES[scope]
    with translation.override(language):
        kwargs = {"slug": slug} if scope != "edition" else {}
        return reverse(f"syndication:{scope}_{format}", kwargs=kwargs)


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, f"{url}: {feed.get('bozo_exception')}"
    return response, feed


@pytest.mark.parametrize(("scope", "format"), FEEDS)
def test_feed_parses_and_lists_only_visible_stories(client, stories, scope, format):
    response, feed = parse(client, feed_url(scope, format))
    expected = "application/atom+xml" if format == "atom" else "application/rss+xml"
    assert response["Content-Type"].startswith(expected)
    assert feed.version == ("atom10" if format == "atom" else "rss20")
    assert [entry.title for entry in feed.entries] == ["Visible story"]
    entry = feed.entries[0]
    assert entry.link == "http://testserver" + stories["story"].get_absolute_url()
    assert entry.id == f"http://testserver/en/{stories['story'].pk}/"
    assert entry.author == "Aysel Mammadova"
    assert {term.term for term in entry.tags} == {stories["section"].name_en, "Climate"}
    assert entry.summary == stories["story"].lead


@pytest.mark.parametrize(("scope", "format"), FEEDS)
def test_feed_dates_carry_the_time_zone_offset(client, stories, scope, format):
    content = client.get(feed_url(scope, format)).content.decode()
    if format == "rss":
        dates = re.findall(r"<pubDate>([^<]+)</pubDate>", content)
        assert dates and all(re.search(r"[+-]\d{4}$", date) for date in dates), dates
    else:
        dates = re.findall(r"<(?:published|updated)>([^<]+)</", content)
        assert dates and all(re.search(r"[+-]\d\d:\d\d$", date) for date in dates), dates
    entry = feedparser.parse(content).entries[0]
    assert entry.published_parsed[:5] == (NOW - timedelta(hours=2)).timetuple()[:5]


@pytest.mark.parametrize("format", ["rss", "atom"])
def test_ids_stay_put_when_headline_and_slug_change(client, stories, format):
    url = feed_url("edition", format)
    before = parse(client, url)[1].entries[0]
    story = stories["story"]
    story.headline, story.slug = "Edited headline", "edited-headline"
    story.save()
    after = parse(client, url)[1].entries[0]
    assert after.title == "Edited headline"
    assert after.id == before.id
    assert after.link != before.link


def test_rss_enclosure_is_the_lead_image_with_its_size(client, stories):
    entry = parse(client, feed_url("edition", "rss"))[1].entries[0]
    image = stories["story"].lead_image
    (enclosure,) = entry.enclosures
    assert enclosure.href == "http://testserver" + image.file.url
    assert enclosure.type == "image/png"
    assert int(enclosure.length) == image.file.size > 0


def test_atom_enclosure_is_a_link(client, stories):
    entry = parse(client, feed_url("edition", "atom"))[1].entries[0]
    (link,) = [link for link in entry.links if link.rel == "enclosure"]
    assert link.href.endswith(".png") and link.type == "image/png"


def test_enclosure_prefers_the_webp_rendition(client, stories):
    image = stories["story"].lead_image
    image.renditions = {"480": "renditions/x/480.webp", "1200": "renditions/x/1200.webp"}
    image.save()
    entry = parse(client, feed_url("edition", "rss"))[1].entries[0]
    (enclosure,) = entry.enclosures
    assert enclosure.href.endswith("/renditions/x/1200.webp")
    assert enclosure.type == "image/webp"
    assert enclosure.length == "0"  # the file is not there: size unknown


def test_full_text_is_a_setting(client, stories, settings, tmp_path):
    url = feed_url("edition", "atom")
    etag = client.get(url)["ETag"]
    settings.NEWSLINE_FEED_FULL_TEXT = True
    assert "The story." in parse(client, feed_url("edition", "rss"))[1].entries[0].summary
    response, feed = parse(client, url)
    assert response["ETag"] != etag
    entry = feed.entries[0]
    assert entry.summary == stories["story"].lead
    assert entry.content[0].value == "<p>The story.</p>"
    jing_validate(response.content, tmp_path)


@pytest.mark.parametrize("scope", SCOPES)
def test_atom_feeds_are_valid(client, stories, tmp_path, scope):
    jing_validate(client.get(feed_url(scope, "atom")).content, tmp_path)


@pytest.mark.parametrize("scope", ["section", "tag", "author"])
@pytest.mark.parametrize("format", ["rss", "atom"])
def test_unknown_subject_is_404(client, stories, scope, format):
    assert client.get(feed_url(scope, format, slug="no-such-thing")).status_code == 404


def test_tag_of_another_edition_is_404(client, stories):
    assert client.get(feed_url("tag", "rss", language="az")).status_code == 404


def test_edition_feed_is_in_its_language(client, stories):
    _, feed = parse(client, feed_url("edition", "rss", language="az"))
    assert feed.feed.language == "az"
    assert [entry.title for entry in feed.entries] == ["Görünən xəbər"]


@pytest.mark.parametrize(("scope", "format"), FEEDS)
def test_conditional_get(client, stories, scope, format, django_assert_num_queries):
    url = feed_url(scope, format)
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    with django_assert_num_queries(1):
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    newer = ArticleFactory(headline="Newer", section=stories["section"], publish_at=NOW)
    newer.tags.add(stories["tag"])
    newer.authors.add(stories["author"])
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_withdrawing_a_story_changes_the_etag(client, stories):
    url = feed_url("edition", "rss")
    etag = client.get(url)["ETag"]
    ArticleFactory(headline="Second", publish_at=NOW - timedelta(hours=3))
    etag_two = client.get(url)["ETag"]
    assert etag_two != etag
    stories["story"].status = "withdrawn"
    stories["story"].save()
    assert client.get(url, headers={"If-None-Match": etag_two}).status_code == 200


def test_feed_queries_do_not_grow_with_stories(client, stories, django_assert_num_queries):
    url = feed_url("section", "atom")
    for _ in range(10):
        story = ArticleFactory(section=stories["section"], lead_image=ImageFactory())
        story.tags.add(stories["tag"])
    # Conditional summary, section, stories, their tags, their authors, and the page cache's
    # next scheduled story (where the feed's cached lifetime ends).
    with django_assert_num_queries(6):
        client.get(url)


def test_feed_has_at_most_fifty_stories(client, db, frozen):
    ArticleFactory.create_batch(52)
    assert len(parse(client, feed_url("edition", "rss"))[1].entries) == 50


def test_reader_pages_link_their_feeds(client, stories):
    home = client.get("/en/").content.decode()
    assert f'href="{feed_url("edition", "rss")}"' in home
    assert f'href="{feed_url("edition", "atom")}"' in home
    for scope in ("section", "tag", "author"):
        page = client.get(f"/en/{scope}/{SCOPES[scope]}/").content.decode()
        assert f'href="{feed_url(scope, "rss")}"' in page
        assert f'href="{feed_url(scope, "atom")}"' in page
        assert 'type="application/atom+xml"' in page
    assert "section/world/feed" not in home


def test_feed_links_follow_the_edition(client, stories):
    page = client.get("/az/").content.decode()
    assert 'href="/az/feed/rss/"' in page and 'href="/az/feed/atom/"' in page
