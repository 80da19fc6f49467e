from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import pgettext_lazy

from newsline.content.images import srcset as image_srcset
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
    return BADGES.get(article.kind, "")


@register.filter
def rendition(image, width) -> str:
    return image.rendition_url(int(width))


@register.filter
def srcset(image) -> str:
    return image_srcset(image)


@register.filter
def scaled_height(image, width) -> int:
    """Height of the image shown `width` pixels wide, so the page does not jump."""
    return round(image.height * int(width) / image.width) if image.width else int(width)


@register.simple_tag(takes_context=True)
def edition_links(context) -> list[dict]:
    """The same page in each edition: a story's translation, else that edition's home."""
    request = context.get("request")
    current = translation.get_language()
    translations = context.get("translations")
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            home = reverse("reader:home")
        if code == current:
            url = request.path if request else home
        elif translations is not None:
            url = article_url(translations[code]) if code in translations else home
        elif request is None or context.get("tag") is not None:
            url = home  # tags belong to one edition
        else:
            url = translate_url(request.path, code)
            if url == request.path:
                url = home
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links
