"""On PostgreSQL a word's newest matches are looked for in windows of the newest stories."""

from datetime import timedelta

import pytest
from django.db import connection

from newsline.content.models import Article
from newsline.search.backends import postgres
from newsline.search.services import find_article_ids, index_articles
from tests.search.conftest import NOW, headlines, story

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's search path"),
]


@pytest.fixture(
    params=[(0, 5000, 10**6), (10**6, 5000, 10**6), (10**6, 2, 10**6), (0, 5000, 0)],
    ids=["windows", "a rare word's matches", "too many matches to collect", "checked by id"],
)
def small_pools(request, monkeypatch):
    """Windows of a day or a few stories, so a handful plays the part of a million.

    Each way to the newest matches is taken in turn: windows alone; every word taken for
    rare and its matches collected; every word taken for rare but found to have too many;
    every window taken for one a filter thins out, its stories checked by id.
    """
    rare_in_first_window, matched_limit, window_rows = request.param
    monkeypatch.setattr(postgres, "FIRST_DAYS", 1)
    monkeypatch.setattr(postgres, "FIRST_WINDOW", 2)
    monkeypatch.setattr(postgres, "RARE_IN_FIRST_WINDOW", rare_in_first_window)
    monkeypatch.setattr(postgres, "MATCHED_LIMIT", matched_limit)
    monkeypatch.setattr(postgres, "WINDOW_ROWS", window_rows)
    monkeypatch.setattr(postgres, "WIDEN_MATCHED", 2)
    monkeypatch.setattr(postgres, "MAX_RANKED", 3)


@pytest.mark.parametrize(
    "ages", [(1, 2, 3, 4, 40), (1, 20, 30, 40, 400), (100, 200, 300, 400, 500)]
)
def test_the_newest_matches_are_ranked_wherever_they_are(small_pools, ages):
    for age in ages:
        story(headline=f"Harbour report {age}", publish_at=NOW - timedelta(days=age, hours=1))
        story(headline=f"Council meets {age}", publish_at=NOW - timedelta(days=age))
    newest = [f"Harbour report {age}" for age in sorted(ages)[:3]]
    assert sorted(headlines("en", "harbour")) == sorted(newest)


def test_the_newsroom_finds_drafts_among_the_newest_matches(small_pools):
    draft = story(
        headline="Harbour draft", status="draft", publish_at=None, first_published_at=None
    )
    for age in (1, 2, 3, 4):
        story(headline=f"Harbour report {age}", publish_at=NOW - timedelta(days=age))
    found = find_article_ids("harbour", candidates=draft.__class__.objects.all())
    assert draft.id in found


def test_a_rescheduled_story_is_found_at_its_new_time(small_pools):
    moved = story(headline="Harbour report moved", publish_at=NOW - timedelta(days=900))
    for age in (1, 2, 3):
        story(headline=f"Harbour report {age}", publish_at=NOW - timedelta(days=age))
    assert "Harbour report moved" not in headlines("en", "harbour")
    moved.publish_at = NOW - timedelta(minutes=5)
    moved.save()
    index_articles(ids=[moved.id])
    assert "Harbour report moved" in headlines("en", "harbour")


def test_stories_of_the_same_minute_are_taken_newest_first(small_pools):
    """A window's edge falls inside a run of stories of one minute: none is lost or repeated."""
    same = NOW - timedelta(hours=2)
    tied = [story(headline=f"Harbour report {n}", publish_at=same) for n in range(5)]
    for age in (1, 2):
        story(headline=f"Council meets {age}", publish_at=NOW - timedelta(minutes=age))
    newest = sorted(tied, key=lambda article: article.id, reverse=True)[:3]
    found = find_article_ids("harbour", candidates=Article.objects.all())
    assert found == [article.id for article in newest]


def test_stories_readers_cannot_see_yet_do_not_hide_older_matches(small_pools):
    for days in (1, 2, 3, 4):
        story(
            headline=f"Harbour plan {days}",
            status="scheduled",
            publish_at=NOW + timedelta(days=days),
        )
    for age in (5, 6, 7, 8):
        story(headline=f"Harbour report {age}", publish_at=NOW - timedelta(days=age))
    assert sorted(headlines("en", "harbour")) == [f"Harbour report {age}" for age in (5, 6, 7)]


def test_the_newsroom_finds_drafts_first_when_there_are_many(small_pools):
    drafts = [
        story(
            headline=f"Harbour draft {n}", status="draft", publish_at=None, first_published_at=None
        )
        for n in range(4)
    ]
    story(headline="Harbour report", publish_at=NOW - timedelta(days=1))
    found = find_article_ids("harbour", candidates=Article.objects.all())
    assert found == [draft.id for draft in reversed(drafts)][:3]


def test_a_date_range_in_the_past_finds_its_own_newest_matches(small_pools):
    for age in (1, 2, 3, 40, 41, 42, 43):
        story(headline=f"Harbour report {age}", publish_at=NOW - timedelta(days=age))
    before = (NOW - timedelta(days=30)).date()
    found = headlines("en", "harbour", date_to=before)
    assert sorted(found) == [f"Harbour report {age}" for age in (40, 41, 42)]


def test_the_oldest_story_is_found_when_a_window_reaches_back_to_its_day(small_pools):
    # Two matches on the newest day widen the next window to three days: the oldest story,
    # three days back, lies just beyond it, in the window after.
    for hours in (1, 2):
        story(headline=f"Harbour report {hours}", publish_at=NOW - timedelta(hours=hours))
    story(headline="Harbour report oldest", publish_at=NOW - timedelta(days=3))
    assert sorted(headlines("en", "harbour")) == [
        "Harbour report 1",
        "Harbour report 2",
        "Harbour report oldest",
    ]
