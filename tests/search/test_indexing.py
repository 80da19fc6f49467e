"""Keeping the index up to date: on commit after each save or delete, and `newsline reindex`."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from newsline.content.models import Article
from newsline.search.backends import get_backend
from newsline.search.backends.postgres import PostgresBackend
from newsline.search.backends.sqlite import SqliteBackend
from newsline.search.models import SearchDocument
from newsline.search.services import index_articles
from tests.factories import ArticleFactory, SectionFactory
from tests.search.conftest import headlines


def test_the_backend_follows_the_database(settings):
    engine = settings.DATABASES["default"]["ENGINE"]
    expected = PostgresBackend if "postgresql" in engine else SqliteBackend
    assert isinstance(get_backend(), expected)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("clean_index")
def test_a_story_is_indexed_when_its_transaction_commits():
    with transaction.atomic():
        article = ArticleFactory(headline="Harbour budget approved")
        assert headlines("en", "harbour") == []  # not before commit
    assert headlines("en", "harbour") == ["Harbour budget approved"]

    article.headline = "Council budget approved"
    article.save()
    assert headlines("en", "harbour") == []
    assert headlines("en", "council") == ["Council budget approved"]

    article.delete()
    assert headlines("en", "council") == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("clean_index")
def test_a_rolled_back_save_is_not_indexed():
    with pytest.raises(RuntimeError), transaction.atomic():
        ArticleFactory(headline="Harbour budget approved")
        raise RuntimeError("the editor's save failed")
    assert headlines("en", "harbour") == []


@pytest.mark.django_db
def test_saves_and_deletes_index_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(headline="Harbour budget approved")
    assert headlines("en", "harbour") == ["Harbour budget approved"]
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert headlines("en", "harbour") == []


@pytest.mark.django_db
def test_indexing_a_deleted_article_forgets_it():
    article = ArticleFactory(headline="Harbour")
    index_articles(ids=[article.id])
    Article.objects.filter(pk=article.pk)._raw_delete(Article.objects.db)  # no signals
    index_articles(ids=[article.id])
    assert get_backend().search("en", "harbour").items == []


def entries() -> int:
    """How many index entries there are, whatever the backend."""
    if connection.vendor == "postgresql":
        return SearchDocument.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_fts")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_reindex_rebuilds_what_bulk_inserts_bypassed(frozen):
    section = SectionFactory()
    Article.objects.bulk_create(
        Article(
            language=language,
            headline=f"Harbour {language} {i}",
            slug=f"harbour-{language}-{i}",
            section=section,
            status="published",
            publish_at=frozen - timedelta(hours=i + 1),
        )
        for i in range(3)
        for language in ("en", "az")
    )
    assert headlines("en", "harbour") == [] and entries() == 0
    out = io.StringIO()
    call_command("reindex", batch_size=4, verbosity=0, stdout=out)
    assert out.getvalue() == "Indexed 6 articles.\n"
    assert headlines("en", "harbour") == ["Harbour en 0", "Harbour en 1", "Harbour en 2"]
    assert len(headlines("az", "harbour")) == 3 and entries() == 6


@pytest.mark.django_db
def test_reindex_prunes_entries_of_articles_that_are_gone():
    kept, gone = ArticleFactory(headline="Harbour kept"), ArticleFactory(headline="Harbour gone")
    index_articles(ids=[kept.id, gone.id])
    Article.objects.filter(pk=gone.pk)._raw_delete(Article.objects.db)  # no signals
    assert entries() == 2
    call_command("reindex", verbosity=0, stdout=io.StringIO())
    assert entries() == 1 and headlines("en", "harbour") == ["Harbour kept"]
