"""On PostgreSQL a common word's newest matches are looked for among the latest stories first."""

from datetime import timedelta

import pytest
from django.db import connection

from newsline.search.backends import postgres
from newsline.search.services import find_article_ids
from tests.search.conftest import NOW, headlines, story

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's search path"),
]


@pytest.fixture
def small_pools(monkeypatch):
    """Pools of a few stories, so a handful plays the part of a million."""
    monkeypatch.setattr(postgres, "RECENT", (2, 4))
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
