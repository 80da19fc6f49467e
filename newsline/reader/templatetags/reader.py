import functools
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse, translate_url
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext_lazy

from newsline.content.images import srcset as image_srcset
from newsline.content.images import thumbnail_url
from newsline.pagecache import fragments, shells

register = template.Library()

# What the news line says about a story's kind; plain news carries no badge.
BADGES = {
    "video": pgettext_lazy("badge", "VIDEO"),
    "interview": pgettext_lazy("badge", "INTERVIEW"),
    "live": pgettext_lazy("badge", "LIVE"),
    "opinion": pgettext_lazy("badge", "OPINION"),
    "photo": pgettext_lazy("badge", "PHOTO"),
}


@register.filter
def badge(article) -> str:
    # LIVE promises updates still coming: a live story whose coverage ended carries no badge.
    if article.kind == "live" and article.coverage_ended_at is not None:
        return ""
    return BADGES.get(article.kind, "")


@register.filter
def rendition(image, width) -> str:
    return image.rendition_url(int(width))


@register.filter
def srcset(image, format="webp") -> str:
    return image_srcset(image, format)


@register.filter
def thumbnail(image) -> str:
    """The 3:2 thumbnail, cropped around the image's focal point."""
    return thumbnail_url(image)


@register.filter
def scaled_height(image, width) -> int:
    """Height of the image shown `width` pixels wide, so the page does not jump."""
    return round(image.height * int(width) / image.width) if image.width else int(width)


@register.simple_tag
def live_body() -> SafeString:
    """The `<body>` tag with the live stream and the texts reader/live.js shows.

    Its translations are fixed while the process runs: rendered once per edition.
    """
    return _live_body(get_language())


@functools.cache
def _live_body(language: str) -> SafeString:
    return render_to_string("reader/_live_body.html")


@register.simple_tag(takes_context=True)
def sections_nav(context) -> SafeString:
    """The section menu (a kept fragment), with the page's own section marked."""
    return fragments.sections_nav(get_language(), getattr(context.get("section"), "id", None))


@register.simple_tag(takes_context=True)
def breaking_banner(context) -> SafeString:
    """The edition's breaking banner (a kept fragment), "" when there is none."""
    return shells.banner(context.get("request"), get_language(), context.get("article_id"))


@register.simple_tag(takes_context=True)
def edition_links(context) -> list[dict]:
    """This page in each edition, for the switcher and `hreflang` alike.

    `same` is true where the link is this very page in that edition (a story's translation,
    the same section or archive day); elsewhere the link is that edition's home, and it is
    no `hreflang` alternate.
    """
    request = context.get("request")
    # The switcher and the alternates ask for the same list: worked out once per page.
    if request is not None and (known := getattr(request, "_newsline_editions", None)):
        return known
    current = translation.get_language()
    translations = context.get("translation_urls")  # an article's: {language: its path}
    links = []
    prefix = get_script_prefix()
    for code, name in settings.LANGUAGES:
        home = _translated(prefix, None, code)
        url, same = home, False
        if code == current:
            url, same = (request.path, True) if request else (home, False)
        elif translations is not None:
            if code in translations:
                url, same = translations[code], True
        elif request is not None and context.get("tag") is None:  # tags belong to one edition
            translated = _translated(prefix, request.path, code)
            if translated != request.path:
                url, same = translated, True
        links.append(
            {"code": code, "name": name, "url": url, "current": code == current, "same": same}
        )
    if request is not None:
        request._newsline_editions = links
    return links


@functools.lru_cache(maxsize=4096)
def _translated(prefix: str, path: str | None, code: str) -> str:
    """`path` (None: the home page) in edition `code`. Addresses are fixed while the
    process runs (the script prefix too, a key here all the same), and resolving one
    costs more than the rest of the page's frame."""
    if path is None:
        with translation.override(code):
            return reverse("reader:home")
    return translate_url(path, code)


@register.simple_tag(takes_context=True)
def hreflang_links(context) -> list[dict]:
    """`<link rel="alternate" hreflang>` entries: each edition of this page, and x-default."""
    request = context["request"]
    same = [link for link in edition_links(context) if link["same"]]
    alternates = [
        {"hreflang": link["code"], "href": request.build_absolute_uri(link["url"])} for link in same
    ]
    default = next((a for a in alternates if a["hreflang"] == settings.LANGUAGE_CODE), None)
    if default and len(alternates) > 1:
        alternates.append({"hreflang": "x-default", "href": default["href"]})
    return alternates if len(alternates) > 1 else []


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address without tracking or other parameters, but with its page cursor."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    cursor = request.GET.get("before")
    return f"{url}?{urlencode({'before': cursor})}" if cursor else url
