"""PostgreSQL full-text search, for production.

`search_document` holds one weighted tsvector per article (headline A, lead B, body C),
under a GIN index of the article's edition with its day. English and Russian text goes to
the `english` and `russian` configurations (PostgreSQL's Snowball stemmers); Azerbaijani
text is Turkic-folded and transliterated in Python (`analysis`) and goes to `simple`, which
only splits and lowercases.
Queries go through plainto_tsquery, so no input is ever read as tsquery syntax. The GIN
index finds the matches; the newest MAX_RANKED of them are ranked by ts_rank with the A/B/C
weights, times the recency boost. ts_rank reads only the story's own vector, so a score
cannot move between two page loads.
"""

import math
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Exists,
    F,
    FloatField,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
)

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
from newsline.search.operations import LAY_OUT_BY_EDITION_AND_DAY
from newsline.search.queries import Query

# Editions with a PostgreSQL configuration of their own; the rest use `simple` on our terms.
CONFIGS = {"en": "english", "ru": "russian"}
UPSERT = """
    INSERT INTO search_document (article_id, language, published_day, document)
    SELECT id, language, coalesce(date_trunc('day', published, 'UTC'), 'infinity'),
        setweight(to_tsvector(config, headline), 'A')
        || setweight(to_tsvector(config, lead), 'B') || setweight(to_tsvector(config, body), 'C')
    FROM unnest(
        %s::bigint[], %s::text[], %s::timestamptz[], %s::regconfig[], %s::text[], %s::text[],
        %s::text[]
    ) AS row (id, language, published, config, headline, lead, body)
    ON CONFLICT (article_id) DO UPDATE
    SET language = excluded.language, published_day = excluded.published_day,
        document = excluded.document
    -- An unchanged story writes nothing: a reindex leaves no dead rows behind to read.
    WHERE search_document.language IS DISTINCT FROM excluded.language
        OR search_document.published_day IS DISTINCT FROM excluded.published_day
        OR search_document.document IS DISTINCT FROM excluded.document
"""
# ts_rank's weights are listed D, C, B, A; D is unused.
WEIGHTS = [BODY, BODY, LEAD, HEADLINE]
SECONDS_PER_DAY = 86400.0
# The newest matches are looked for in the newest FIRST_DAYS days, then in longer windows,
# each at most MAX_WIDEN times longer (see _newest_matches).
FIRST_DAYS = 2
MAX_WIDEN = 64
# Fewer matches than this in the first window suggest a rare word: its matches are
# collected, and if there are no more than MATCHED_LIMIT, looked up among the candidates
# newest day first, WIDEN_MATCHED times more of them each time. Each costs a read of its
# table row, from anywhere in the archive (3–50 µs): 5,000 cost 17–100 ms at 1,000,000
# stories, spent in vain on words with a few matches a day, which windows find sooner.
RARE_IN_FIRST_WINDOW = 1
MATCHED_LIMIT = 2000
WIDEN_MATCHED = 4
# A window is meant to hold a few hundred matches: more than this many index rows in its
# days means most are not candidates, which are then checked by id, the FIRST_WINDOW
# newest first, then deeper (see _checked_by_id).
WINDOW_ROWS = 2000
FIRST_WINDOW = 600


class PkAmong(Func):
    """`pk = ANY(ids)`: the ids go as one array parameter, where `pk__in` sends one each and
    Python spent 5 ms preparing a statement with a thousand of them (an ArrayField value
    still prepares each id: 1–2 ms a search)."""

    output_field = BooleanField()

    def __init__(self, ids: list[int]):
        super().__init__(F("pk"))
        self.ids = ids

    def as_sql(self, compiler, connection, **extra_context):
        pk, params = compiler.compile(self.source_expressions[0])
        return f"{pk} = ANY(%s::bigint[])", (*params, self.ids)


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

    def lay_out(self) -> None:
        # One transaction: interrupted, it leaves no btree index behind for the planner.
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in LAY_OUT_BY_EDITION_AND_DAY:
                cursor.execute(statement)

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
            _search_plans()
            newest = _newest_matches(candidates, tsquery, query.language)
            hits = candidates.filter(PkAmong(newest)).annotate(search_score=rank * boost)
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
            _search_plans()
            return _newest_matches(candidates, _tsquery(query), query.language)


