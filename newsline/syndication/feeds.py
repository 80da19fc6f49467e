"""RSS 2.0 and Atom 1.0 feeds of each edition, section, tag and author."""

import hashlib
import mimetypes
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from newsline.content.images import rendition_url
from newsline.content.models import Article, Author, Section, Tag
from newsline.pagecache import depends_on
from newsline.pagecache import tags as page_tags
from newsline.text import normalize

FEED_LENGTH = 50
ENCLOSURE_WIDTH = 1200
SCOPES = ("edition", "section", "tag", "author")


@dataclass(frozen=True)
class Scope:
    """What one feed request covers: an edition, or a section, tag or author in it."""

    language: str
    kind: str
    subject: Section | Tag | Author | None
    origin: str  # scheme://host, for ids that do not depend on the slug
    shown: list = field(default_factory=list, compare=False)  # the items, for cache tags


def _subject_filter(kind: str, language: str, slug: str | None) -> dict:
    return {
        "edition": {},
        "section": {"section__slug": slug},
        "tag": {"tags__language": language, "tags__slug": slug},
        "author": {"authors__slug": slug},
    }[kind]


def _feed_state(request, kind: str, slug: str | None) -> dict:
    """Summarise the feed's stories in one query, once per request (ETag and Last-Modified)."""
    if not hasattr(request, "_newsline_feed_state"):
        language = get_language()
        articles = Article.objects.visible().edition(language)
        # The stories the feed shows, not all of the edition's: summarising every one read
        # them all, 2 s on 1,000,000 stories, and a change to an older one changes no feed.
        shown = list(
            articles.filter(**_subject_filter(kind, language, slug))
            .newest_first()
            .values_list("id", "publish_at", "corrected_at", "updated_at")[:FEED_LENGTH]
        )
        request._newsline_feed_state = {
            "published": max((row[1] for row in shown), default=None),
            "corrected": max((row[2] for row in shown if row[2]), default=None),
            "shown": [(pk, updated) for pk, _published, _corrected, updated in shown],
        }
    return request._newsline_feed_state


def _last_modified(kind: str):
    def last_modified(request, slug=None):
        state = _feed_state(request, kind, slug)
        times = [t for t in (state["published"], state["corrected"]) if t is not None]
        return max(times) if times else None

    return last_modified


def _etag(kind: str, format: str):
    def etag(request, slug=None):
        state = _feed_state(request, kind, slug)
        full_text = _full_text()
        key = "|".join(
            str(part) for part in (format, get_language(), kind, slug, full_text, *state.values())
        )
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    return etag


def _xml_text(value):
    """The value without the C0 controls XML 1.0 cannot carry (a name typed in the newsroom
    may hold one; Django's feed writer raises on it)."""
    if isinstance(value, str):
        return normalize(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_text(item) for item in value)
    return value


class XmlTextFeed:
    """Mix into a feed generator: every text given to the feed is made storable in XML."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_xml_text, args), **{k: _xml_text(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_xml_text, args), **{k: _xml_text(v) for k, v in kwargs.items()})


class RssFeed(XmlTextFeed, Rss201rev2Feed):
    pass


class AtomFeed(XmlTextFeed, Atom1Feed):
    """Atom with the full text, where given, in <content> beside the <summary>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


def _full_text() -> bool:
    return getattr(settings, "NEWSLINE_FEED_FULL_TEXT", False)


