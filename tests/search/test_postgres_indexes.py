"""Each edition's words are found through its own GIN index (PostgreSQL)."""

import pytest
from django.conf import settings
from django.db import connection, transaction

from newsline.search.backends.postgres import _search_plans, _tsquery
from newsline.search.models import SearchDocument
from newsline.search.queries import parse_query

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
