from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsline.live import embeds


class Event(models.Model):
    """A change readers' open pages should learn about; written only by the outbox.

    The id orders events and is what a reconnecting client sends as Last-Event-ID.
    """

    edition = models.CharField(_("edition"), max_length=8)
    kind = models.CharField(_("kind"), max_length=20)
    article = models.ForeignKey(
        "content.Article", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    data = models.JSONField(_("data"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["edition", "id"], name="event_tail")]

    def __str__(self):
        return f"{self.id} {self.edition} {self.kind}"


class LiveEntry(models.Model):
    """One short update of a live story, newest first on its page.

    Removal is soft (`removed_at`) so that it reaches open pages as an event like any edit;
    `version` grows on each change and keys the change's outbox effect.
    """

    article = models.ForeignKey(
        "content.Article",
        on_delete=models.CASCADE,
        related_name="live_entries",
        limit_choices_to={"kind": "live"},
        verbose_name=_("article"),
    )
    # Sanitized with the article body's allow-list when written (DESIGN invariant 3).
    body = models.TextField(_("text"))
    image = models.ForeignKey(
        "content.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    embed_url = models.URLField(_("embed address"), max_length=500, blank=True)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")
        indexes = [
            # The story page's entries, newest first, one keyset page at a time.
            models.Index(
                "article",
                models.F("published_at").desc(),
                models.F("id").desc(),
                name="liveentry_page",
                condition=models.Q(removed_at__isnull=True, is_pinned=False),
            ),
            # Pinned entries stand above the others, and only there.
            models.Index(
                "article",
                models.F("published_at").desc(),
                models.F("id").desc(),
                name="liveentry_pinned",
                condition=models.Q(removed_at__isnull=True, is_pinned=True),
            ),
        ]

    def __str__(self):
        return f"{self.article_id} #{self.id} v{self.version}"

    @property
    def embed_platform(self) -> str:
        return embeds.platform(self.embed_url)

    @property
    def youtube_id(self) -> str | None:
        return embeds.youtube_id(self.embed_url)
