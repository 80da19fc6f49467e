"""The newsroom's content: sections, tags, authors, images and articles."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from newsline.content.queries import ArticleQuerySet
from newsline.content.sanitize import EDITOR_EXTENSIONS, sanitize_html


def language_choices():
    return settings.LANGUAGES


class Section(models.Model):
    slug = models.SlugField(_("slug"), unique=True, max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=80, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reader:section", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        """The name in the active edition's language, else in English."""
        return self.name_in(get_language())

    def name_in(self, language: str) -> str:
        return getattr(self, f"name_{language}", "") or self.name_en


class Tag(models.Model):
    language = models.CharField(_("language"), max_length=8, choices=language_choices)
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=90, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [models.UniqueConstraint(fields=["language", "slug"], name="tag_unique_slug")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reader:tag", kwargs={"slug": self.slug})


class Image(models.Model):
    file = models.ImageField(
        _("file"), upload_to="images/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("width"), editable=False, null=True)
    height = models.PositiveIntegerField(_("height"), editable=False, null=True)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=120, blank=True)
    # {"160": "renditions/…/160.webp", …}, written by newsline.content.images.
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)
    # Where the subject is, as fractions of width and height: crops keep it in the frame.
    focal_x = models.FloatField(
        _("focal point (horizontal)"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    focal_y = models.FloatField(
        _("focal point (vertical)"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text

    def rendition_url(self, width: int) -> str:
        """URL of the rendition at least `width` pixels wide (or the widest there is)."""
        from newsline.content.images import rendition_url

        return rendition_url(self, width)


class Author(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("newsroom user"),
    )
    display_name = models.CharField(_("display name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True, max_length=130)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        Image,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("photo"),
        related_name="+",
    )

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("reader:author", kwargs={"slug": self.slug})


PUBLISHED = Q(status="published")


class Article(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        VIDEO = "video", _("Video")
        INTERVIEW = "interview", _("Interview")
        LIVE = "live", _("Live")
        OPINION = "opinion", _("Opinion")
        PHOTO = "photo", _("Photo")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    language = models.CharField(_("language"), max_length=8, choices=language_choices)
    translation_group = models.UUIDField(
        _("translation group"),
        default=uuid.uuid4,
        db_index=True,
        help_text=_("Versions of one story in different languages share this value."),
    )
    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=90, blank=True)
    lead = models.TextField(_("lead"), blank=True)
    body = ProseEditorField(
        _("body"), blank=True, config={"extensions": EDITOR_EXTENSIONS}, sanitize=sanitize_html
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", verbose_name=_("section")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    authors = models.ManyToManyField(
        Author, blank=True, related_name="articles", verbose_name=_("authors")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.NEWS)
    lead_image = models.ForeignKey(
        Image,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead image"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Readers see the story from this minute on; a future time schedules it."),
    )
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_breaking = models.BooleanField(_("breaking"), default=False)
    featured_rank = models.PositiveSmallIntegerField(
        _("featured rank"),
        null=True,
        blank=True,
        help_text=_("1 is the lead story of the home page; empty is not featured."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    # When a published story was last corrected or updated; readers see "Updated …".
    corrected_at = models.DateTimeField(_("updated for readers"), null=True, blank=True)
    breaking_until = models.DateTimeField(
        _("breaking until"),
        null=True,
        blank=True,
        help_text=_("The breaking banner disappears at this time; empty keeps it until cleared."),
    )
    # A live story's coverage ended (the LIVE badge goes); empty while it is still running.
    coverage_ended_at = models.DateTimeField(
        _("coverage ended"), null=True, blank=True, editable=False
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # The news line, the archive and the day archive: one edition, newest first.
            models.Index(
                "language",
                models.F("publish_at").desc(),
                models.F("id").desc(),
                name="article_newsline",
                condition=PUBLISHED,
            ),
            models.Index(
                "language",
                "section",
                models.F("publish_at").desc(),
                models.F("id").desc(),
                name="article_section",
                condition=PUBLISHED,
            ),
            # A search filtered by kind looks among the edition's newest stories of that kind.
            models.Index(
                "language",
                "kind",
                models.F("publish_at").desc(),
                models.F("id").desc(),
                name="article_kind",
                condition=PUBLISHED,
            ),
            # The breaking banner's lookup, on every reader page; almost always empty.
            models.Index(
                "language",
                models.F("publish_at").desc(),
                models.F("id").desc(),
                name="article_breaking",
                condition=PUBLISHED & Q(is_breaking=True),
            ),
            # The newsroom's article list, newest first, whatever the status; unpublished and
            # breaking stories too, rare values a walk down the first index would look for long.
            # (Partial, so reader queries, which want published stories, never pick them.)
            models.Index(
                models.F("publish_at").desc(), models.F("id").desc(), name="article_newsroom"
            ),
            models.Index(
                models.F("publish_at").desc(),
                models.F("id").desc(),
                name="article_newsroom_unpublished",
                condition=~PUBLISHED,
            ),
            models.Index(
                models.F("publish_at").desc(),
                models.F("id").desc(),
                name="article_newsroom_breaking",
                condition=Q(is_breaking=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_group", "language"], name="article_one_per_language"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="article_published_has_time",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        from newsline.reader.urls import article_url

        return article_url(self)


class Revision(models.Model):
    """One saved state of an article: who, when, and every editable field (invariant 4)."""

    class Kind(models.TextChoices):
        SAVE = "save", _("Saved")
        AUTOSAVE = "autosave", _("Autosaved")
        REFUSED = "refused", _("Refused (edited by someone else meanwhile)")
        RESTORE = "restore", _("Restored")
        WORKFLOW = "workflow", _("Workflow")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("article")
    )
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SAVE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    data = models.JSONField(_("fields"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["article", "-created_at"], name="revision_history")]

    def __str__(self):
        return f"{self.article_id} v{self.version} {self.kind}"


class OutboxReceipt(models.Model):
    """A side effect that has run: its key makes a repeated task a no-op (invariant 5)."""

    key = models.CharField(max_length=200, unique=True)
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outbox receipt")
        verbose_name_plural = _("outbox receipts")

    def __str__(self):
        return self.key
