"""Ranking (headline > lead > body, recent first among equals) and keyset pages."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import BadRequest

from newsline.search.services import search_articles
from tests.search.conftest import NOW, headlines, story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
FILLER = "<p>The council met on Monday and talked for an hour.</p>"


def test_a_headline_match_ranks_above_a_lead_match_above_a_body_match():
    at = NOW - timedelta(hours=3)
    for headline, lead, first_paragraph in [
        ("Council meets", "Members talked.", "Harbour."),
        ("Harbour plan", "Members talked.", "Nothing."),
        ("Council votes", "Harbour talked.", "Nothing."),
    ]:
        story(headline=headline, lead=lead, body=f"<p>{first_paragraph}</p>{FILLER}", publish_at=at)
    assert headlines("en", "harbour") == ["Harbour plan", "Council votes", "Council meets"]


def test_recent_stories_are_boosted():
    for days in (400, 2, 30):
        story(headline=f"Harbour report {days}", publish_at=NOW - timedelta(days=days))
    assert headlines("en", "harbour") == [
        "Harbour report 2",
        "Harbour report 30",
        "Harbour report 400",
    ]


def test_recency_does_not_outweigh_where_the_match_is():
    story(headline="Harbour plan", lead="", publish_at=NOW - timedelta(days=365))
    story(headline="Council votes", lead="", body="<p>Harbour.</p>", publish_at=NOW)
    assert headlines("en", "harbour") == ["Harbour plan", "Council votes"]


def collect(language: str, query: str, limit: int, **options) -> list[int]:
    """Follow next_cursor to the end; return the ids in order."""
    ids, cursor = [], None
    while True:
        page = search_articles(language, query, cursor=cursor, limit=limit, **options)
        ids += [article.id for article in page.items]
        assert len(page.items) <= limit
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


def test_pages_have_no_duplicates_or_gaps():
    made = [story(headline=f"Harbour {i}", publish_at=NOW - timedelta(hours=i)) for i in range(23)]
    tied = NOW - timedelta(days=3)  # equal score and time: ordered by id
    made += [story(headline="Harbour tie", publish_at=tied) for _ in range(5)]
    story(headline="Something else")
    ids = collect("en", "harbour", limit=4)
    assert len(ids) == len(set(ids)) == len(made)
    assert ids == [article.id for article in search_articles("en", "harbour", limit=100).items]


def test_pages_hold_still_when_time_passes_and_stories_appear():
    for i in range(6):
        story(headline=f"Harbour {i}", publish_at=NOW - timedelta(days=i))
    first = search_articles("en", "harbour", limit=3)
    story(headline="Harbour newcomer", publish_at=NOW + timedelta(minutes=5))
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        second = search_articles("en", "harbour", limit=3, cursor=first.next_cursor)
    ids = [a.id for a in first.items + second.items]
    assert len(set(ids)) == 6 and second.next_cursor is None


@pytest.mark.parametrize("cursor", ["", "garbage", "a" * 5000, "💥", "1-2-3-4-abc:xyz"])
def test_damaged_cursors_are_refused(cursor):
    story(headline="Harbour")
    with pytest.raises(BadRequest, match="damaged or out of date"):
        search_articles("en", "harbour", cursor=cursor)


def test_a_cursor_only_continues_its_own_search():
    for i in range(3):
        story(headline=f"Harbour budget {i}", kind="video")
    cursor = search_articles("en", "harbour", limit=1).next_cursor
    assert search_articles("en", "harbour", limit=1, cursor=cursor).items
    for other in [
        {"query": "budget"},
        {"query": "harbour", "kind": "video"},
        {"query": "harbour", "language": "az"},
    ]:
        options = {"language": "en", "limit": 1, "cursor": cursor} | other
        with pytest.raises(BadRequest):
            search_articles(options.pop("language"), options.pop("query"), **options)


def test_only_the_newest_matches_are_ranked(monkeypatch):
    """A common word ranks its newest MAX_RANKED matches; older ones are left out."""
    for module in ("sqlite", "postgres"):
        monkeypatch.setattr(f"newsline.search.backends.{module}.MAX_RANKED", 3)
    story(headline="Harbour old headline", lead="", publish_at=NOW - timedelta(days=30))
    for hours in (1, 2, 3):
        at = NOW - timedelta(hours=hours)
        story(headline=f"Council {hours}", lead="", body="<p>harbour</p>", publish_at=at)
    assert headlines("en", "harbour") == ["Council 1", "Council 2", "Council 3"]
    for module in ("sqlite", "postgres"):
        monkeypatch.setattr(f"newsline.search.backends.{module}.MAX_RANKED", 4)
    assert headlines("en", "harbour")[0] == "Harbour old headline"
