"""Every XSS vector, typed into every field, runs no script on any page, feed or API answer.

The world (tests/security/world.py) carries each vector in headline, lead, body, slug,
image caption and alternative text, author name and biography, section and tag names and a
live blog entry; the tests fetch every place that shows them and parse what comes back.
"""

import json
import re

import pytest
from lxml import etree

from newsline.live.models import Event
from tests.security.markup import assert_feed_safe, script_problems
from tests.security.vectors import VECTORS
from tests.security.world import MARK, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _roomy_api(settings):
    settings.NEWSLINE_API_RATE_WRITES_PER_MINUTE = 10_000
    settings.NEWSLINE_API_RATE_READS_PER_MINUTE = 10_000


class Pages:
    """Fetch addresses and collect every problem, so one run reports them all."""

    def __init__(self, client, answers=(200,)):
        self.client = client
        self.answers = answers
        self.problems: list[str] = []
        self.fetched = 0

    def get(self, path: str, **params):
        response = self.client.get(path, params or None, follow=True)
        self.fetched += 1
        if response.status_code not in self.answers:
            self.problems.append(f"{path} {params}: status {response.status_code}")
        return response

    def html(self, path: str, **params) -> str:
        response = self.get(path, **params)
        text = response.content.decode()
        self.problems += [f"{path} {params}: {p}" for p in script_problems(text)]
        return text

    def feed(self, path: str) -> None:
        response = self.get(path)
        try:
            assert_feed_safe(response.content, path)
        except (AssertionError, etree.XMLSyntaxError, SyntaxError) as error:
            self.problems.append(str(error))

    def json(self, path: str, **params) -> dict:
        response = self.get(path, **params)
        if not response["Content-Type"].startswith("application/json"):
            self.problems.append(f"{path}: answered as {response['Content-Type']}")
        return response.json()

    def check(self):
        assert not self.problems, f"{len(self.problems)} problems:\n" + "\n".join(self.problems)


def test_no_page_feed_sitemap_api_answer_or_live_event_runs_script_from_any_field(client):
    """One hostile newsroom, every place that shows it (one build: it is the slow part)."""
    world = build_world()
    pages = Pages(client)
    _reader_pages(world, pages)
    _sitemaps(pages)
    _api_answers(world, pages)
    pages.problems += _structured_data(world, client)
    pages.problems += _live_events(world, client)
    pages.check()


def _reader_pages(world, pages) -> None:
    home = pages.html("/en/")
    assert MARK in home  # the stories are there, escaped, not dropped
    pages.html("/en/archive/")
    for pk in world.articles:
        pages.html(f"/en/{pk}/")
    # Every section's name is on the home page's menu; the sections with stories get their
    # own page and feed. Every tag and author page is fetched (names in titles, biographies).
    for section in _with_stories(world.sections):
        pages.html(f"/en/section/{section.slug}/")
        pages.feed(f"/en/section/{section.slug}/feed/rss/")
    for kind, items in (("tag", world.tags), ("author", world.authors)):
        for number, item in enumerate(items):
            pages.html(f"/en/{kind}/{item.slug}/")
            if number % 6 == 0:  # the feed's title and categories carry the same names
                pages.feed(f"/en/{kind}/{item.slug}/feed/rss/")
                pages.feed(f"/en/{kind}/{item.slug}/feed/atom/")
    for path in ("/en/feed/rss/", "/en/feed/atom/", "/az/feed/rss/"):
        pages.feed(path)
    results = pages.html("/en/search/", q=MARK.lower())
    assert results.count("<mark>") >= len(world.articles)


def _with_stories(sections) -> list:
    from newsline.content.models import Article

    used = set(Article.objects.values_list("section_id", flat=True))
    return [section for section in sections if section.pk in used]


def _sitemaps(pages) -> None:
    index = pages.get("/sitemap.xml")
    assert_feed_safe(index.content, "/sitemap.xml")
    for location in etree.fromstring(index.content).iter("{*}loc"):
        pages.feed(location.text.removeprefix("http://testserver"))


def _api_answers(world, pages) -> None:
    pages.problems += world.api_problems  # the bodies the writes answered with
    listing = pages.json("/api/v1/articles", edition="en")
    assert {item["id"] for item in listing["items"]} <= set(world.articles)
    assert listing["items"] and listing["next"]
    for pk in world.articles:
        detail = pages.json(f"/api/v1/articles/{pk}")
        pages.problems += [f"api {pk}: {p}" for p in script_problems(detail["body"])]
        assert MARK in detail["headline"]
    for path in ("/api/v1/sections", "/api/v1/tags", "/api/v1/authors", "/api/v1/newsline/en"):
        pages.json(path)


def _structured_data(world, client) -> list[str]:
    """JSON-LD is one JSON document per element, with no markup character to close it."""
    problems, blocks = [], 0
    for path in [f"/en/{pk}/" for pk in world.articles] + ["/en/", "/en/author/x-a0/"]:
        html = client.get(path, follow=True).content.decode()
        for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            try:
                assert json.loads(text)
            except ValueError as error:
                problems.append(f"{path}: JSON-LD that is not JSON: {error}")
            if "<" in text:
                problems.append(f"{path}: a markup character inside JSON-LD")
            blocks += 1
    assert blocks >= len(world.articles)
    live = client.get(f"/en/{world.live_story}/", follow=True).content.decode()
    assert "LiveBlogPosting" in live
    return problems


def _live_events(world, client) -> list[str]:
    """The markup the live stream carries (each event's html) runs no script either."""
    events = list(Event.objects.filter(kind__in=["entry", "story"]))
    assert len(events) > len(world.articles)
    problems = []
    for event in events:
        problems += [f"{event.kind} event: {p}" for p in script_problems(event.data["html"])]
        json.dumps(event.data)  # what the stream sends is JSON
    entries = Event.objects.filter(kind="entry").count()
    assert entries + len(world.refused_entries) >= len(world.articles)
    page = client.get(f"/en/{world.live_story}/", follow=True).content.decode()
    return problems + [f"live page: {p}" for p in script_problems(page)]


def test_every_vector_as_a_search_query_is_shown_escaped(client):
    pages = Pages(client, answers=(200, 400))  # 400: a filter that names nothing
    for number, vector in enumerate(VECTORS):
        pages.html("/en/search/", q=vector)
        if number % 8 == 0:  # the filters are echoed back in the form too
            pages.html("/en/search/", q=vector, section=vector, kind=vector, date_from=vector)
    pages.check()
