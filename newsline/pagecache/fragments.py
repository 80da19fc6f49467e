"""Pieces of page shared by many renders, kept in the page store until their tags are purged.

The news line is on every reader page: rendered once per edition per change, not once
per page (a page-cache miss then costs the page's own content only); the home page's own
content is kept the same way, since it is most of that page's cost. A fragment lives
in the same store as pages, under the same tags, so the purges that refresh pages
refresh it, and never past the edition's next scheduled story.
"""

import json
import time
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from newsline.content import selectors
from newsline.content.models import Section
from newsline.live.events import latest_event_id
from newsline.pagecache import freshness
from newsline.pagecache import tags as page_tags
from newsline.pagecache.store import get_store, safely
from newsline.syndication import structured_data


class Fragment(NamedTuple):
    html: SafeString
    tags: list[str]  # what it shows, for the page built on it to declare
    data: dict  # what the page needs of it besides its markup (JSON)


def fragment(
    name: str, language: str, render: Callable[[], tuple[str, list[str], dict]]
) -> Fragment:
    """The stored fragment `name`; else `render()`'s (html, tags, data), kept under those
    tags until one is purged or the edition's next scheduled change, whichever is first."""
    if settings.NEWSLINE_FRAGMENT_CACHE_SECONDS <= 0:
        html, tags, data = render()
        return Fragment(mark_safe(html), tags, data)
    store, key = get_store(), f"fragment:{name}"
    blob = safely(lambda: store.get(key))
    if blob is not None:
        # Stored as "<expiry>\n<tags>\n<data>\n<html>", as a page entry carries its expiry:
        # the store's own clock (Redis's) need not be this process's.
        expires, _, rest = blob.decode(errors="replace").partition("\n")
        stored_tags, _, rest = rest.partition("\n")
        data, _, html = rest.partition("\n")
        try:
            fresh_until, stored_data = float(expires), json.loads(data)
        except ValueError:  # stored by another release in another layout: render anew
            fresh_until = 0.0
        if fresh_until > time.time():
            return Fragment(mark_safe(html), stored_tags.split(), stored_data)
    since = safely(store.generation)  # read before rendering, as for pages
    html, tags, data = render()
    now = timezone.now()
    fresh = float(settings.NEWSLINE_FRAGMENT_CACHE_SECONDS)
    if (boundary := freshness.next_change([language], now)) is not None:
        fresh = min(fresh, (boundary - now).total_seconds())
    if since is not None and fresh >= 1:
        blob = f"{time.time() + fresh}\n{' '.join(tags)}\n{json.dumps(data)}\n{html}".encode()
        safely(lambda: store.store(key, blob, tags=tags, ttl=fresh, since=since))
    return Fragment(mark_safe(html), tags, data)


def news_line(language: str) -> SafeString:
    """The edition's news line as every page shows it ("" for an empty edition)."""

    def render() -> str:
        # The live stream resumes after this event: read before the headlines, so the page
        # may be sent an event it already shows (applied twice, harmlessly), never miss one.
        since = latest_event_id(language)
        items = selectors.news_line(language)
        tags = [f"newsline:{language}"]
        if not items:
            return "", tags, {}
        context = {
            "news_line": items,
            "news_line_length": settings.NEWSLINE_NEWS_LINE_LENGTH,
            "live_since": since,
        }
        return render_to_string("reader/_news_line.html", context), tags, {}

    return fragment(f"newsline:{language}", language, render).html


def home(language: str, sections: list[Section]) -> Fragment:
    """The front page's own content (lead, featured, each section's latest), its tags, and
    the lead story's picture as shared links show it (data "share_image").

    Only the home page shows it, but a render is most of the page's cost: kept, a miss of
    the page costs the frame around it.
    """

    def render() -> tuple[str, list[str], dict]:
        page = selectors.home_page(language, sections=sections)
        html = render_to_string("reader/_home.html", {"page": page})
        data = {}
        if page.lead is not None and page.lead.lead_image:
            data["share_image"] = structured_data.shared_image(page.lead.lead_image)
        return html, page_tags.home(language, page), data

    return fragment(f"home:{language}", language, render)
