"""SQLite FTS5 search, the embedded default.

The FTS5 table `search_fts` (made by migration 0001 on SQLite only) holds, per article
(rowid = article id), its headline, lead and body as index terms prepared in Python
(`analysis`), so folding, transliteration and stemming are ours and match the query's.
The newest MAX_RANKED matches are ranked by bm25 with column weights, times the recency
boost. bm25 reads corpus-wide statistics, so a story indexed between two page loads can
nudge scores; within one index state, pages never repeat or skip a story.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import connection
from django.db.models import QuerySet

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
from newsline.search.queries import Query

TABLE = "search_fts"
# bm25() is lower for better matches; its weights follow the columns' order.
SCORE = (
    f"-bm25({TABLE}, {HEADLINE}, {LEAD}, {BODY})"
    f" * (1.0 + {RECENCY_BOOST} / (1.0 + (julianday(%s) - julianday(pool.publish_at))"
    f" / {RECENCY_DAYS}))"
)


class SqliteBackend(SearchBackend):
    def index(self, articles: Iterable[Article]) -> None:
        rows = []
        for article in articles:
            fields, language = Fields.of(article), article.language
            rows.append(
                (
                    article.id,
                    index_text(fields.headline, language),
                    index_text(fields.lead, language),
                    index_text(fields.body, language),
                )
            )
        with connection.cursor() as cursor:
            # FTS5 honours OR REPLACE on the rowid: a new version replaces the old entry.
            cursor.executemany(
                f"INSERT OR REPLACE INTO {TABLE} (rowid, headline, lead, body)"
                " VALUES (%s, %s, %s, %s)",
                rows,
            )

    def remove(self, ids: Iterable[int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(pk,) for pk in ids])

    def prune(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE rowid NOT IN (SELECT id FROM {Article._meta.db_table})"
            )

    def optimize(self) -> None:
        # Merge the index's b-trees into one, which makes queries faster after a rebuild.
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")

    def lay_out(self) -> None:
        # FTS5 keeps its terms in its own b-trees, which optimize() has merged.
        return

    def ranked(
        self,
        candidates: QuerySet,
        query: Query,
        *,
        as_of: datetime,
        after: SearchCursor | None,
        limit: int,
    ) -> list[Article]:
        # The pool is the newest matches; bm25() needs a MATCH in its own query, hence two.
        pool_sql, params = _pool(candidates, query)
        sql = (
            f"WITH pool AS MATERIALIZED ({pool_sql})"
            f" SELECT id, score FROM (SELECT pool.id AS id, pool.publish_at AS publish_at,"
            f" {SCORE} AS score FROM {TABLE} JOIN pool ON pool.id = {TABLE}.rowid"
            f" WHERE {TABLE} MATCH %s) AS hit"
        )
        adapt = connection.ops.adapt_datetimefield_value
        params += [adapt(as_of), query.fts5()]
        if after is not None:
            sql += " WHERE (score, publish_at, id) < (%s, %s, %s)"
            params += [after.score, adapt(after.publish_at), after.id]
        sql += " ORDER BY score DESC, publish_at DESC, id DESC LIMIT %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            scores = dict(cursor.fetchall())
        return load_hits(candidates, scores)

    def newest(self, candidates: QuerySet, query: Query) -> list[int]:
        pool_sql, params = _pool(candidates, query)
        with connection.cursor() as cursor:
            cursor.execute(pool_sql, params)
            return [pk for pk, _publish_at in cursor.fetchall()]


def _pool(candidates: QuerySet, query: Query) -> tuple[str, list]:
    """SQL for the ids and times of the newest MAX_RANKED candidates matching the query.

    The candidates' SQL is the ORM's, with visible() in it; CROSS JOIN keeps FTS5 as the
    outer loop, so only matching rows are looked up in the article table.
    """
    base_sql, base_params = candidates.values_list("id", "publish_at").query.sql_with_params()
    sql = (
        f"SELECT candidate.id AS id, candidate.publish_at AS publish_at FROM {TABLE}"
        f" CROSS JOIN ({base_sql}) AS candidate ON candidate.id = {TABLE}.rowid"
        f" WHERE {TABLE} MATCH %s ORDER BY candidate.publish_at DESC, candidate.id DESC LIMIT %s"
    )
    return sql, [*base_params, query.fts5(), MAX_RANKED]
