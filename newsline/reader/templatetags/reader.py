from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import pgettext_lazy

from newsline.content.images import srcset as image_srcset
from newsline.content.images import thumbnail_url
from newsline.reader.urls import article_url

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


@register.simple_tag(takes_context=True)
def edition_links(context) -> list[dict]:
    """This page in each edition, for the switcher and `hreflang` alike.

    `same` is true where the link is this very page in that edition (a story's translation,
    the same section or archive day); elsewhere the link is that edition's home, and it is
    no `hreflang` alternate.
    """
    request = context.get("request")
    current = translation.get_language()
    translations = context.get("translations")
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            home = reverse("reader:home")
        url, same = home, False
        if code == current:
            url, same = (request.path, True) if request else (home, False)
        elif translations is not None:
            if code in translations:
                url, same = article_url(translations[code]), True
        elif request is not None and context.get("tag") is None:  # tags belong to one edition
            translated = translate_url(request.path, code)
            if translated != request.path:
                url, same = translated, True
        links.append(
            {"code": code, "name": name, "url": url, "current": code == current, "same": same}
        )
    return links


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
