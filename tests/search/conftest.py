"""Helpers for the search contract: stories indexed as they are made, time frozen."""

from datetime import UTC, datetime

import pytest
import time_machine

from newsline.content.models import Article
from newsline.search.services import index_articles, remove_articles, search_articles
from tests.factories import ArticleFactory

NOW = datetime(2024, 4, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    """Freeze the clock at NOW (stories are published an hour before unless told otherwise)."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def clean_index():
    """Leave no index entries behind a transactional test: flush empties only model tables."""
    yield
    remove_articles(ids=Article.objects.values_list("id", flat=True))


def story(**fields) -> Article:
    """Make an article and index it, as the on-commit handler would."""
    article = ArticleFactory(**fields)
    index_articles(ids=[article.id])
    return article


def headlines(language: str, query: str, **options) -> list[str]:
    """The headlines of the first page of results, best first."""
    return [article.headline for article in search_articles(language, query, **options).items]
