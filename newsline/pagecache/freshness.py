"""How long a page may be kept: never past the next moment its edition changes by itself.

A scheduled story appears at its minute with nothing running (DESIGN invariant 1), and a
breaking banner runs out at its time; no purge marks either, so a page's lifetime ends
there.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Min, Q

from newsline.content.models import Article


def next_change(editions: list[str], now: datetime) -> datetime | None:
    """The earliest scheduled publication or banner end still ahead in these editions.

    One query reading a handful of rows: only scheduled stories and breaking stories
    with an end time match, and both are found through indexes.
    """
    ahead = Q(publish_at__gt=now) | Q(is_breaking=True, breaking_until__gt=now)
    found = (
        Article.objects.filter(status=Article.Status.PUBLISHED, language__in=editions)
        .filter(ahead)
        .aggregate(
            publish=Min("publish_at", filter=Q(publish_at__gt=now)),
            banner_end=Min("breaking_until", filter=Q(is_breaking=True, breaking_until__gt=now)),
        )
    )
    moments = [moment for moment in found.values() if moment is not None]
    return min(moments) if moments else None


def lifetimes(tags, now: datetime) -> tuple[float, int]:
    """Return (seconds the page stays fresh, seconds it may then be served stale)."""
    fresh = float(settings.NEWSLINE_PAGE_CACHE_SECONDS)
    stale = settings.NEWSLINE_PAGE_CACHE_STALE_SECONDS
    editions = [tag.split(":", 1)[1] for tag in tags if tag.startswith("edition:")]
    if editions and (boundary := next_change(editions, now)) is not None:
        left = (boundary - now).total_seconds()
        fresh = min(fresh, left)
        # Serving stale past the boundary would show the page as it was before it.
        stale = max(0, min(stale, int(left - fresh)))
    return max(0.0, fresh), stale
