"""A page kept with holes where its news line and breaking banner go, as ESI would keep it.

Every publication changes the edition's news line, and with it every page of the edition:
the page cache purges them all. Most of those pages changed nowhere else. A shell is such
a page rendered once with the two parts every page shares left as holes, kept under the
page's own tags, without `newsline:` and `breaking:`. A page purged for its news line is
then rebuilt by filling the shell's holes with the kept news line and banner: no template
is rendered. A change to the page's own content purges its shell with it.

Shells are kept only for the readers the page cache serves (no session, a GET, and no
query parameter the view did not declare), so nobody's own page is kept for another.
The holes are marked by comments derived from SECRET_KEY: stored text cannot forge one,
and every process of the site reads the others' shells.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from newsline.pagecache import fragments
from newsline.pagecache.declare import declared
from newsline.pagecache.http import query_declared, request_key, shared

_TOKEN = hashlib.blake2b(settings.SECRET_KEY.encode(), digest_size=12, person=b"shell").hexdigest()
NEWS_LINE = mark_safe(f"<!--{_TOKEN}:news-line-->")
BANNER = mark_safe(f"<!--{_TOKEN}:banner-->")
# Tags of the parts left as holes: each hole is filled with its own kept fragment.
SHARED = ("newsline:", "breaking:")


def render(request, template: str, context: dict, language: str) -> HttpResponse:
    """The page as `render()` would give it, built from its kept shell where there is one.

    Call after the view has declared its tags (depends_on): they are the shell's.
    """
    name = _name(request)
    if name is None:
        return HttpResponse(render_to_string(template, context, request))

    def shell() -> tuple[str, list[str], dict]:
        request.newsline_holes = True
        try:
            html = render_to_string(template, context, request)
        finally:
            request.newsline_holes = False
        tags = [tag for tag in declared(request).tags if not tag.startswith(SHARED)]
        return html, tags, {}

    kept = fragments.fragment(name, language, shell)
    article_id = context.get("article_id")
    html = kept.html.replace(NEWS_LINE, fragments.news_line(language))
    html = html.replace(BANNER, fragments.banner_for(language, article_id))
    return HttpResponse(html)


def news_line(request, language: str) -> SafeString:
    """The news line as the frame shows it, or its hole while a shell is rendered."""
    if getattr(request, "newsline_holes", False):
        return NEWS_LINE
    return fragments.news_line(language)


def banner(request, language: str, article_id: int | None) -> SafeString:
    """The breaking banner as the frame shows it, or its hole while a shell is rendered."""
    if getattr(request, "newsline_holes", False):
        return BANNER
    return fragments.banner_for(language, article_id)


def _name(request) -> str | None:
    """The shell's name, after the page's own key; None: keep none, as the page cache
    would store no page for this request."""
    declaration = declared(request)
    if (
        settings.NEWSLINE_FRAGMENT_CACHE_SECONDS <= 0
        or declaration is None
        or declaration.exempt
        or not declaration.tags
        or not shared(request)
        or not query_declared(request, declaration.query)
    ):
        return None
    key = request_key(request)
    return None if key is None else f"shell:{key}"
