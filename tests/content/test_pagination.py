"""DESIGN invariant 6: keyset pagination with opaque cursors."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import BadRequest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from newsline.content.models import Article
from newsline.content.pagination import Cursor, keyset_page, parse_cursor
from tests.factories import ArticleFactory, SectionFactory

T0 = datetime(2024, 4, 23, 12, 0, tzinfo=UTC)


def page_after(token: str | None, size: int):
    """One newest-first page of visible stories, as a reader page loads it."""
    cursor = parse_cursor(token)
    return keyset_page(Article.objects.visible(before=cursor).newest_first(), size)


def test_cursor_round_trips_to_the_microsecond():
    cursor = Cursor(datetime(2024, 4, 23, 12, 0, 5, 123457, tzinfo=UTC), 987654321)
    assert Cursor.decode(cursor.encode()) == cursor


@pytest.mark.parametrize(
    "token",
    ["", "garbage", "abc-12", "zzzzzz-1.AAAA", "-1-1", "a" * 5000, "💥", "1-1:" + "x" * 20],
)
def test_malformed_cursors_are_refused(token):
    with pytest.raises(BadRequest):
        Cursor.decode(token)


def test_tampered_and_truncated_cursors_are_refused():
    token = Cursor(T0, 42).encode()
    value, _sep, signature = token.rpartition(":")
    key, _dash, _id = value.partition("-")
    forged = f"{key}-zz:{signature}"  # another story's id under the old signature
    for bad in (forged, token[:-3], token[:5]):
        with pytest.raises(BadRequest):
            Cursor.decode(bad)


@pytest.mark.django_db
def test_stories_published_between_page_loads_cause_no_duplicates_or_gaps():
    section = SectionFactory()
    old = [ArticleFactory(section=section, publish_at=T0 - timedelta(minutes=i)) for i in range(25)]
    first = page_after(None, 10)
    # Two stories go out, one of them sharing the exact minute of a listed one.
    ArticleFactory(section=section, publish_at=T0 + timedelta(minutes=1))
    ArticleFactory(section=section, publish_at=old[12].publish_at)
    seen = [a.id for a in first.items]
    cursor = first.next_cursor
    while cursor:
        page = page_after(cursor, 10)
        seen += [a.id for a in page.items]
        cursor = page.next_cursor
    tie = Article.objects.get(publish_at=old[12].publish_at, id__gt=old[12].id)
    expected = [a.id for a in old]
    expected.insert(12, tie.id)  # the newer id of a tie sorts first
    assert seen == expected


class KeysetProperties(HypothesisTestCase):
    @settings(max_examples=25, deadline=None)
    @given(
        minutes=st.lists(st.integers(min_value=0, max_value=20), min_size=0, max_size=30),
        size=st.integers(min_value=1, max_value=7),
    )
    def test_pages_concatenate_to_the_whole_list_in_order(self, minutes, size):
        section = SectionFactory()
        for m in minutes:  # many ties on purpose
            ArticleFactory(section=section, publish_at=T0 - timedelta(minutes=m))
        queryset = Article.objects.visible().newest_first()
        walked, cursor = [], None
        while True:
            page = page_after(cursor, size)
            walked += [a.id for a in page.items]
            if not page.next_cursor:
                break
            cursor = page.next_cursor
        assert walked == list(queryset.values_list("id", flat=True))
