"""Purging: the page store, then any CDN or Varnish in front, by the same tags."""

import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from newsline.content.models import Article
from newsline.pagecache import tags as vocabulary
from newsline.pagecache.store import get_store

logger = logging.getLogger(__name__)


def purge(tags: list[str]) -> int:
    """Delete every stored page carrying one of `tags`, here and at each purge URL."""
    tags = list(dict.fromkeys(tags))
    count = get_store().purge(tags)
    for url in settings.NEWSLINE_PURGE_URLS:
        purge_remote(url, tags)
    return count


def purge_remote(url: str, tags: list[str]) -> None:
    """Ask a cache in front (Varnish, a CDN) to drop the tags' pages; best effort.

    A `PURGE` with the tags in `Surrogate-Key`, as deploy/varnish/newsline.vcl reads it.
    A failure is logged, not raised: the pages still expire at the next boundary.
    """
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(
        parts.hostname, parts.port, timeout=settings.NEWSLINE_PURGE_TIMEOUT
    )
    try:
        connection.request("PURGE", parts.path or "/", headers={"Surrogate-Key": " ".join(tags)})
        response = connection.getresponse()
        response.read()
        if response.status >= 300:
            logger.warning("Purge at %s answered %s", url, response.status)
    except OSError as exc:
        logger.warning("Purge at %s failed: %s", url, exc)
    finally:
        connection.close()


def purge_for_change(article: Article, event: str, subject: str) -> None:
    """Outbox effect: purge the pages a change of the story altered."""
    purge(vocabulary.affected(article, event))


def purge_after_commit(tags: list[str]) -> None:
    transaction.on_commit(lambda: purge(tags))
