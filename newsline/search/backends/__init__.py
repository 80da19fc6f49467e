"""Search backends behind one interface, chosen by the database engine (DESIGN invariant 8)."""

from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from newsline.search.backends.base import SearchBackend, SearchPage

__all__ = ["SearchBackend", "SearchPage", "get_backend"]


def get_backend() -> SearchBackend:
    """Return the search backend for the default database."""
    return _backend_for(connection.vendor)


@cache
def _backend_for(vendor: str) -> SearchBackend:
    if vendor == "postgresql":
        from newsline.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if vendor == "sqlite":
        from newsline.search.backends.sqlite import SqliteBackend

        return SqliteBackend()
    raise ImproperlyConfigured(f"Newsline search supports PostgreSQL and SQLite, not {vendor}.")
