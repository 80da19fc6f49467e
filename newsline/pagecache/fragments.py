"""Pieces of page shared by many renders, kept in the page store until their tags are purged.

Every reader page is built around the same frame: its edition's news line, section menu
and breaking banner, each rendered once per edition per change rather than once per page.
A page's own part is kept the same way where rendering it is most of the page's cost: the
home page's content and metadata here, an article's in newsline.reader.story; and those
pages whole, with holes for the news line and banner, in shells.py. A page purged for
its news line is then rebuilt from kept parts. A fragment lives in the same
store as pages, under the same tags, so the purges that refresh pages refresh it, and
never past the edition's next scheduled story.
"""

import hashlib
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from newsline.content import selectors
from newsline.live.events import latest_event_id
from newsline.pagecache import freshness, kept
from newsline.pagecache import tags as page_tags
from newsline.syndication import structured_data


class Fragment(NamedTuple):
    html: SafeString
    tags: list[str]  # what it shows, for the page built on it to declare
    data: dict  # what the page needs of it besides its markup (JSON)


def fragment(
    name: str, language: str | None, render: Callable[[], tuple[str, list[str], dict] | None]
) -> Fragment | None:
    """The kept fragment `name`; else `render()`'s (html, tags, data), kept under those
    tags until one is purged or the edition's next scheduled change, whichever is first.

    `language` None: the edition is the one render() names in data["language"]. render()
    may answer None (nothing to show), which is returned and not kept.
    """

    def compute() -> kept.Piece | None:
        if (rendered := render()) is None:
            return None
        html, tags, data = rendered
        edition = language or data["language"]
        # Its lifetime ends at the edition's next change, which a story scheduled after
        # this render moves: the purge on scheduling (signal_handlers.py) carries this tag.
        tags = list(dict.fromkeys([f"edition:{edition}", *tags]))
        now = timezone.now()
        until = now.timestamp() + settings.NEWSLINE_FRAGMENT_CACHE_SECONDS
        if (boundary := freshness.next_change([edition], now)) is not None:
            until = min(until, boundary.timestamp())
        return kept.Piece(html, tags, data, until)

    piece = kept.through(name, compute)
    return None if piece is None else Fragment(mark_safe(piece.html), piece.tags, piece.data)


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


def home(request, language: str) -> Fragment:
    """The front page's own part: its content (lead, featured, each section's latest), its
    tags, and its metadata (data "head"; shared links show the lead story's picture).

    Only the home page shows it, but a render is most of the page's cost: kept, a miss of
    the page costs the frame around it. Kept per site address: the metadata's links are
    absolute.
    """

    def render() -> tuple[str, list[str], dict]:
        page = selectors.home_page(language, sections=selectors.sections())
        html = render_to_string("reader/_home.html", {"page": page})
        shared = None
        if page.lead is not None and page.lead.lead_image:
            shared = structured_data.shared_image(page.lead.lead_image)
        head = render_to_string("syndication/_metadata.html", {"share_image": shared}, request)
        return html, page_tags.home(language, page), {"head": head}

    return fragment(f"home:{language}:{site(request)}", language, render)


def site(request) -> str:
    """A short key of the site's address (scheme and host) for parts with absolute links."""
    address = request.build_absolute_uri("/").encode()
    return hashlib.blake2b(address, digest_size=8).hexdigest()


def sections_nav(language: str, current: int | None = None) -> SafeString:
    """The section menu of every page ("" with no sections), one per current section."""

    def render() -> tuple[str, list[str], dict]:
        sections = selectors.sections()
        if not sections:
            return "", ["sections"], {}
        context = {"nav_sections": sections, "current": current}
        return render_to_string("reader/_sections_nav.html", context), ["sections"], {}

    return fragment(f"sections:{language}:{current or 0}", language, render).html


def banner(language: str) -> Fragment:
    """The edition's breaking banner ("" with none), the story's id (data "id") and the
    banner as the story's own page shows it (data "current")."""

    def render() -> tuple[str, list[str], dict]:
        story = selectors.breaking_story(language)
        tags = [f"breaking:{language}"]
        if story is None:
            return "", tags, {}
        html = render_to_string("reader/_breaking.html", {"story": story})
        # As the breaking story's own page shows it: its link marked as the current page.
        current = render_to_string("reader/_breaking.html", {"story": story, "current": True})
        return html, tags, {"id": story.pk, "current": current}

    # Kept until the edition's next change, which counts the banner's end (freshness.py).
    return fragment(f"banner:{language}", language, render)


def banner_for(language: str, article_id: int | None) -> SafeString:
    """The banner as the page of `article_id` (None: any other page) shows it."""
    kept = banner(language)
    if kept.data.get("id") is not None and kept.data["id"] == article_id:
        # On the breaking story's own page its link is marked as the current page.
        return mark_safe(kept.data["current"])
    return kept.html
