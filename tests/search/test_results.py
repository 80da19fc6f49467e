"""What search may return: visible stories of the edition (DESIGN invariant 1), filtered."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from newsline.content.models import Article
from newsline.search.backends import get_backend
from newsline.search.services import find_article_ids, search_articles
from tests.factories import SectionFactory
from tests.search.conftest import NOW, headlines, story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_only_visible_stories_of_the_edition_are_found():
    story(headline="Harbour published")
    story(headline="Harbour draft", status="draft", publish_at=None, first_published_at=None)
    story(headline="Harbour in review", status="review", publish_at=None, first_published_at=None)
    story(headline="Harbour scheduled", publish_at=NOW + timedelta(minutes=1))
    story(headline="Harbour withdrawn", status="withdrawn")
    story(headline="Harbour in Azerbaijani", language="az")
    story(headline="Harbour in Russian", language="ru")
    assert headlines("en", "harbour") == ["Harbour published"]


def test_a_scheduled_story_is_found_at_its_minute_with_nothing_reindexed():
    at = NOW + timedelta(hours=2)
    story(headline="Harbour opens at eleven", publish_at=at)
    assert headlines("en", "harbour") == []
    with time_machine.travel(at, tick=False):
        assert headlines("en", "harbour") == ["Harbour opens at eleven"]


def test_filter_by_section_and_kind():
    politics, sport = SectionFactory(slug="politics"), SectionFactory(slug="sport")
    story(headline="Harbour vote", section=politics)
    story(headline="Harbour regatta", section=sport)
    story(headline="Harbour regatta video", section=sport, kind="video")
    assert headlines("en", "harbour", section="politics") == ["Harbour vote"]
    assert sorted(headlines("en", "harbour", section="sport")) == [
        "Harbour regatta",
        "Harbour regatta video",
    ]
    assert headlines("en", "harbour", section="sport", kind="video") == ["Harbour regatta video"]
    assert headlines("en", "harbour", kind="opinion") == []
    assert headlines("en", "harbour", section="no-such-section") == []


def test_filter_by_days_in_the_site_time_zone():
    baku = timezone.get_default_timezone()  # Asia/Baku, UTC+4
    for day, hour in [(20, 0), (21, 23), (22, 12)]:
        at = datetime(2024, 4, day, hour, 30, tzinfo=baku)
        story(headline=f"Harbour on the {day}th", publish_at=at)
    assert sorted(headlines("en", "harbour", date_from=date(2024, 4, 21))) == [
        "Harbour on the 21th",
        "Harbour on the 22th",
    ]
    assert sorted(headlines("en", "harbour", date_to=date(2024, 4, 21))) == [
        "Harbour on the 20th",
        "Harbour on the 21th",
    ]
    one_day = {"date_from": date(2024, 4, 21), "date_to": date(2024, 4, 21)}
    assert headlines("en", "harbour", **one_day) == ["Harbour on the 21th"]
    backwards = {"date_from": date(2024, 4, 22), "date_to": date(2024, 4, 20)}
    assert headlines("en", "harbour", **backwards) == []


def test_dates_at_the_ends_of_the_calendar_do_not_fail():
    story(headline="Harbour")
    assert headlines("en", "harbour", date_from=date.min, date_to=date.max) == ["Harbour"]


def test_results_are_articles_ready_for_a_listing(django_assert_max_num_queries):
    for i in range(30):
        story(headline=f"Harbour story {i}")
    # At most: the newest matches (PostgreSQL: the latest stories, those matching, else all
    # matches), the ranking, the page's rows; on PostgreSQL also SET LOCAL for serial plans
    # and, inside a test's transaction, a savepoint pair.
    with django_assert_max_num_queries(8):
        page = search_articles("en", "harbour", limit=25)
        assert [article.section.slug for article in page.items]
        assert all(article.get_absolute_url() for article in page.items)
    assert len(page.items) == 25 and page.next_cursor


def test_the_newsroom_gets_each_editions_newest_matches_whatever_their_status(monkeypatch):
    monkeypatch.setattr(type(get_backend()).__module__ + ".MAX_RANKED", 3)
    made = {
        (language, age): story(
            language=language, headline=f"Harbour {language} {age}", status=status,
            publish_at=NOW - timedelta(days=age),
        )
        for language in ("en", "ru")
        for age, status in [(-1, "scheduled"), (2, "published"), (3, "withdrawn"), (4, "published")]
    }  # fmt: skip
    story(language="en", headline="Council meets", publish_at=NOW - timedelta(hours=2))

    found = find_article_ids("harbour", candidates=Article.objects.all())

    # Per edition, newest first, at most MAX_RANKED: the fourth-newest is left out.
    newest = [made[language, age].id for language in ("en", "ru") for age in (-1, 2, 3)]
    assert found == newest
