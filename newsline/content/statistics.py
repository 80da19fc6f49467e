"""Planner statistics, so the database picks the indexes the reader pages were built for."""

from django.db import connection


def refresh_planner_statistics() -> None:
    """Run ANALYZE: after a bulk load, and at server start on SQLite, which has no autovacuum.

    Without statistics SQLite guesses, and guessed wrong here: a full scan of the archive
    for an article's translations instead of the translation-group index.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
