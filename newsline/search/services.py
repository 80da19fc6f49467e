"""Search, and the writes that keep the index up to date. Views and commands call these.

search_articles takes `section` as a section slug, `kind` as an Article.Kind value, the dates
as inclusive days in the site's time zone, and `cursor` as a page's `next_cursor`. An empty
or unsearchable query gives an empty page; a damaged cursor raises BadRequest (400).
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from newsline.content.models import Article
from newsline.search.backends import SearchPage, get_backend
from newsline.search.backends.base import INDEX_FIELDS, REINDEX_BATCH
from newsline.search.queries import parse_query

__all__ = [
    "SearchPage",
    "find_article_ids",
    "index_articles",
    "reindex_articles",
    "remove_articles",
    "search_articles",
]


def search_articles(
    language: str,
    query: str,
    *,
    section: str | None = None,
    kind: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    cursor: str | None = None,
    limit: int = 20,
) -> SearchPage:
    """Return a page of the edition's visible stories matching the query, best first."""
    filters = {"section": section, "kind": kind, "date_from": date_from, "date_to": date_to}
    return get_backend().search(language, query, cursor=cursor, limit=limit, **filters)


def find_article_ids(query: str, *, candidates: QuerySet) -> list[int]:
    """Return ids of the newest candidates matching the query, whatever their status.

    The newsroom's search: each edition's query is read by its own analysis (stemming,
    Azerbaijani folding), and each edition gives at most its newest MAX_RANKED matches.
    """
    backend, found = get_backend(), []
    for language, _name in settings.LANGUAGES:
        parsed = parse_query(query, language)
        if parsed:
            in_edition = candidates.filter(language=language)
            found.extend(backend.newest(in_edition, parsed))
    return found


def index_articles(*, ids: Iterable[int]) -> None:
    """Index the articles with these ids as they are now; forget those that are gone."""
    ids = set(ids)
    backend = get_backend()
    with transaction.atomic():
        # Locked while indexed, so of two concurrent runs the later one writes last.
        articles = list(Article.objects.select_for_update().filter(id__in=ids).only(*INDEX_FIELDS))
        backend.index(articles)
        if gone := ids - {article.id for article in articles}:
            backend.remove(gone)


def remove_articles(*, ids: Iterable[int]) -> None:
    """Drop these article ids from the index."""
    get_backend().remove(list(ids))


def reindex_articles(
    *, progress: Callable[[int], object] | None = None, batch_size: int = REINDEX_BATCH
) -> int:
    """Rebuild the whole index in batches; return how many articles were indexed."""
    return get_backend().reindex(progress=progress, batch_size=batch_size)


def lay_out_index() -> None:
    """Store the index in the order searches read it, after a bulk load (not while the
    site runs: the index may be locked meanwhile)."""
    get_backend().lay_out()