def _search_plans() -> None:
    """Plan this transaction's queries without parallel workers or sequential scans.

    Search queries are short; starting workers for them cost more than it saved, and on a
    busy machine they queue for cores (p95 52 → 45 ms in bench/search.py). Asked for a few
    matches of a word it expects thousands of (Russian stemming of an English word), the
    planner read the table in order to stop early, and for a word the edition lacks read
    all of it: 2 s at 1,000,000 stories, against 11 ms from the index.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('max_parallel_workers_per_gather', '0', true),"
            " set_config('enable_seqscan', 'off', true)"
        )


def _newest_matches(candidates: QuerySet, tsquery: SearchQuery, language: str) -> list[int]:
    """Ids of the newest MAX_RANKED candidates matching the query, newest first.

    A common word matches tens of thousands of stories, and collecting them all to sort
    them by time cost seconds on 1,000,000 stories. So they are looked for in windows of
    the newest days: the GIN index keeps each story's day beside its words and answers
    "matches since this day" in one scan. The first window is the newest candidate's day
    and the one before (a day just begun holds few stories); the next goes as far back as
    the matches found so far say MAX_RANKED lie. A word with few matches in the first window
    may be rare, and a rare word's matches (or those of one the edition lacks: an editor's
    query is asked of every edition) are cheaper collected whole than looked for in ever
    longer windows.
    """
    documents = SearchDocument.objects.filter(language=language, document=tsquery)
    span = candidates.aggregate(newest=Max("publish_at"), oldest=Min("publish_at"))
    days = FIRST_DAYS
    while True:
        window, holds_all = _window(span["newest"], span["oldest"], days)
        matched = _days(documents.filter(window), limit=WINDOW_ROWS + 1)
        if len(matched) > WINDOW_ROWS:
            # Far more matches in those days than they hold candidates: a filter (a kind,
            # a section) leaves most of the edition out, and the candidates are fewer to
            # check one by one.
            return _checked_by_id(candidates, documents)
        found = _newest_of(candidates, matched)
        if len(found) == MAX_RANKED or holds_all:
            return found
        if days == FIRST_DAYS and len(found) < RARE_IN_FIRST_WINDOW:
            matched = _days(documents, limit=MATCHED_LIMIT + 1)
            if len(matched) <= MATCHED_LIMIT:
                return _newest_of(candidates, matched)
        days = _wider(days, len(found))


def _wider(size: int, found: int) -> int:
    """The size of the next window, in which the matches found so far say MAX_RANKED lie."""
    wanted = 1.5 * MAX_RANKED / max(found, 1)
    return math.ceil(size * min(max(wanted, 2), MAX_WIDEN))


def _window(newest: datetime | None, oldest: datetime | None, days: int) -> tuple[Q, bool]:
    """The index rows of the `days` days up to the newest candidate's and after, as a
    condition, and whether that holds every candidate (then no condition).

    Index rows keep the day, not the minute: the GIN index then reads a few keys for a
    window rather than one per story. A story with no time (a draft) keeps 'infinity' on
    its index row, so every window holds it, as the newsroom's list puts it first.
    """
    if newest is None:  # no candidate has a time
        return Q(), True
    first, last = _day(newest), _day(oldest)
    if days > (first - last).days:  # back to the oldest candidate's day
        return Q(), True
    return Q(published_day__gte=first - timedelta(days=days - 1)), False


def _day(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _checked_by_id(candidates: QuerySet, documents: QuerySet) -> list[int]:
    """The newest MAX_RANKED matching candidates, each checked by its own index row, among
    the FIRST_WINDOW newest, then deeper; each once (the ids alone are read again)."""
    depth, checked, matching = FIRST_WINDOW, set(), set()
    while True:
        newest = list(candidates.newest_first().values_list("id", flat=True)[:depth])
        unchecked = [pk for pk in newest if pk not in checked]
        rows = documents.filter(PkAmong(unchecked)).values_list("article_id", flat=True)
        matching.update(rows)
        checked.update(unchecked)
        found = [pk for pk in newest if pk in matching][:MAX_RANKED]
        if len(found) == MAX_RANKED or len(newest) < depth:
            return found
        depth = _wider(depth, len(found))


def _days(documents: QuerySet, limit: int | None = None) -> list[tuple[int, float]]:
    """The article id and day (as a timestamp) of these index rows, up to `limit` of them."""
    rows = documents.annotate(day=Epoch("published_day")).values_list("article_id", "day")
    return list(rows[:limit])


def _newest_of(candidates: QuerySet, matched: list[tuple[int, float]]) -> list[int]:
    """The newest MAX_RANKED candidates among these matches, (article id, day) each.

    Not every match is looked up among the candidates, at several microseconds each, nor
    are they sorted there (the planner's choice of how varied from 1 to 60 ms): only the
    matches of the newest days that hold MAX_RANKED of them, then of WIDEN_MATCHED times
    more if some of those are not candidates (not yet published, or filtered out).
    """
    matched.sort(key=lambda match: match[1], reverse=True)
    taken = MAX_RANKED
    while True:
        first_day = matched[taken - 1][1] if taken <= len(matched) else -math.inf
        ids = [pk for pk, day in matched if day >= first_day]
        found = candidates.filter(PkAmong(ids)).newest_first().values_list("id", flat=True)
        found = list(found[:MAX_RANKED])
        if len(found) == MAX_RANKED or len(ids) == len(matched):
            return found
        taken *= WIDEN_MATCHED


def _tsquery(query: Query) -> SearchQuery:
    """The query as plainto_tsquery in the edition's configuration: never read as syntax."""
    if query.language in CONFIGS:
        return SearchQuery(" ".join(query.words), config=CONFIGS[query.language])
    return SearchQuery(" ".join(query.terms), config="simple")


def _row(article: Article) -> tuple[int, str, datetime | None, str, str, str, str]:
    """Return an article's id, language, time, configuration and the three texts to index."""
    fields = Fields.of(article)
    texts = [fields.headline, fields.lead, fields.body]
    config = CONFIGS.get(article.language)
    if config is None:
        config = "simple"
        texts = [index_text(text, article.language) for text in texts]
    return (article.id, article.language, article.publish_at, config, *texts)
