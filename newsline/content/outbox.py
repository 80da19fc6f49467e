"""Side effects of publishing, run after the change commits (DESIGN invariant 5).

A change enqueues one task in the same transaction (django-tasks-db stores it as a row),
so the effect is never lost and never runs for a change that rolled back. The task may run
more than once (two workers, a worker killed mid-task); its key makes every run after the
first a no-op, because the receipt and the effects commit together.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from newsline.content.models import Article, OutboxReceipt

# effect(article, event, subject): `subject` names a part of the story that changed
# (e.g. "entry:17" for a live blog entry), "" when the change is the story's own.
Effect = Callable[[Article, str, str], None]
_effects: list[Effect] = []

# What happened to an article, as effects and readers' pages see it.
PUBLISHED, UPDATED, WITHDRAWN, BREAKING = "published", "updated", "withdrawn", "breaking"
# A live blog entry was added, edited or removed (subject "entry:<id>").
ENTRY = "entry"


def register_effect(effect: Effect) -> None:
    """Run `effect(article, event, subject)` for every change (apps call this in ready())."""
    if effect not in _effects:
        _effects.append(effect)


def enqueue_effects(
    article: Article, event: str, *, at: datetime | None = None, subject: str = ""
) -> None:
    """Schedule the change's side effects, in the caller's transaction, at `at` or now.

    A story change is keyed by the story's version; a change to a part of it (a live
    blog entry) by the subject and its own version, e.g. subject "entry:17:3".
    """
    key = f"{event}:{article.pk}:{subject or article.version}"
    run = run_effects.using(run_after=at) if at else run_effects
    run.enqueue(article_id=article.pk, event=event, key=key, subject=subject)


@task()
def run_effects(*, article_id: int, event: str, key: str, subject: str = "") -> bool:
    """Run every registered effect once for this key; return False if it ran before."""
    try:
        with transaction.atomic():
            OutboxReceipt.objects.create(key=key)
            article = Article.objects.filter(pk=article_id).first()
            if article is not None and _still_true(article, event):
                for effect in _effects:
                    effect(article, event, subject)
    except IntegrityError:
        return False
    return True


def _still_true(article: Article, event: str) -> bool:
    """Skip a task overtaken by later changes (rescheduled, withdrawn meanwhile)."""
    visible = Article.objects.visible().filter(pk=article.pk).exists()
    if event == WITHDRAWN:
        return article.status == Article.Status.WITHDRAWN
    return visible


def requeue_abandoned(*, lease_seconds: float) -> int:
    """Put back tasks whose worker died mid-run (still RUNNING after the lease); return count.

    Running them again is safe: an effect that had committed left its receipt.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(seconds=lease_seconds)
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None)
