"""The PostgreSQL index: each edition's own GIN index, rows laid out by edition and day."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from newsline.search.backends.postgres import _search_plans, _tsquery
from newsline.search.models import SearchDocument
from newsline.search.queries import parse_query
from tests.search.conftest import NOW, story

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index"),
]


@pytest.mark.parametrize("language", sorted(settings.SUPPORTED_LANGUAGES))
def test_every_supported_edition_is_searched_through_its_own_index(language):
    # An edition added to SUPPORTED_LANGUAGES without its index would read every edition's
    # rows; this fails until a migration gives it one.
    documents = SearchDocument.objects.filter(
        language=language, document=_tsquery(parse_query("harbour budget", language))
    )
    with transaction.atomic():
        _search_plans()
        plan = documents.explain()
    assert f"search_document_{language}_gin" in plan


@pytest.mark.usefixtures("frozen")
def test_reindex_lays_the_rows_out_by_edition_and_day_when_asked():
    # Indexed by id, in no order of time, as a seed or an import leaves them.
    for n, (language, age) in enumerate([("ru", 3), ("en", 1), ("en", 5), ("az", 2), ("en", 3)]):
        story(language=language, headline=f"Story {n}", publish_at=NOW - timedelta(days=age))
    call_command("reindex", lay_out=True, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT language, published_day FROM search_document ORDER BY ctid")
        rows = cursor.fetchall()
    assert rows == sorted(rows)
    assert [language for language, _day in rows] == ["az", "en", "en", "en", "ru"]
