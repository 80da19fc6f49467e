"""Live blogs: the services that write a live story's entries, and the reads of its page.

Each write checks permission, locks the entry, bumps its version and enqueues an
``outbox.ENTRY`` effect keyed ``entry:<id>:<version>``, so every change (removal too)
reaches open pages once, after commit. Entries of a story readers cannot see yet are
kept, and appear with the story: effects only run for visible stories.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import linebreaks, strip_tags
from django.utils.translation import gettext as _

from newsline.content import outbox
from newsline.content.models import Article, Image
from newsline.content.pagination import Cursor, parse_cursor
from newsline.content.sanitize import sanitize_html
from newsline.content.uploads import check_image_usable
from newsline.live.embeds import check_embed_url
from newsline.live.models import LiveEntry
from newsline.newsroom.audit import record_audit
from newsline.newsroom.permissions import Action, check

PAGE_SIZE = 20
# Pinned entries stand above the rest (and only there); more would push the news off screen.
PINNED_MAX = 3
MAX_TEXT = 5000


class LiveBlogError(Exception):
    """A change the live blog refuses (not a live story, entry removed); says why."""


# Writes ----------------------------------------------------------------------------------


def add_entry(
    *,
    article_id: int,
    user,
    text: str,
    image_id: int | None = None,
    embed_url: str = "",
    pinned: bool = False,
) -> LiveEntry:
    """Post an entry to a live story; open pages show it at once."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        check(user, Action.LIVE_BLOG, article)
        if article.kind != Article.Kind.LIVE:
            raise LiveBlogError(_("Entries can only be posted to a live story."))
        entry = LiveEntry(article=article, author=user if getattr(user, "pk", None) else None)
        _fill(entry, text=text, image_id=image_id, embed_url=embed_url)
        if pinned:
            _require_pin_room(article)
        entry.is_pinned = pinned
        entry.save()
        _changed(entry, user, "entry posted")
    return entry


def edit_entry(
    *, entry_id: int, user, text: str, image_id: int | None = None, embed_url: str = ""
) -> LiveEntry:
    """Change an entry's text, image or embed; its time and place stay."""
    with transaction.atomic():
        entry = _locked(entry_id, user)
        _fill(entry, text=text, image_id=image_id, embed_url=embed_url)
        _bump(entry, "body", "image", "embed_url")
        _changed(entry, user, "entry edited")
    return entry


def remove_entry(*, entry_id: int, user) -> LiveEntry:
    """Take an entry off the story; open pages drop it."""
    with transaction.atomic():
        entry = _locked(entry_id, user)
        entry.removed_at = timezone.now()
        _bump(entry, "removed_at")
        _changed(entry, user, "entry removed")
    return entry


def pin_entry(*, entry_id: int, user, pinned: bool) -> LiveEntry:
    """Pin an entry above the others, or unpin it."""
    with transaction.atomic():
        entry = _locked(entry_id, user)
        if entry.is_pinned == pinned:
            return entry
        if pinned:
            _require_pin_room(entry.article)
        entry.is_pinned = pinned
        _bump(entry, "is_pinned")
        _changed(entry, user, "entry pinned" if pinned else "entry unpinned")
    return entry


def clean_text(text: str) -> str:
    """Return the entry text as sanitized HTML; plain text keeps its paragraphs and breaks."""
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("Keep an entry under %(max)s characters.") % {"max": MAX_TEXT}, code="too_long"
        )
    if "<p" not in text.lower():
        text = linebreaks(text)  # paragraphs for blank lines; any tags left to the sanitizer
    html = sanitize_html(text)
    if not strip_tags(html).strip():
        raise ValidationError(_("Write the entry's text."), code="required")
    return html


