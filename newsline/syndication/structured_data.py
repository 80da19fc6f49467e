"""OpenGraph, Twitter card and schema.org JSON-LD metadata for reader pages.

Every function here reads only what the view already loaded (the article page prefetches
tags and authors, selects section and lead image), so metadata adds no SQL queries
(DESIGN invariant 9).
"""

import json
from datetime import datetime
from html import unescape

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from newsline.content.images import rendition_url, thumbnail_url
from newsline.content.models import Article, Image

OG_LOCALES = {"en": "en_US", "az": "az_AZ", "ru": "ru_RU"}
SHARE_WIDTH = 1200  # Facebook, X and Google Discover all want large images at least this wide.
# json_script's escapes: no "</script>", "<!--" or "&" entity can survive inside the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict | list) -> SafeString:
    """Return `data` as a JSON-LD script element that no string in it can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))


def iso(moment: datetime | None) -> str | None:
    """Return the moment in the site's time zone as ISO 8601 with its offset."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def og_locale(language: str | None = None) -> str:
    """Return the OpenGraph locale (e.g. az_AZ) of an edition."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return OG_LOCALES.get(language, language)


def share_image(request: HttpRequest, image: Image) -> dict:
    """Return the absolute URL, size and alt text of the image's 1200-px rendition."""
    return absolute_share_image(request, shared_image(image))


def shared_image(image: Image) -> dict:
    """Return the path, size and alt text of the image's 1200-px rendition (JSON-ready)."""
    # Without renditions rendition_url falls back to the original file, at its own size.
    widths = sorted(int(key) for key in (image.renditions or {}) if key.isdigit())
    widths = widths or [image.width]
    width = next((w for w in widths if w >= SHARE_WIDTH), widths[-1])
    height = round(image.height * width / image.width) if image.width and image.height else None
    return {
        "path": rendition_url(image, SHARE_WIDTH),
        "width": width or None,
        "height": height,
        "alt": image.alt_text,
    }


def absolute_share_image(request: HttpRequest, shared: dict) -> dict:
    return {**shared, "url": request.build_absolute_uri(shared["path"])}


def image_urls(request: HttpRequest, image: Image) -> list[str]:
    """Return the image's absolute URLs for JSON-LD, widest first, without repeats.

    Renditions keep the original's ratio and the thumbnail is cropped to 3:2, so a 16:9
    original yields 16:9 and 3:2 crops; there are no 4:3 or 1:1 crops to offer yet.
    """
    urls = [rendition_url(image, width) for width in (SHARE_WIDTH, 960, 480)]
    urls.append(thumbnail_url(image))
    return list(dict.fromkeys(request.build_absolute_uri(url) for url in urls))


def published_at(article: Article) -> datetime | None:
    """Return when readers first saw the article."""
    return article.first_published_at or article.publish_at


def modified_at(article: Article) -> datetime | None:
    """Return the article's last public update: a correction, else its publication.

    `updated_at` also moves on edits readers never see (a retag, a typo in alt text), and a
    search engine that sees dateModified change for nothing learns to distrust it.
    """
    return article.corrected_at or published_at(article)


def publisher(request: HttpRequest) -> dict:
    """Return the site as a schema.org NewsMediaOrganization."""
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSLINE_SITE_NAME,
        "url": request.build_absolute_uri(reverse("reader:home")),
        # Google asks for a raster logo (at least 112 px); the SVG favicon is all there is yet.
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static("reader/favicon.svg")),
        },
    }


def article_graph(request: HttpRequest, article: Article, live=None) -> list[dict]:
    """Return the JSON-LD objects of an article page: the story and its breadcrumbs.

    `live` is the live story's newsline.live.blog.LivePage the view loaded, if any.
    """
    url = request.build_absolute_uri(article.get_absolute_url())
    tags = [tag.name for tag in article.tags.all()]
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting" if article.kind == Article.Kind.LIVE else "NewsArticle",
        "headline": article.headline,
        "description": article.lead,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": article.language,
        "datePublished": iso(published_at(article)),
        "dateModified": iso(modified_at(article)),
        "author": [
            {
                "@type": "Person",
                "name": person.display_name,
                "url": request.build_absolute_uri(person.get_absolute_url()),
            }
            for person in article.authors.all()
        ],
        "publisher": publisher(request),
        "articleSection": article.section.name,
    }
    if tags:
        data["keywords"] = tags
    if article.lead_image:
        data["image"] = image_urls(request, article.lead_image)
    if article.kind == Article.Kind.LIVE:
        data |= live_coverage(article, url, live)
    # A VideoObject needs the video's own URL; articles have no video embed field yet, so
    # kind=video stories get nothing more than a NewsArticle until one exists.
    return [data, breadcrumbs(request, article, url)]


