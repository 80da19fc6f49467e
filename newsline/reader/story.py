"""An article page's own part: its head (description, metadata) and its main column.

Kept as a fragment (newsline.pagecache.kept) under the tags of what it shows, but not the
news line's or the banner's: a publication changes the news line of every page of its
edition, and the pages it purges are rebuilt from this part and the frame's fragments
instead of being rendered again. Kept per site address (scheme and host), since the
metadata's links are absolute. A live story's older entries (`?entries=`) and previews
are rendered each time.
"""

from typing import NamedTuple

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from newsline.content import selectors
from newsline.content.models import Article
from newsline.live import blog
from newsline.pagecache import fragments
from newsline.pagecache import tags as page_tags


class StoryPage(NamedTuple):
    head: SafeString
    main: SafeString
    tags: list[str]  # what the part shows (the page adds its frame's)
    data: dict  # canonical path, language, title, translation_urls, id


def for_page(request, pk: int) -> StoryPage | None:
    """The visible story's part, kept unless the page shows older live entries; None if no
    reader may see the story."""
    if "entries" in request.GET:
        story = selectors.article_for_page(pk)
        return render_page(request, story) if story is not None else None

    def render():
        story = selectors.article_for_page(pk)
        if story is None:
            return None  # nothing to keep: a story published later gets a fresh render
        # In its own edition's language, whichever edition's address was asked for (the
        # view then redirects there): the part is kept for that address.
        with translation.override(story.language):
            page = render_page(request, story)
        return page.main, page.tags, page.data | {"head": page.head}

    found = fragments.fragment(f"story:{pk}:{fragments.site(request)}", None, render)
    if found is None:
        return None
    return StoryPage(mark_safe(found.data["head"]), found.html, found.tags, found.data)


def render_page(request, story: Article, *, preview: str | None = None) -> StoryPage:
    """Render the story's part (`preview`: the preview notice's state, for previews)."""
    translations = selectors.translations(story)
    context = {"article": story, "related": selectors.related(story), "preview": preview}
    if story.kind == Article.Kind.LIVE:
        context["live"] = blog.live_page(story, request.GET.get("entries"))
    shown = page_tags.story_page(story, context["related"], translations)
    data = {
        "id": story.pk,
        "canonical": story.get_absolute_url(),
        "language": story.language,
        "title": story.headline,
        "translation_urls": {code: o.get_absolute_url() for code, o in translations.items()},
    }
    return StoryPage(
        mark_safe(render_to_string("reader/_story_head.html", context, request)),
        mark_safe(render_to_string("reader/_story.html", context, request)),
        shown,
        data,
    )
