"""Pieces of page shared by many pages, kept in the page store until their tags are purged.

The news line is on every reader page: rendered once per edition per change, not once
per page (a page-cache miss then costs the page's own content only). A fragment lives
in the same store as pages, under the same tags, so the purges that refresh pages
refresh it, and never past the edition's next scheduled story.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from newsline.content import selectors
from newsline.live.events import latest_event_id
from newsline.pagecache import freshness
from newsline.pagecache.store import get_store, safely


def fragment(name: str, language: str, tags: list[str], render: Callable[[], str]) -> SafeString:
    """The stored fragment `name`, or `render()` kept under `tags` until one is purged or
    the edition's next scheduled change, whichever comes first."""
    if settings.NEWSLINE_FRAGMENT_CACHE_SECONDS <= 0:
        return mark_safe(render())
    store, key = get_store(), f"fragment:{name}"
    blob = safely(lambda: store.get(key))
    if blob is not None:
        # Stored as "<expiry>\n<html>", as a page entry carries its expiry: the store's own
        # clock (Redis's) need not be this process's.
        expires, _, html = blob.decode(errors="replace").partition("\n")
        try:
            fresh_until = float(expires)
        except ValueError:  # stored by another release in another layout: render anew
            fresh_until = 0.0
        if fresh_until > time.time():
            return mark_safe(html)
    since = safely(store.generation)  # read before rendering, as for pages
    html = render()
    now = timezone.now()
    fresh = float(settings.NEWSLINE_FRAGMENT_CACHE_SECONDS)
    if (boundary := freshness.next_change([language], now)) is not None:
        fresh = min(fresh, (boundary - now).total_seconds())
    if since is not None and fresh >= 1:
        blob = f"{time.time() + fresh}\n{html}".encode()
        safely(lambda: store.store(key, blob, tags=tags, ttl=fresh, since=since))
    return mark_safe(html)


def news_line(language: str) -> SafeString:
    """The edition's news line as every page shows it ("" for an empty edition)."""

    def render() -> str:
        # The live stream resumes after this event: read before the headlines, so the page
        # may be sent an event it already shows (applied twice, harmlessly), never miss one.
        since = latest_event_id(language)
        items = selectors.news_line(language)
        if not items:
            return ""
        context = {
            "news_line": items,
            "news_line_length": settings.NEWSLINE_NEWS_LINE_LENGTH,
            "live_since": since,
        }
        return render_to_string("reader/_news_line.html", context)

    return fragment(f"newsline:{language}", language, [f"newsline:{language}"], render)
