"""The sitemap index's months: each edition-month with stories, its count and last change.

Counting every visible story by month reads the whole archive (1.2 s at 1,000,000
stories), and the index is rendered again after every publication. But a month that
has ended changes only when one of its own stories does: its figures are kept in the
cache and forgotten by the outbox when a story of an ended month is published, corrected
or withdrawn (or moved out of one). Only the current month is counted on each render,
so the index costs the same at any archive size.
"""

import time
from datetime import UTC, datetime

from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.utils import timezone

from newsline.content.models import Article

CACHE_KEY = "sitemap:ended-months"
GENERATION_KEY = "sitemap:ended-months:generation"
# Bounds how long figures could outlive a forgetting that failed (the cache was down).
CACHE_SECONDS = 24 * 3600


def month_start(moment: datetime) -> datetime:
    moment = moment.astimezone(UTC)
    return datetime(moment.year, moment.month, 1, tzinfo=UTC)


def months(now: datetime | None = None) -> list[dict]:
    """Each edition-month with visible stories: language, month, count, published, corrected."""
    current = month_start(now or timezone.now())
    visible = Article.objects.visible(now)
    found = cache.get_many([CACHE_KEY, GENERATION_KEY])
    # Read before counting: figures counted while a change was forgetting them are kept
    # under the generation before it, and so never read.
    stamp = (current.isoformat(), found.get(GENERATION_KEY, 0))
    kept = found.get(CACHE_KEY)
    if kept is None or kept["stamp"] != stamp:
        kept = {"stamp": stamp, "rows": _count(visible.filter(publish_at__lt=current))}
        cache.set(CACHE_KEY, kept, CACHE_SECONDS)
    rows = kept["rows"] + _count(visible.filter(publish_at__gte=current))
    return sorted(rows, key=lambda row: (row["language"], row["month"]))


def _count(stories) -> list[dict]:
    return list(
        stories.annotate(month=TruncMonth("publish_at", tzinfo=UTC))
        .values("language", "month")
        .annotate(count=Count("id"), published=Max("publish_at"), corrected=Max("corrected_at"))
        .order_by("language", "month")
    )


def forget_for_change(article: Article, event: str, subject: str) -> None:
    """Outbox effect: forget the ended months' figures if this change touched one."""
    current = month_start(timezone.now())
    moments = [article.publish_at, *_earlier_publish_at(article)]
    if any(moment is not None and moment < current for moment in moments):
        forget()


def forget() -> None:
    """Count the ended months again at the next render (after a change, or a restore)."""
    cache.add(GENERATION_KEY, 0, None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted between add and incr: any new value differs from the kept one
        cache.set(GENERATION_KEY, time.time_ns(), None)


def _earlier_publish_at(article: Article) -> list[datetime]:
    """Where the story stood before this change (a story moved out of an ended month)."""
    found = []
    for data in article.revisions.order_by("-version").values_list("data", flat=True)[:2]:
        if value := (data or {}).get("publish_at"):
            try:
                found.append(datetime.fromisoformat(value))
            except (TypeError, ValueError):
                continue
    return found
