"""Creating and saving articles without ever losing an edit (DESIGN invariant 4).

Every save is a revision. A save carries the version its form was opened on; if the
article has moved on meanwhile, the save is refused, the refused text is kept as a
revision, and the editor gets a diff against the current text.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from newsline.content import outbox
from newsline.content.models import Article, Revision
from newsline.content.revisions import diff, record_revision, snapshot
from newsline.content.services import prepare_article
from newsline.newsroom.audit import record_audit
from newsline.newsroom.permissions import Action, check
from newsline.text import normalize

CONTENT_FIELDS = ("headline", "slug", "lead", "body", "section_id", "kind", "lead_image_id",
                  "featured_rank")  # fmt: skip


class StaleEdit(Exception):
    """The form was opened on an older version; nothing was changed, the text was kept."""

    def __init__(self, *, article: Article, refused: Revision):
        self.article = article
        self.refused = refused
        self.changes = diff(refused.data, snapshot(article))
        super().__init__(
            _(
                "Someone else saved this article while you were editing it (now version %(v)s)."
                " Your text was kept as a revision; compare and merge it below."
            )
            % {"v": article.version}
        )


def create_article(*, user, language: str, data: dict, translation_group=None) -> Article:
    """Start a new article as a draft of the user's."""
    check(user, Action.CREATE)
    article = Article(language=language, created_by=user if user.pk else None)
    if translation_group:
        article.translation_group = translation_group
    _apply(article, data)
    with transaction.atomic():
        article.save()
        _apply_relations(article, data)
        record_revision(article=article, user=user, kind=Revision.Kind.SAVE)
    return article


def save_article(
    *, article_id: int, user, data: dict, base_version: int, note: str = ""
) -> Article:
    """Save the form's fields over the version it was opened on, or raise StaleEdit."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        is_live = Article.objects.visible().filter(pk=article.pk).exists()
        check(user, Action.CORRECT if is_live else Action.EDIT, article)
        if base_version != article.version:
            refused = record_revision(
                article=article, user=user, kind=Revision.Kind.REFUSED,
                data=_submitted(article, data), note=note,
            )  # fmt: skip
            stale = StaleEdit(article=article, refused=refused)
        else:
            stale = None
            _apply(article, data)
            article.version = F("version") + 1
            if is_live:
                article.corrected_at = timezone.now()
            article.save()
            article.refresh_from_db(fields=["version"])
            _apply_relations(article, data)
            record_revision(article=article, user=user, kind=Revision.Kind.SAVE, note=note)
            if is_live:
                outbox.enqueue_effects(article, outbox.UPDATED)
    if stale:  # raised after commit, so the refused text stays stored
        raise stale
    return article


def autosave_article(*, article_id: int, user, data: dict, base_version: int) -> Revision:
    """Keep the form's unsaved text as an autosave revision; the article is unchanged."""
    article = Article.objects.get(pk=article_id)
    check(user, Action.EDIT, article)
    # Kept as typed, but storable: no control characters (PostgreSQL refuses NUL in JSON).
    data = {k: normalize(v) if isinstance(v, str) else v for k, v in data.items()}
    return Revision.objects.create(
        article=article, version=base_version, kind=Revision.Kind.AUTOSAVE,
        user=user, data=_submitted(article, data),
    )  # fmt: skip


def unsaved_autosave(article: Article, user) -> Revision | None:
    """The user's autosave newer than the article's last save, if any: text to offer back."""
    latest = article.revisions.exclude(kind=Revision.Kind.AUTOSAVE).first()
    mine = article.revisions.filter(kind=Revision.Kind.AUTOSAVE, user=user).first()
    if mine and (latest is None or mine.created_at > latest.created_at):
        return mine
    return None


def restore_revision(*, revision: Revision, user, base_version: int) -> Article:
    """Bring back a revision's text as a new save (itself a revision)."""
    check(user, Action.RESTORE, revision.article)
    data = {k: v for k, v in revision.data.items() if k in (*CONTENT_FIELDS, "tags", "authors")}
    article = save_article(
        article_id=revision.article_id, user=user, data=data, base_version=base_version,
        note=_("Restored version %(v)s") % {"v": revision.version},
    )  # fmt: skip
    article.revisions.filter(pk=article.revisions.first().pk).update(kind=Revision.Kind.RESTORE)
    record_audit(user=user, action="restore", article=article, version=revision.version)
    return article


def _apply(article: Article, data: dict) -> None:
    for name in CONTENT_FIELDS:
        if name in data:
            setattr(article, name, data[name])
    prepare_article(article)


def _apply_relations(article: Article, data: dict) -> None:
    if "tags" in data:
        article.tags.set(data["tags"])
    if "authors" in data:
        article.authors.set(data["authors"])


def _submitted(article: Article, data: dict) -> dict:
    """The snapshot the refused form would have produced."""
    current = snapshot(article)
    return current | {k: v for k, v in data.items() if k in current}