class ArticleFeed(Feed):
    """The newest visible stories of an edition, or of one section, tag or author in it."""

    feed_type = RssFeed

    def __init__(self, kind: str = "edition", format: str = "rss"):
        if kind not in SCOPES:
            raise ValueError(f"Unknown feed scope {kind!r}.")
        self.kind = kind
        self.feed_type = AtomFeed if format == "atom" else RssFeed

    def get_object(self, request, slug=None):
        language = get_language()
        # Ids come from the configured public address, not the request's host, so a story
        # keeps its id when the site is reached under another name.
        origin = settings.NEWSLINE_SITE_URL
        if self.kind == "section":
            subject = get_object_or_404(Section, slug=slug)
        elif self.kind == "tag":
            subject = get_object_or_404(Tag, language=language, slug=slug)
        elif self.kind == "author":
            subject = get_object_or_404(Author, slug=slug)
        elif slug is not None:
            raise Http404
        else:
            subject = None
        return Scope(language, self.kind, subject, origin)

    def title(self, scope: Scope) -> str:
        site = settings.NEWSLINE_SITE_NAME
        if scope.subject is None:
            return site
        name = getattr(scope.subject, "display_name", None) or scope.subject.name
        return f"{site}: {name}"

    def description(self, scope: Scope) -> str:
        # RSS readers render descriptions as HTML; the names in it are plain text.
        return escape(self.subtitle(scope))

    def subtitle(self, scope: Scope) -> str:
        # Atom's subtitle is declared text; it needs no escaping of its own.
        return _("The latest stories from %(title)s.") % {"title": self.title(scope)}

    def link(self, scope: Scope) -> str:
        if scope.subject is None:
            return reverse("reader:home")
        return scope.subject.get_absolute_url()

    def author_name(self) -> str:
        # Atom needs an author for each entry; the site stands in for unsigned stories.
        return settings.NEWSLINE_SITE_NAME

    def items(self, scope: Scope):
        articles = Article.objects.visible().edition(scope.language)
        if scope.kind == "section":
            articles = articles.filter(section=scope.subject)
        elif scope.kind == "tag":
            articles = articles.filter(tags=scope.subject)
        elif scope.kind == "author":
            articles = articles.filter(authors=scope.subject)
        items = list(
            articles.newest_first()
            .select_related("section", "lead_image")
            .prefetch_related("tags", "authors")[:FEED_LENGTH]
        )
        for item in items:
            item.feed_origin = scope.origin
        scope.shown.extend(items)
        return items

    def get_feed(self, obj: Scope, request):
        feed = super().get_feed(obj, request)
        depends_on(request, *page_tags.feed(obj.language, obj.kind, obj.subject, obj.shown))
        return feed

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        if _full_text() and self.feed_type is RssFeed:
            return item.body  # sanitized on save (DESIGN invariant 3)
        # Both formats carry the description as HTML (Atom's summary is type="html"), and
        # the lead is plain text: escaped, it reads as typed instead of running as markup.
        return escape(item.lead)

    def item_extra_kwargs(self, item: Article) -> dict:
        if _full_text() and self.feed_type is AtomFeed:
            return {"content": item.body}
        return {}

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Article) -> str:
        # From the id, never the slug: an edited headline or slug must not make a new story.
        return f"{item.feed_origin}/{item.language}/{item.pk}/"

    def item_guid_is_permalink(self) -> bool:
        return True

    def item_pubdate(self, item: Article):
        return timezone.localtime(item.publish_at)

    def item_updateddate(self, item: Article):
        return timezone.localtime(item.corrected_at or item.publish_at)

    def item_author_name(self, item: Article) -> str | None:
        return ", ".join(author.display_name for author in item.authors.all()) or None

    def item_categories(self, item: Article) -> list[str]:
        categories = [item.section.name] if item.section_id else []
        return categories + [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        image = item.lead_image
        if image is None or not image.file:
            return []
        url = rendition_url(image, ENCLOSURE_WIDTH)
        if image.renditions:
            mime_type = "image/webp"
            name = url.removeprefix(default_storage.base_url)
        else:
            mime_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
            name = image.file.name
        return [Enclosure(self._absolute(item, url), str(_file_size(name)), mime_type)]

    @staticmethod
    def _absolute(item: Article, url: str) -> str:
        return url if "://" in url else f"{item.feed_origin}{url}"


def _file_size(name: str) -> int:
    """Return the stored file's size, or 0 (RSS requires a length; 0 means unknown)."""
    try:
        return default_storage.size(name)
    except (OSError, NotImplementedError, ValueError):
        return 0


def feed_view(kind: str, format: str):
    """Return the feed view for one scope and format, answering conditional GETs with 304."""
    return condition(etag_func=_etag(kind, format), last_modified_func=_last_modified(kind))(
        ArticleFeed(kind, format)
    )
