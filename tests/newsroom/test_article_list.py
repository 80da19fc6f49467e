"""The newsroom's article list costs the same on a million stories as on ten."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsline.content.models import Article
from newsline.newsroom.admin import changelist
from newsline.search.services import index_articles
from tests.factories import ArticleFactory, SectionFactory, newsroom_user

pytestmark = pytest.mark.django_db

URL = "/newsroom/content/article/"
VIEWS = [
    {},
    {"status__exact": "published"},
    {"language__exact": "az", "kind__exact": "video"},
    {"is_breaking__exact": "1"},
    {"publish_at__gte": "2020-01-01 00:00:00+04:00"},
    {"q": "harbour"},
    {"p": "2"},
]


@pytest.fixture
def chief(client):
    user = newsroom_user("chief editor")
    client.force_login(user)
    return user


def stories(count: int, **fields) -> list[Article]:
    """Make stories in a few editions and sections, indexed as the on-commit handler would."""
    sections = [SectionFactory(), SectionFactory()]
    made = [
        ArticleFactory(
            language=["en", "az", "ru"][i % 3],
            section=sections[i % 2],
            kind=["news", "video"][i % 2],
            **fields,
        )
        for i in range(count)
    ]
    index_articles(ids=[article.id for article in made])
    return made


def list_queries(client, params: dict) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def unbounded_counts(queries: list[str]) -> list[str]:
    """COUNT queries that read every matching row: no LIMIT bounds them."""
    return [sql for sql in queries if re.search(r"COUNT\(", sql) and " LIMIT " not in sql]


@pytest.mark.parametrize("params", VIEWS, ids=lambda params: ",".join(params) or "all")
def test_the_list_runs_the_same_queries_whatever_the_archive_size(client, chief, params):
    stories(3)
    few = list_queries(client, params)
    stories(130)
    many = list_queries(client, params)
    assert len(many) == len(few)
    assert unbounded_counts(many) == []


def test_a_large_result_is_estimated_not_counted(client, chief, monkeypatch):
    monkeypatch.setattr(changelist, "EXACT_UP_TO", 5)
    stories(12)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"status__exact": "published"})
    shown = response.context["cl"].result_count
    queries = [query["sql"] for query in captured.captured_queries]
    if connection.vendor == "postgresql":
        # The planner's estimate where it is large, else the count up to the bound.
        assert shown >= 6 and unbounded_counts(queries) == []
        assert any(sql.startswith("EXPLAIN") for sql in queries)
    else:
        assert shown == 12  # SQLite has no estimate and counts in full


def test_search_finds_words_anywhere_in_any_status_and_by_number(client, chief):
    draft = ArticleFactory(
        language="az", headline="Yeni körpü", lead="Şəhərin limanında tikinti", status="draft",
        publish_at=None, first_published_at=None,
    )  # fmt: skip
    published = ArticleFactory(language="en", headline="The harbour reopens")
    other = ArticleFactory(language="ru", headline="Другая новость")
    index_articles(ids=[draft.id, published.id, other.id])

    def found(params):
        html = client.get(URL, params).content.decode()
        return {a.headline for a in (draft, published, other) if a.headline in html}

    assert found({"q": "LİMANINDA"}) == {draft.headline}  # Azerbaijani folding, in the lead
    assert found({"q": "harbours"}) == {published.headline}  # English stemming
    assert found({"q": str(other.id)}) == {other.headline}
    assert found({"q": "harbour", "language__exact": "az"}) == set()
    assert found({"q": "no such words"}) == set()


def test_only_the_time_column_sorts(client, chief):
    ArticleFactory(headline="Alpha")

    def ordering(params):
        response = client.get(URL, params)
        assert response.status_code == 200
        return [str(field) for field in response.context["cl"].queryset.query.order_by]

    assert not any("headline" in field for field in ordering({"o": "1"}))  # a typed address
    assert ordering({"o": "6"})[0] == "publish_at"  # the time column, oldest first
