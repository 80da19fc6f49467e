"""How long a page may be kept: never past the next moment its edition changes by itself.

A scheduled story appears at its minute with nothing running (DESIGN invariant 1), and a
breaking banner runs out at its time; no purge marks either, so a page's lifetime ends
there. Every render asks, so each edition's answer is kept (kept.py) until that moment,
or until a story is scheduled or a banner raised in it (their purges carry the tags).
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Subquery
from django.utils.dateparse import parse_datetime

from newsline.content.models import Article
from newsline.pagecache import kept


def next_change(editions: list[str], now: datetime) -> datetime | None:
    """The earliest scheduled publication or banner end still ahead in these editions."""
    moments = [moment for edition in editions if (moment := _next_in(edition, now))]
    return min(moments) if moments else None


def _next_in(edition: str, now: datetime) -> datetime | None:
    def compute() -> kept.Piece:
        moment = _query(edition, now)
        until = now.timestamp() + settings.NEWSLINE_FRAGMENT_CACHE_SECONDS
        if moment is not None:
            until = min(until, moment.timestamp())
        data = {"next": moment.isoformat() if moment else None}
        return kept.Piece("", [f"edition:{edition}", f"breaking:{edition}"], data, until)

    moment = kept.through(f"schedule:{edition}", compute).data["next"]
    return parse_datetime(moment) if moment else None


def _query(edition: str, now: datetime) -> datetime | None:
    """The earliest scheduled publication or banner end still ahead in the edition.

    One query reading a handful of index entries: two uncorrelated subqueries, one on the
    edition index (scheduled stories are its newest entries), one on the partial index of
    breaking stories, selected beside any one row. An OR of the two in one WHERE would
    make the database read the whole edition.
    """
    published = Article.objects.filter(status=Article.Status.PUBLISHED, language=edition)
    publish = published.filter(publish_at__gt=now).order_by("publish_at").values("publish_at")
    banner_end = (
        published.filter(is_breaking=True, breaking_until__gt=now)
        .order_by("breaking_until")
        .values("breaking_until")
    )
    row = (
        Article.objects.order_by()
        .annotate(publish=Subquery(publish[:1]), banner_end=Subquery(banner_end[:1]))
        .values_list("publish", "banner_end")[:1]
    )
    moments = [moment for moment in next(iter(row), ()) if moment is not None]
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
