"""PostgreSQL full-text search, for production.

`search_document` holds one weighted tsvector per article (headline A, lead B, body C)
under a GIN index. English and Russian text goes to the `english` and `russian`
configurations (PostgreSQL's Snowball stemmers); Azerbaijani text is Turkic-folded and
transliterated in Python (`analysis`) and goes to `simple`, which only splits and lowercases.
Queries go through plainto_tsquery, so no input is ever read as tsquery syntax. The GIN
index finds the matches; the newest MAX_RANKED of them are ranked by ts_rank with the A/B/C
weights, times the recency boost. ts_rank reads only the story's own vector, so a score
cannot move between two page loads.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import Exists, F, FloatField, Func, OuterRef, Q, QuerySet, Value

from newsline.content.models import Article
from newsline.search.analysis import index_text
from newsline.search.backends.base import (
    BODY,
    HEADLINE,
    LEAD,
    MAX_RANKED,
    RECENCY_BOOST,
    RECENCY_DAYS,
    Fields,
    SearchBackend,
    load_hits,
)
from newsline.search.cursor import SearchCursor
from newsline.search.models import SearchDocument
from newsline.search.queries import Query

# Editions with a PostgreSQL configuration of their own; the rest use `simple` on our terms.
CONFIGS = {"en": "english", "ru": "russian"}
UPSERT = """
    INSERT INTO search_document (article_id, language, document)
    SELECT id, language, setweight(to_tsvector(config, headline), 'A')
        || setweight(to_tsvector(config, lead), 'B') || setweight(to_tsvector(config, body), 'C')
    FROM unnest(%s::bigint[], %s::text[], %s::regconfig[], %s::text[], %s::text[], %s::text[])
        AS row (id, language, config, headline, lead, body)
    ON CONFLICT (article_id)
    DO UPDATE SET language = excluded.language, document = excluded.document
    -- An unchanged story writes nothing: a reindex leaves no dead rows behind to read.
    WHERE search_document.language IS DISTINCT FROM excluded.language
        OR search_document.document IS DISTINCT FROM excluded.document
"""
# ts_rank's weights are listed D, C, B, A; D is unused.
WEIGHTS = [BODY, BODY, LEAD, HEADLINE]
SECONDS_PER_DAY = 86400.0
# How many of the newest candidates are checked by id before the GIN index is asked.
RECENT = (600, 3000)
# Up to this many matches of a rarer word are collected from the GIN index and sorted by time.
MATCHED_LIMIT = 5000


class Epoch(Func):
    template = "EXTRACT(EPOCH FROM %(expressions)s)::double precision"
    output_field = FloatField()


class PostgresBackend(SearchBackend):
    def index(self, articles: Iterable[Article]) -> None:
        rows = [_row(article) for article in articles]
        if not rows:
            return
        # One statement per batch, the vectors built by PostgreSQL from arrays: compiling a
        # SearchVector expression per row through the ORM costs more than the indexing.
        with connection.cursor() as cursor:
            cursor.execute(UPSERT, [list(column) for column in zip(*rows, strict=True)])

    def remove(self, ids: Iterable[int]) -> None:
        SearchDocument.objects.filter(article_id__in=list(ids)).delete()

    def prune(self) -> None:
        # NOT EXISTS, an anti-join: NOT IN (subquery) is checked row by row once the ids
        # outgrow work_mem, and ran for hours over 1,000,000 stories.
        exists = Article.objects.filter(id=OuterRef("article_id"))
        SearchDocument.objects.exclude(Exists(exists)).delete()

    def optimize(self) -> None:
        # A rebuild rewrites every row: VACUUM clears the old versions, which finding matches
        # would otherwise read too, and fresh statistics let the planner estimate how many
        # stories a term matches. VACUUM cannot run inside a transaction.
        table = SearchDocument._meta.db_table
        with connection.cursor() as cursor:
            if connection.in_atomic_block:
                cursor.execute(f"ANALYZE {table}")
            else:
                cursor.execute(f"VACUUM (ANALYZE) {table}")

    def ranked(
        self,
        candidates: QuerySet,
        query: Query,
        *,
        as_of: datetime,
        after: SearchCursor | None,
        limit: int,
    ) -> list[Article]:
        tsquery = _tsquery(query)
        rank = SearchRank(F("search_document__document"), tsquery, weights=WEIGHTS)
        age_days = (Value(as_of.timestamp()) - Epoch("publish_at")) / Value(SECONDS_PER_DAY)
        boost = Value(1.0) + Value(RECENCY_BOOST) / (Value(1.0) + age_days / Value(RECENCY_DAYS))
        with transaction.atomic():
            _serial()
            newest = _newest_matches(candidates, tsquery, query.language)
            hits = candidates.filter(id__in=newest).annotate(search_score=rank * boost)
            if after is not None:
                hits = hits.filter(
                    Q(search_score__lt=after.score)
                    | Q(search_score=after.score, publish_at__lt=after.publish_at)
                    | Q(search_score=after.score, publish_at=after.publish_at, id__lt=after.id)
                )
            # Ranked narrow (ids and scores), then only the page's rows loaded in full.
            ranked = hits.order_by("-search_score", "-publish_at", "-id")[:limit]
            scores = dict(ranked.values_list("id", "search_score"))
        return load_hits(candidates, scores)

    def newest(self, candidates: QuerySet, query: Query) -> list[int]:
        with transaction.atomic():
            _serial()
            return _newest_matches(candidates, _tsquery(query), query.language)


def _serial() -> None:
    """Run this transaction's queries without parallel workers.

    Search queries are short; starting workers for them cost more than it saved, and on a
    busy machine they queue for cores (p95 52 → 45 ms in bench/search.py).
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")