def _fill(entry: LiveEntry, *, text: str, image_id: int | None, embed_url: str) -> None:
    entry.body = clean_text(text)
    entry.embed_url = check_embed_url(embed_url)
    entry.image = None
    if image_id is not None:
        image = Image.objects.filter(pk=image_id).first()
        if image is None:
            raise ValidationError(_("There is no such image."), code="image")
        check_image_usable(image)
        entry.image = image


def _require_pin_room(article: Article) -> None:
    pinned = LiveEntry.objects.filter(article=article, is_pinned=True, removed_at__isnull=True)
    if pinned.count() >= PINNED_MAX:
        raise LiveBlogError(
            _("At most %(max)s entries can be pinned; unpin one first.") % {"max": PINNED_MAX}
        )


def _locked(entry_id: int, user) -> LiveEntry:
    entry = LiveEntry.objects.select_for_update().select_related("article").get(pk=entry_id)
    check(user, Action.LIVE_BLOG, entry.article)
    if entry.removed_at is not None:
        raise LiveBlogError(_("This entry was removed."))
    return entry


def _bump(entry: LiveEntry, *fields: str) -> None:
    entry.version = F("version") + 1
    entry.save(update_fields=[*fields, "version", "updated_at"])
    entry.refresh_from_db(fields=["version"])


def _changed(entry: LiveEntry, user, action: str) -> None:
    record_audit(
        user=user, action=action, article=entry.article, entry=entry.pk, version=entry.version
    )
    outbox.enqueue_effects(entry.article, outbox.ENTRY, subject=entry_subject(entry))


def entry_subject(entry: LiveEntry) -> str:
    return f"entry:{entry.pk}:{entry.version}"


# Reads -----------------------------------------------------------------------------------


def entry_event(article: Article, subject: str) -> dict:
    """The `entry` event for an outbox effect: the entry as its page renders it, or gone."""
    entry_id = int(subject.split(":")[1])
    entry = (
        LiveEntry.objects.filter(pk=entry_id, article=article, removed_at__isnull=True)
        .select_related("image")
        .first()
    )
    html = render_to_string("reader/_live_entry.html", {"entry": entry}).strip() if entry else ""
    return {
        "article": article.pk,
        "id": entry_id,
        "html": html,
        "pinned": bool(entry and entry.is_pinned),
    }


@dataclass
class LivePage:
    """What a live story's page shows: pinned entries, then one page of the rest."""

    pinned: list[LiveEntry] = field(default_factory=list)
    entries: list[LiveEntry] = field(default_factory=list)
    next_cursor: str | None = None
    is_first_page: bool = True

    @property
    def latest(self) -> list[LiveEntry]:
        """The ten newest entries, pinned or not, for structured data (first page only)."""
        if not self.is_first_page:
            return []
        newest = sorted([*self.pinned, *self.entries], key=lambda e: (e.published_at, e.pk))
        return newest[::-1][:10]


def live_page(article: Article, cursor: str | None = None) -> LivePage:
    """Load a live story's entries for its page in two queries; BadRequest for a bad cursor."""
    after = parse_cursor(cursor)
    shown = LiveEntry.objects.filter(article=article, removed_at__isnull=True).select_related(
        "image"
    )
    pinned = []
    if after is None:
        pinned = list(shown.filter(is_pinned=True).order_by("-published_at", "-id")[:PINNED_MAX])
    rest = shown.filter(is_pinned=False)
    if after is not None:
        # Same shape as Article.objects.visible(before=…): one bound, then the tie-break.
        rest = rest.filter(published_at__lte=after.publish_at).filter(
            Q(published_at__lt=after.publish_at) | Q(id__lt=after.id)
        )
    items = list(rest.order_by("-published_at", "-id")[: PAGE_SIZE + 1])
    more = len(items) > PAGE_SIZE
    items = items[:PAGE_SIZE]
    # The cursor type is the articles' one: a (time, id) key, signed the same way.
    next_cursor = Cursor(items[-1].published_at, items[-1].id).encode() if more else None
    return LivePage(pinned, items, next_cursor, after is None)
