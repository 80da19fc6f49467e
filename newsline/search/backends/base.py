"""The search interface both backends implement, and what they share.

A backend keeps an index entry per article, whatever its status: what a reader may find is
decided at query time by `Article.objects.visible()` (DESIGN invariant 1), so a scheduled
story turns up in search at its minute with nothing reindexed.
"""

import abc
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from newsline.content.models import Article
from newsline.content.queries import LISTING_FIELDS
from newsline.search.analysis import plain_text
from newsline.search.cursor import SearchCursor, fingerprint
from newsline.search.queries import Query, parse_query
from newsline.search.snippets import add_snippets

# Weights of a match by where it is; each backend maps them onto its own ranking function.
HEADLINE, LEAD, BODY = 1.0, 0.4, 0.1
# score = text rank × (1 + RECENCY_BOOST / (1 + age in days / RECENCY_DAYS)): a story of
# today counts double, one of a month ago 1.5×, one of a year ago 1.08×.
RECENCY_BOOST = 1.0
RECENCY_DAYS = 30.0
MAX_LIMIT = 100
# Only the newest MAX_RANKED matching stories are ranked: a query matching more (a common
# word) ranks those and leaves older ones out. Readers of news want recent stories, and
# it bounds what a page costs whatever the size of the archive.
MAX_RANKED = 200
REINDEX_BATCH = 1000
# What indexing reads of an article; results also load what a headline in a list shows.
INDEX_FIELDS = ("id", "language", "publish_at", "headline", "lead", "body")
RESULT_FIELDS = (*LISTING_FIELDS, "body")


@dataclass
class SearchPage:
    items: list[Article]  # each with .snippet and .headline_html (safe HTML) and .search_score
    next_cursor: str | None


@dataclass(frozen=True)
class Fields:
    """An article's searchable text, HTML stripped."""

    headline: str
    lead: str
    body: str

    @classmethod
    def of(cls, article: Article) -> "Fields":
        return cls(article.headline or "", article.lead or "", plain_text(article.body))


class SearchBackend(abc.ABC):
    @abc.abstractmethod
    def index(self, articles: Iterable[Article]) -> None:
        """Add or replace the index entries of these articles."""

    @abc.abstractmethod
    def remove(self, ids: Iterable[int]) -> None:
        """Drop the index entries of these article ids."""

    @abc.abstractmethod
    def ranked(
        self,
        candidates: QuerySet,
        query: Query,
        *,
        as_of: datetime,
        after: SearchCursor | None,
        limit: int,
    ) -> list[Article]:
        """Return the best `limit` of the newest matches after the cursor, with `search_score`."""

    @abc.abstractmethod
    def newest(self, candidates: QuerySet, query: Query) -> list[int]:
        """Return the ids of the newest MAX_RANKED candidates matching the query, newest first."""

    @abc.abstractmethod
    def prune(self) -> None:
        """Drop index entries whose article no longer exists."""

    @abc.abstractmethod
    def optimize(self) -> None:
        """Tidy the index after a rebuild."""

    @abc.abstractmethod
    def lay_out(self) -> None:
        """Store the index in the order searches read it, after a bulk load; this may lock
        it meanwhile, so not while the site runs."""

    def search(
        self,
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
        """Return one page of the edition's visible stories matching the query, best first."""
        parsed = parse_query(query, language)
        if not parsed:
            return SearchPage([], None)
        limit = max(1, min(limit, MAX_LIMIT))
        filters = {"section": section, "kind": kind, "date_from": date_from, "date_to": date_to}
        search_print = fingerprint(language, parsed.terms, **filters)
        after = SearchCursor.decode(cursor, search_print) if cursor is not None else None
        as_of = after.as_of if after else timezone.now()
        candidates = _candidates(language, as_of, **filters)
        hits = self.ranked(candidates, parsed, as_of=as_of, after=after, limit=limit + 1)
        more, hits = len(hits) > limit, hits[:limit]
        add_snippets(hits, parsed.terms, language)
        next_cursor = None
        if more:
            last = hits[-1]
            next_cursor = SearchCursor(
                last.search_score, last.publish_at, last.id, as_of, search_print
            ).encode()
        return SearchPage(hits, next_cursor)

    def reindex(
        self, *, progress: Callable[[int], object] | None = None, batch_size: int = REINDEX_BATCH
    ) -> int:
        """Rebuild every article's entry in batches; return how many were indexed."""
        last_id, done = 0, 0
        while True:
            # Each batch is its own transaction, so editors are held up for one batch at
            # most and searches keep finding the old entries until the new ones land.
            with transaction.atomic():
                batch = list(
                    Article.objects.select_for_update()
                    .filter(id__gt=last_id)
                    .order_by("id")
                    .only(*INDEX_FIELDS)[:batch_size]
                )
                if not batch:
                    break
                self.index(batch)
            last_id, done = batch[-1].id, done + len(batch)
            if progress:
                progress(len(batch))
        self.prune()
        self.optimize()
        return done


def load_hits(candidates: QuerySet, scores: dict[int, float]) -> list[Article]:
    """Load the ranked ids' articles for a listing, in rank order, each with its score."""
    found = candidates.select_related("section", "lead_image").only(*RESULT_FIELDS)
    articles = found.in_bulk(list(scores))
    hits = [articles[pk] for pk in scores if pk in articles]
    for hit in hits:
        hit.search_score = scores[hit.id]
    return hits


def _candidates(
    language: str,
    as_of: datetime,
    *,
    section: str | None,
    kind: str | None,
    date_from: date | None,
    date_to: date | None,
) -> QuerySet:
    """The stories a search may return: visible as of `as_of`, in the edition, filtered."""
    articles = Article.objects.visible(as_of).edition(language)
    if section:
        articles = articles.filter(section__slug=section)
    if kind:
        articles = articles.filter(kind=kind)
    if date_from and (start := _day_start(date_from)):
        articles = articles.filter(publish_at__gte=start)
    if date_to and (end := _day_start(date_to, days_later=1)):
        articles = articles.filter(publish_at__lt=end)
    return articles


def _day_start(day: date, *, days_later: int = 0) -> datetime | None:
    """Return when a day begins in the site's time zone, or None past the calendar's ends."""
    try:
        start = datetime.combine(day + timedelta(days=days_later), time.min)
        return timezone.make_aware(start).astimezone(UTC)
    except OverflowError:
        return None
