"""OpenGraph, Twitter cards and JSON-LD on reader pages, read back as a crawler reads them."""

import json
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
import time_machine
from django.core.files.base import ContentFile

from newsline.content.images import make_renditions
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    png_bytes,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 4, 23, 21, 0, tzinfo=UTC)  # 01:00 on 24 April in Baku
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+04:00$")


class HeadReader(HTMLParser):
    """Collect the page's <meta property|name> tags and JSON-LD script bodies."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (key := attrs.get("property") or attrs.get("name")):
            self.meta.setdefault(key, []).append(attrs.get("content"))
        self._in_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"
        if self._in_json_ld:
            self.json_ld.append("")

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def handle_endtag(self, tag):
        self._in_json_ld = False


def read_head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    reader = HeadReader()
    reader.feed(response.content.decode())
    graph = {}
    for text in reader.json_ld:
        data = json.loads(text)
        graph[data["@type"]] = data
    return reader.meta, graph


def wide_image():
    image = ImageFactory(
        file=ContentFile(png_bytes(1600, 900), name="wide.png"), width=1600, height=900
    )
    make_renditions(image)
    return image


@pytest.fixture
def story():
    with time_machine.travel(NOW - timedelta(hours=3), tick=False):
        section = SectionFactory(slug="politics", name_en="Politics")
        article = ArticleFactory(
            headline="Parliament passes the budget",
            lead="The vote was 90 to 20.",
            section=section,
            lead_image=wide_image(),
            publish_at=NOW - timedelta(hours=2),
        )
    article.corrected_at = NOW - timedelta(minutes=30)
    article.save()
    article.tags.add(TagFactory(name="Budget"), TagFactory(name="Parliament"))
    article.authors.add(AuthorFactory(display_name="Aysel Məmmədova", slug="aysel"))
    return article


@time_machine.travel(NOW, tick=False)
def test_article_json_ld_is_a_news_article_with_every_property(client, story):
    _, graph = read_head(client, story.get_absolute_url())
    data = graph["NewsArticle"]
    url = f"http://testserver{story.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Parliament passes the budget"
    assert data["description"] == "The vote was 90 to 20."
    assert data["datePublished"] == "2024-04-23T23:00:00+04:00"
    assert data["dateModified"] == "2024-04-24T00:30:00+04:00"
    assert ISO_WITH_OFFSET.match(data["datePublished"])
    assert data["author"] == [
        {"@type": "Person", "name": "Aysel Məmmədova", "url": "http://testserver/en/author/aysel/"}
    ]
    assert len(data["image"]) >= 3
    assert all(u.startswith("http://testserver/") for u in data["image"])
    assert "/1200.webp" in data["image"][0]
    assert any("/thumb.webp" in u for u in data["image"])
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    assert data["publisher"]["name"] == "Newsline"
    assert data["publisher"]["logo"]["url"].startswith("http://testserver/")
    assert data["publisher"]["logo"]["url"].endswith("favicon.svg")
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["inLanguage"] == "en"
    assert data["articleSection"] == "Politics"
    assert sorted(data["keywords"]) == ["Budget", "Parliament"]
    assert "LiveBlogPosting" not in graph


@time_machine.travel(NOW, tick=False)
def test_article_breadcrumbs_lead_from_the_edition_home_through_the_section(client, story):
    _, graph = read_head(client, story.get_absolute_url())
    items = graph["BreadcrumbList"]["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3]
    assert [item["@type"] for item in items] == ["ListItem"] * 3
    assert [item["name"] for item in items] == ["Newsline", "Politics", story.headline]
    assert [item["item"] for item in items] == [
        "http://testserver/en/",
        "http://testserver/en/section/politics/",
        f"http://testserver{story.get_absolute_url()}",
    ]


@time_machine.travel(NOW, tick=False)
def test_article_open_graph_and_twitter_use_the_1200_rendition(client, story):
    meta, _ = read_head(client, story.get_absolute_url())
    assert meta["og:site_name"] == ["Newsline"]
    assert meta["og:locale"] == ["en_US"]
    assert meta["og:type"] == ["article"]
    assert meta["og:title"] == ["Parliament passes the budget"]
    assert meta["og:url"] == [f"http://testserver{story.get_absolute_url()}"]
    assert meta["og:description"] == ["The vote was 90 to 20."]
    assert meta["article:published_time"] == ["2024-04-23T23:00:00+04:00"]
    assert meta["article:modified_time"] == ["2024-04-24T00:30:00+04:00"]
    assert meta["article:section"] == ["Politics"]
    assert sorted(meta["article:tag"]) == ["Budget", "Parliament"]
    [image] = meta["og:image"]
    assert image.startswith("http://testserver/") and image.endswith("/1200.webp")
    assert meta["og:image:width"] == ["1200"]
    assert meta["og:image:height"] == ["675"]
    assert meta["og:image:alt"] == ["A red rectangle"]
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["twitter:image"] == [image]
    assert meta["twitter:title"] == ["Parliament passes the budget"]


@time_machine.travel(NOW, tick=False)
def test_an_image_without_renditions_falls_back_to_the_original(client):
    story = ArticleFactory(lead_image=ImageFactory())
    meta, graph = read_head(client, story.get_absolute_url())
    assert meta["og:image"][0].endswith(".png")
    assert meta["og:image:width"] == ["64"]
    assert graph["NewsArticle"]["image"] == meta["og:image"]


@time_machine.travel(NOW, tick=False)
def test_a_live_story_is_a_live_blog_posting_still_in_progress(client):
    started = NOW - timedelta(hours=1)
    story = ArticleFactory(kind="live", publish_at=started, first_published_at=started)
    _, graph = read_head(client, story.get_absolute_url())
    assert "NewsArticle" not in graph
    data = graph["LiveBlogPosting"]
    assert data["coverageStartTime"] == "2024-04-24T00:00:00+04:00"
    assert "coverageEndTime" not in data
    assert "liveBlogUpdate" not in data
    assert data["headline"] == story.headline
    assert data["author"] == []
    assert "image" not in data


@time_machine.travel(NOW, tick=False)
def test_a_story_without_an_image_gets_a_summary_card(client):
    story = ArticleFactory(kind="video")
    meta, graph = read_head(client, story.get_absolute_url())
    assert meta["twitter:card"] == ["summary"]
    assert "og:image" not in meta
    assert "VideoObject" not in graph  # No video embed field exists yet.


@time_machine.travel(NOW, tick=False)
def test_json_ld_cannot_be_closed_by_a_headline(client):
    story = ArticleFactory(headline='Hack</script><script>alert("x")</script> & <!-- more')
    html = client.get(story.get_absolute_url()).content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert scripts
    for text in scripts:
        assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003C/script\\u003E" in scripts[0]
    assert json.loads(scripts[0])["headline"] == story.headline
    assert "<script>alert" not in html


@time_machine.travel(NOW, tick=False)
def test_home_json_ld_is_a_web_site_with_a_search_action(client, story):
    meta, graph = read_head(client, "/az/")
    data = graph["WebSite"]
    assert data["url"] == "http://testserver/az/"
    assert data["inLanguage"] == "az"
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    assert data["publisher"]["name"] == "Newsline"
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/az/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert meta["og:locale"] == ["az_AZ"]
    assert meta["og:type"] == ["website"]
    assert meta["og:url"] == ["http://testserver/az/"]
    assert meta["twitter:card"] == ["summary"]  # The English story is not in this edition.


@time_machine.travel(NOW, tick=False)
def test_home_shares_its_lead_story_picture(client, story, settings):
    meta, graph = read_head(client, "/en/")
    assert meta["og:image"][0].endswith("/1200.webp")
    assert meta["twitter:card"] == ["summary_large_image"]
    assert list(graph) == ["WebSite"]
    # Rendered again around the home page's kept content, it still knows the picture.
    settings.NEWSLINE_PAGE_CACHE_SECONDS = 0
    assert read_head(client, "/en/")[0]["og:image"] == meta["og:image"]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("language, locale", [("en", "en_US"), ("ru", "ru_RU")])
def test_listing_pages_carry_open_graph_without_json_ld(client, story, language, locale):
    meta, graph = read_head(client, f"/{language}/section/politics/")
    assert meta["og:locale"] == [locale]
    assert meta["og:type"] == ["website"]
    assert meta["og:url"] == [f"http://testserver/{language}/section/politics/"]
    assert meta["og:title"][0].endswith("— Newsline")
    assert meta["twitter:card"] == ["summary"]
    assert graph == {}