def live_coverage(article: Article, url: str, live=None) -> dict:
    """Return a LiveBlogPosting's coverage times and its latest entries as BlogPostings."""
    data = {"coverageStartTime": iso(published_at(article))}
    if article.coverage_ended_at:
        data["coverageEndTime"] = iso(article.coverage_ended_at)
    updates = [
        {
            "@type": "BlogPosting",
            "headline": Truncator(text).chars(110),  # Google's limit for headlines
            "articleBody": text,
            "datePublished": iso(entry.published_at),
            "url": f"{url}#entry-{entry.pk}",
        }
        for entry in (live.latest if live else [])
        for text in [plain_text(entry.body)]
    ]
    if updates:
        data["liveBlogUpdate"] = updates
    return data


def plain_text(html: str) -> str:
    """Return sanitized HTML as one line of plain text."""
    return " ".join(unescape(strip_tags(html)).split())


def breadcrumbs(request: HttpRequest, article: Article, url: str) -> dict:
    """Return the BreadcrumbList edition home → section → article."""
    trail = [
        (settings.NEWSLINE_SITE_NAME, request.build_absolute_uri(reverse("reader:home"))),
        (article.section.name, request.build_absolute_uri(article.section.get_absolute_url())),
        (article.headline, url),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": item}
            for position, (name, item) in enumerate(trail, start=1)
        ],
    }


def website_graph(request: HttpRequest) -> list[dict]:
    """Return the JSON-LD of an edition's home page: the WebSite with its search box."""
    home = request.build_absolute_uri(reverse("reader:home"))
    search = request.build_absolute_uri(reverse("reader:search"))
    return [
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": settings.NEWSLINE_SITE_NAME,
            "url": home,
            "inLanguage": get_language(),
            "publisher": publisher(request),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": f"{search}?q={{search_term_string}}",
                },
                "query-input": "required name=search_term_string",
            },
        }
    ]


def page_metadata(context) -> dict:
    """Return what _metadata.html renders for the page whose template context is given."""
    request = context["request"]
    site_name = settings.NEWSLINE_SITE_NAME
    article = context.get("article")
    meta = {
        "site_name": site_name,
        "locale": og_locale(),
        "type": "website",
        "url": request.build_absolute_uri(request.path),
        "title": site_name,
        # Built from msgids the catalogs already translate; a real site description waits
        # for a translator (the .po files belong to another change).
        "description": f"{gettext('Top stories')} — {site_name}",
        "image": None,
        "graph": [],
    }
    if article is not None:
        meta.update(
            type="article",
            url=request.build_absolute_uri(article.get_absolute_url()),
            title=article.headline,
            description=article.lead or meta["description"],
            locale=og_locale(article.language),
            published=iso(published_at(article)),
            modified=iso(modified_at(article)),
            section=article.section.name,
            tags=[tag.name for tag in article.tags.all()],
        )
        if article.lead_image:
            meta["image"] = share_image(request, article.lead_image)
        if not context.get("preview"):  # A preview is noindex: nothing to describe.
            meta["graph"] = article_graph(request, article, context.get("live"))
    elif context.get("title"):
        meta["title"] = f"{context['title']} — {site_name}"
        meta["description"] = meta["title"]
    elif _is_home(request):
        meta["graph"] = website_graph(request)
        # The lead story's picture, as the home page's kept content recorded it.
        if shared := context.get("share_image"):
            meta["image"] = absolute_share_image(request, shared)
    return meta


def _is_home(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name == "reader:home"
