"""Workflow: draft → in review → scheduled or published → withdrawn; live coverage ends.

"Scheduled" is not stored: it is a published article whose `publish_at` is still ahead,
so it appears at its minute with nothing having to run (DESIGN invariant 1). Each step
checks permission, locks the row (a double click waits, then finds the work done),
writes, records a revision and an audit entry, and enqueues its side effects.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from newsline.content import outbox
from newsline.content.models import Article, Revision
from newsline.content.revisions import record_revision
from newsline.newsroom.audit import record_audit
from newsline.newsroom.permissions import Action, check

Status = Article.Status


class WorkflowError(Exception):
    """A step that cannot be taken from the article's current state; says why."""


def submit_article(*, article_id: int, user) -> str:
    """Send a draft to the editors for review."""
    with transaction.atomic():
        article = _locked(article_id)
        check(user, Action.SUBMIT, article)
        if article.status == Status.REVIEW:
            return _("The story is already in review.")
        _require(article, {Status.DRAFT})
        _change(article, user, "submit", status=Status.REVIEW)
    return _("The story was sent for review.")


def return_article(*, article_id: int, user, note: str = "") -> str:
    """Send a story in review, or a scheduled one, back to draft."""
    with transaction.atomic():
        article = _locked(article_id)
        check(user, Action.RETURN, article)
        if article.status == Status.PUBLISHED and _is_live(article):
            raise WorkflowError(_("A published story cannot go back to draft; withdraw it."))
        _require(article, {Status.REVIEW, Status.PUBLISHED})
        _change(article, user, "return", status=Status.DRAFT, note=note)
    return _("The story is a draft again.")


def publish_article(*, article_id: int, user, at: datetime | None = None) -> str:
    """Publish now, or schedule for `at`; a time already past publishes now and says so."""
    now = timezone.now()
    with transaction.atomic():
        article = _locked(article_id)
        schedule = at is not None and at > now
        check(user, Action.SCHEDULE if schedule else Action.PUBLISH, article)
        _require(article, {Status.DRAFT, Status.REVIEW, Status.PUBLISHED})
        if article.status == Status.PUBLISHED and _is_live(article, now):
            return _("The story is already published.")
        when = at if schedule else now
        _change(
            article, user, "schedule" if schedule else "publish",
            status=Status.PUBLISHED, publish_at=when,
            first_published_at=article.first_published_at or when,
        )  # fmt: skip
        outbox.enqueue_effects(article, outbox.PUBLISHED, at=when if schedule else None)
    if schedule:
        local = date_format(timezone.localtime(at), "SHORT_DATETIME_FORMAT")
        return _("The story is scheduled for %(time)s.") % {"time": local}
    if at is not None:
        return _("The time you chose has passed, so the story was published now.")
    return _("The story is published.")


def withdraw_article(*, article_id: int, user, note: str = "") -> str:
    """Take a published story off the site; its address answers 410 Gone."""
    with transaction.atomic():
        article = _locked(article_id)
        check(user, Action.WITHDRAW, article)
        if article.status == Status.WITHDRAWN:
            return _("The story is already withdrawn.")
        _require(article, {Status.PUBLISHED})
        _change(article, user, "withdraw", status=Status.WITHDRAWN, is_breaking=False, note=note)
        outbox.enqueue_effects(article, outbox.WITHDRAWN)
    return _("The story was withdrawn.")


def set_breaking(*, article_id: int, user, breaking: bool, until: datetime | None = None) -> str:
    """Mark a published story as breaking news (until a time, or until cleared), or clear it."""
    with transaction.atomic():
        article = _locked(article_id)
        check(user, Action.BREAKING, article)
        if breaking:
            _require(article, {Status.PUBLISHED})
        action = "breaking" if breaking else "breaking cleared"
        _change(
            article, user, action, is_breaking=breaking, breaking_until=until if breaking else None
        )
        outbox.enqueue_effects(article, outbox.BREAKING)
    return _("The breaking banner is on.") if breaking else _("The breaking banner is off.")


def close_coverage(*, article_id: int, user) -> str:
    """End a live story's coverage: its LIVE badge goes, the page says coverage ended."""
    with transaction.atomic():
        article = _locked(article_id)
        check(user, Action.LIVE_BLOG, article)
        _require_live_kind(article)
        if article.coverage_ended_at is not None:
            return _("The live coverage has already ended.")
        _change(article, user, "coverage closed", coverage_ended_at=timezone.now())
        outbox.enqueue_effects(article, outbox.UPDATED)
    return _("The live coverage has ended.")


def reopen_coverage(*, article_id: int, user) -> str:
    """Resume a live story's coverage after it was closed."""
    with transaction.atomic():
        article = _locked(article_id)
        check(user, Action.LIVE_BLOG, article)
        _require_live_kind(article)
        if article.coverage_ended_at is None:
            return _("The live coverage is still running.")
        _change(article, user, "coverage reopened", coverage_ended_at=None)
        outbox.enqueue_effects(article, outbox.UPDATED)
    return _("The live coverage is running again.")


def _require_live_kind(article: Article) -> None:
    if article.kind != Article.Kind.LIVE:
        raise WorkflowError(_("Only a live story has live coverage."))


def _locked(article_id: int) -> Article:
    return Article.objects.select_for_update().get(pk=article_id)


def _is_live(article: Article, now: datetime | None = None) -> bool:
    return article.publish_at is not None and article.publish_at <= (now or timezone.now())


def _require(article: Article, allowed: set) -> None:
    if article.status not in allowed:
        raise WorkflowError(
            _("This cannot be done to a story that is “%(status)s”.")
            % {"status": article.get_status_display()}
        )


def _change(article: Article, user, action: str, *, note: str = "", **fields) -> None:
    for name, value in fields.items():
        setattr(article, name, value)
    article.version = F("version") + 1
    article.save(update_fields=[*fields, "version", "updated_at"])
    article.refresh_from_db(fields=["version"])
    record_revision(article=article, user=user, kind=Revision.Kind.WORKFLOW, note=note or action)
    record_audit(
        user=user, action=action, article=article, version=article.version,
        publish_at=article.publish_at.isoformat() if article.publish_at else None,
    )  # fmt: skip
