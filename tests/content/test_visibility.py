"""DESIGN invariant 1: what readers see is one predicate, true at the story's minute."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from newsline.content.models import Article
from tests.factories import ArticleFactory

NOW = datetime(2024, 4, 23, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("status", "publish_at", "visible"),
    [
        ("draft", None, False),
        ("review", None, False),
        ("draft", NOW - timedelta(hours=1), False),
        ("published", NOW + timedelta(minutes=1), False),  # scheduled, in the future
        ("published", NOW - timedelta(minutes=1), True),  # scheduled, its time has come
        ("published", NOW, True),
        ("withdrawn", NOW - timedelta(days=1), False),
    ],
)
def test_visibility_predicate(status, publish_at, visible):
    article = ArticleFactory(status=status, publish_at=publish_at, first_published_at=None)
    assert Article.objects.visible().filter(pk=article.pk).exists() is visible


def test_scheduled_story_appears_at_its_minute_with_nothing_running(client):
    at = datetime(2024, 4, 23, 9, 0, tzinfo=UTC)
    article = ArticleFactory(headline="The nine o'clock story", publish_at=at)
    with time_machine.travel(at - timedelta(seconds=1), tick=False):
        assert not Article.objects.visible().filter(pk=article.pk).exists()
        assert client.get(article.get_absolute_url()).status_code == 404
        assert "nine o&#x27;clock" not in client.get("/en/").content.decode()
    with time_machine.travel(at, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "nine o&#x27;clock" in client.get("/en/").content.decode()


def test_published_articles_must_have_a_time():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(status="published", publish_at=None)
