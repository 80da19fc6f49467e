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


def test_reader_pages_and_feeds_run_no_script_from_any_field(client):
    world = build_world()
    pages = Pages(client)
    home = pages.html("/en/")
    assert MARK in home  # the stories are there, escaped, not dropped
    pages.html("/en/archive/")
    for pk in world.articles:
        pages.html(f"/en/{pk}/")
    for kind, items in (("section", world.sections), ("tag", world.tags),
                        ("author", world.authors)):  # fmt: skip
        for item in items:
            pages.html(f"/en/{kind}/{item.slug}/")
            pages.feed(f"/en/{kind}/{item.slug}/feed/rss/")
    pages.feed(f"/en/author/{world.authors[0].slug}/feed/atom/")
    for path in ("/en/feed/rss/", "/en/feed/atom/", "/az/feed/rss/"):
        pages.feed(path)
    results = pages.html("/en/search/", q=MARK.lower())
    assert results.count("<mark>") >= len(world.articles)
    pages.check()


def test_every_vector_as_a_search_query_is_shown_escaped(client):
    pages = Pages(client, answers=(200, 400))  # 400: a filter that names nothing
    for number, vector in enumerate(VECTORS):
        pages.html("/en/search/", q=vector)
        if number % 8 == 0:  # the filters are echoed back in the form too
            pages.html("/en/search/", q=vector, section=vector, kind=vector, date_from=vector)
    pages.check()


def test_structured_data_is_json_that_cannot_close_its_element(client):
    world = build_world(with_live=True)
    blocks = 0
    for path in [f"/en/{pk}/" for pk in world.articles] + ["/en/", "/en/author/x-a0/"]:
        html = client.get(path, follow=True).content.decode()
        for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            data = json.loads(text)  # the whole element is one JSON document
            assert "<" not in text, "markup characters are escaped inside JSON-LD"
            assert data
            blocks += 1
    assert blocks >= len(world.articles)
    live = json.loads(
        re.search(
            r'<script type="application/ld\+json">(.*?)</script>',
            client.get(f"/en/{world.live_story}/", follow=True).content.decode(),
            re.S,
        )[1]
    )
    assert "LiveBlogPosting" in json.dumps(live)


def test_sitemaps_carry_no_script_urls(client):
    build_world(with_live=False)
    pages = Pages(client)
    index = pages.get("/sitemap.xml")
    assert_feed_safe(index.content, "/sitemap.xml")
    for location in etree.fromstring(index.content).iter("{*}loc"):
        pages.feed(location.text.removeprefix("http://testserver"))
    pages.check()


def test_live_blog_events_and_pages_carry_no_script(client):
    world = build_world()
    events = list(Event.objects.filter(kind__in=["entry", "story"]))
    assert len(events) > len(world.articles)
    problems = []
    for event in events:
        problems += [f"{event.kind} event: {p}" for p in script_problems(event.data["html"])]
        json.dumps(event.data)  # what the stream sends is JSON
    entries = Event.objects.filter(kind="entry").count()
    assert entries + len(world.refused_entries) >= len(world.articles)
    page = client.get(f"/en/{world.live_story}/", follow=True).content.decode()
    problems += script_problems(page)
    assert not problems, "\n".join(problems)


def test_api_answers_are_json_and_their_html_runs_no_script(client):
    world = build_world(with_live=False)
    assert not world.api_problems, world.api_problems
    pages = Pages(client)
    listing = pages.json("/api/v1/articles", edition="en")
    assert {item["id"] for item in listing["items"]} <= set(world.articles)
    assert listing["items"] and listing["next"]
    for pk in world.articles:
        detail = pages.json(f"/api/v1/articles/{pk}")
        pages.problems += [f"api {pk}: {p}" for p in script_problems(detail["body"])]
        assert MARK in detail["headline"]
    for path in ("/api/v1/sections", "/api/v1/tags", "/api/v1/authors", "/api/v1/newsline/en"):
        pages.json(path)
    pages.check()
