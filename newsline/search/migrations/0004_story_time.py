# Written by hand, as 0001: the index lives in an engine-specific table.

from django.db import migrations

from newsline.search.operations import RunSQLOn


class Migration(migrations.Migration):
    """Keep each story's day on its index row, in the GIN index beside edition and words.

    A word's newest matches are then found in windows of the edition's newest days
    (`published_day >= the window's first day`), which the index answers together with the
    words, instead of visiting the matches one by one. A story with no time yet (a draft) is
    kept as 'infinity', so it falls in the newest window, as it sorts first in the newsroom.

    Filling the column writes every row anew, which would leave the table twice its size and
    every search reading the gaps; VACUUM FULL compacts it, and cannot run in a transaction,
    so this migration is not atomic (each step is safe to run again). At 1,000,000 stories:
    1 min 25 s, during which searches are slow and indexing waits.
    """

    atomic = False
    dependencies = [("search", "0003_index_by_edition")]
    operations = [
        RunSQLOn(
            "postgresql",
            sql=[
                "ALTER TABLE search_document ADD COLUMN IF NOT EXISTS"
                " published_day timestamptz NOT NULL DEFAULT 'infinity'",
                # Dropped first: it would otherwise be written for every row, then rebuilt.
                "DROP INDEX IF EXISTS search_document_edition_gin",
                "UPDATE search_document"
                " SET published_day = date_trunc('day', content_article.publish_at, 'UTC')"
                " FROM content_article WHERE content_article.id = search_document.article_id"
                " AND content_article.publish_at IS NOT NULL",
                "VACUUM FULL search_document",
                "CREATE INDEX IF NOT EXISTS search_document_window_gin"
                " ON search_document USING gin (language, published_day, document)",
                "ANALYZE search_document",
            ],
            reverse_sql=[
                "CREATE INDEX IF NOT EXISTS search_document_edition_gin"
                " ON search_document USING gin (language, document)",
                "DROP INDEX IF EXISTS search_document_window_gin",
                "ALTER TABLE search_document DROP COLUMN IF EXISTS published_day",
            ],
        ),
    ]