@contextmanager
def _index_only():
    """Keep the planner off a sequential scan for the next query.

    Asked for a few matches of a word it expects thousands of (Russian stemming of an
    English word), the planner reads the table in order to stop early, and for a word the
    edition lacks reads all of it: 2 s at 1,000,000 stories, against 11 ms from the index.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = on")


def _newest_matches(candidates: QuerySet, tsquery: SearchQuery, language: str) -> list[int]:
    """Ids of the newest MAX_RANKED candidates matching the query.

    A common word matches tens of thousands of stories, and collecting them all from the
    GIN index to sort them by time cost over 100 ms (seconds on 1,000,000 stories). Its
    newest matches are among the edition's latest stories, so those are checked first, by
    id (a fixed cost): the latest RECENT[0]. Before checking the latest RECENT[1], the GIN
    index says whether the edition has more than MATCHED_LIMIT matches at all: a rarer word,
    or one the edition lacks (an editor's query is asked of every edition), is cheaper taken
    from there than by reading 3,000 documents one by one (50–150 ms at 1,000,000 stories).
    """
    newest_first = ("-publish_at", "-id")
    # The edition's matches from the GIN index on their own: joined to the articles, the
    # planner guessed thousands of matches for a word the edition lacks and walked all
    # 333,000 of its stories to find none (14 s).
    documents = SearchDocument.objects.filter(language=language, document=tsquery)
    matched = None
    for size in RECENT:
        if size != RECENT[0]:
            with _index_only():
                matched = list(documents.values_list("article_id", flat=True)[: MATCHED_LIMIT + 1])
            if len(matched) <= MATCHED_LIMIT:
                break
        # Two plain steps on purpose: folded into one statement, the planner misjudged rare
        # words and walked the whole edition (p95 137 ms in bench/search.py).
        recent = list(candidates.order_by(*newest_first).values_list("id", flat=True)[:size])
        found = SearchDocument.objects.filter(article_id__in=recent, document=tsquery)
        in_recent = set(found.values_list("article_id", flat=True))
        pool = [pk for pk in recent if pk in in_recent][:MAX_RANKED]
        if len(pool) == MAX_RANKED or len(recent) < size:
            return pool
    matches = candidates.filter(id__in=matched)
    if len(matched) > MATCHED_LIMIT:
        # Many matches, few of them recent: newest first through the index.
        matches = candidates.filter(
            search_document__document=tsquery, search_document__language=language
        )
    return list(matches.order_by(*newest_first).values_list("id", flat=True)[:MAX_RANKED])


def _tsquery(query: Query) -> SearchQuery:
    """The query as plainto_tsquery in the edition's configuration: never read as syntax."""
    if query.language in CONFIGS:
        return SearchQuery(" ".join(query.words), config=CONFIGS[query.language])
    return SearchQuery(" ".join(query.terms), config="simple")


def _row(article: Article) -> tuple[int, str, str, str, str, str]:
    """Return an article's id, language, configuration and the three texts to index."""
    fields = Fields.of(article)
    texts = [fields.headline, fields.lead, fields.body]
    config = CONFIGS.get(article.language)
    if config is None:
        config = "simple"
        texts = [index_text(text, article.language) for text in texts]
    return (article.id, article.language, config, *texts)
