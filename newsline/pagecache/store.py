"""Where pages are kept: one small interface, an SQLite file or Redis behind it.

Both keep, besides the pages, a tag → pages index (a purge deletes exactly the pages of
its tags) and a purge generation: a page rendered before a purge of one of its tags
is not stored after it, so a render racing a publish cannot put the old page back.
"""

import functools
import logging
from typing import Protocol

from django.conf import settings

logger = logging.getLogger(__name__)


class PageStore(Protocol):
    def get(self, key: str) -> bytes | None:
        """Return the stored blob of `key`, or None (also once its ttl has passed)."""

    async def aget(self, key: str) -> bytes | None:
        """Return the stored blob of `key`, or None, without blocking the event loop long."""

    def generation(self) -> int:
        """Return the purge generation; read it before rendering, pass it to store()."""

    def store(self, key: str, blob: bytes, *, tags: list[str], ttl: float, since: int) -> bool:
        """Keep the page for `ttl` seconds unless a tag was purged after generation `since`."""

    def purge(self, tags: list[str]) -> int:
        """Delete every page carrying one of `tags`; return how many."""

    def clear(self) -> None:
        """Delete every page (tests, and `newsline` maintenance)."""


@functools.cache
def _store_for(redis_url: str, path: str) -> PageStore:
    if redis_url:
        from newsline.pagecache.store_redis import RedisStore

        return RedisStore(redis_url, prefix=settings.NEWSLINE_PAGE_CACHE_PREFIX)
    from newsline.pagecache.store_sqlite import SQLiteStore

    return SQLiteStore(path, max_entries=settings.NEWSLINE_PAGE_CACHE_MAX_ENTRIES)


def get_store() -> PageStore:
    """The configured store: Redis when REDIS_URL is set, else the machine-local SQLite file."""
    return _store_for(settings.REDIS_URL, str(settings.NEWSLINE_PAGE_CACHE_PATH))


def safely(action):
    """Run a page-store call; a broken store costs a miss, never a reader's page."""
    try:
        return action()
    except Exception:
        logger.exception("Page cache store failed")
        return None
