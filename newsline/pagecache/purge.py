"""Purging: the page store, then any CDN or Varnish in front, by the same tags."""

import http.client
import logging
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from newsline.content.models import Article
from newsline.pagecache import tags as vocabulary
from newsline.pagecache.store import get_store

logger = logging.getLogger(__name__)
# Longest wait between tries of a purge that failed, in seconds.
RETRY_CAP = 60
# Seconds after which caches in front are purged again, when processes keep hot copies.
REMOTE_AGAIN_AFTER = 2


def purge(tags: list[str]) -> int:
    """Delete every stored page carrying one of `tags`, here and at each purge URL."""
    tags = list(dict.fromkeys(tags))
    count = get_store().purge(tags)
    for url in settings.NEWSLINE_PURGE_URLS:
        purge_remote(url, tags)
    hot_copies = settings.REDIS_URL and settings.NEWSLINE_PAGE_CACHE_HOT_BYTES > 0
    if settings.NEWSLINE_PURGE_URLS and hot_copies:
        # Each server process drops its hot copy of these pages when it hears the purge
        # (newsline.pagecache.hot), moments later; a CDN refetching a page in between would
        # keep the old one, so the CDN is purged once more when every process has heard.
        at = timezone.now() + timedelta(seconds=REMOTE_AGAIN_AFTER)
        purge_remote_again.using(run_after=at).enqueue(tags=tags)
    return count


@task()
def purge_remote_again(*, tags: list[str]) -> None:
    """The second purge of the caches in front (see purge())."""
    for url in settings.NEWSLINE_PURGE_URLS:
        purge_remote(url, tags)


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
    """Outbox effect: purge the pages a change of the story altered.

    A page store that does not answer (Redis down) must not undo the change's other
    effects, which commit with this one: the live event, the webhooks. Its purge is tried
    again by a task of its own until it succeeds or every page it concerns has expired.
    """
    tags = vocabulary.affected(article, event)
    try:
        purge(tags)
    except Exception:
        logger.warning("Purge failed; trying again later", exc_info=True)
        until = time.time() + settings.NEWSLINE_PAGE_CACHE_SECONDS
        _purge_again(tags, attempt=1, until=until)


@task()
def purge_later(*, tags: list[str], attempt: int, until: float) -> bool:
    """Purge `tags` again after a failed purge; return whether it got through."""
    try:
        purge(tags)
    except Exception:
        logger.warning("Purge failed (attempt %s)", attempt, exc_info=True)
        _purge_again(tags, attempt=attempt + 1, until=until)
        return False
    return True


def _purge_again(tags: list[str], *, attempt: int, until: float) -> None:
    at = timezone.now() + timedelta(seconds=min(2**attempt, RETRY_CAP))
    if at.timestamp() < until:  # past it, every page carrying the tags has expired
        purge_later.using(run_after=at).enqueue(tags=tags, attempt=attempt, until=until)


def purge_after_commit(tags: list[str]) -> None:
    transaction.on_commit(lambda: purge(tags))
