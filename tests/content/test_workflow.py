"""Workflow steps: who may take them, from which states, and what they leave behind."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django_tasks_db.models import DBTaskResult

from newsline.content.models import Article, Revision
from newsline.content.workflow import (
    WorkflowError,
    publish_article,
    return_article,
    set_breaking,
    submit_article,
    withdraw_article,
)
from newsline.newsroom.models import AuditEntry
from tests.factories import ArticleFactory, newsroom_user

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 4, 23, 9, 0, tzinfo=UTC)


def draft(**kwargs):
    return ArticleFactory(status="draft", publish_at=None, first_published_at=None, **kwargs)


@pytest.fixture
def editor():
    return newsroom_user("editor")


@pytest.fixture
def reporter():
    return newsroom_user("reporter")


@time_machine.travel(NOW, tick=False)
def test_reporter_submits_editor_publishes(reporter, editor):
    article = draft(created_by=reporter)
    assert submit_article(article_id=article.pk, user=reporter) == "The story was sent for review."
    with pytest.raises(PermissionDenied):
        publish_article(article_id=article.pk, user=reporter)
    assert publish_article(article_id=article.pk, user=editor) == "The story is published."
    article.refresh_from_db()
    assert (article.status, article.publish_at, article.first_published_at) == (
        "published", NOW, NOW,
    )  # fmt: skip
    assert article.version == 3
    assert list(article.revisions.values_list("kind", flat=True)) == ["workflow", "workflow"]
    assert list(AuditEntry.objects.values_list("action", "user")) == [
        ("publish", editor.pk),
        ("submit", reporter.pk),
    ]
    assert DBTaskResult.objects.count() == 1  # the publish's side effects, enqueued


@time_machine.travel(NOW, tick=False)
def test_scheduling_a_story(editor):
    article = draft()
    at = NOW + timedelta(hours=2)
    message = publish_article(article_id=article.pk, user=editor, at=at)
    assert message == "The story is scheduled for 15:00 23.04.2024."  # Baku time
    article.refresh_from_db()
    assert article.status == "published" and article.publish_at == at
    assert not Article.objects.visible().filter(pk=article.pk).exists()
    assert Article.objects.visible(now=at).filter(pk=article.pk).exists()
    task = DBTaskResult.objects.get()
    assert task.run_after == at  # effects wait for the minute
    assert AuditEntry.objects.get().action == "schedule"


@time_machine.travel(NOW, tick=False)
def test_a_schedule_in_the_past_publishes_now_and_says_so(editor):
    article = draft()
    message = publish_article(article_id=article.pk, user=editor, at=NOW - timedelta(hours=1))
    assert message == "The time you chose has passed, so the story was published now."
    article.refresh_from_db()
    assert article.publish_at == NOW


def test_double_clicked_publish_publishes_once(editor):
    article = draft()
    publish_article(article_id=article.pk, user=editor)
    assert publish_article(article_id=article.pk, user=editor) == "The story is already published."
    assert DBTaskResult.objects.count() == 1
    assert AuditEntry.objects.filter(action="publish").count() == 1


def test_withdraw_then_the_page_is_gone(editor, client):
    article = ArticleFactory()
    assert withdraw_article(article_id=article.pk, user=editor, note="Legal") == (
        "The story was withdrawn."
    )
    article.refresh_from_db()
    assert article.status == "withdrawn"
    assert not Article.objects.visible().filter(pk=article.pk).exists()
    assert withdraw_article(article_id=article.pk, user=editor) == "The story is already withdrawn."
    assert article.revisions.get().note == "Legal"


@pytest.mark.parametrize(
    ("step", "status"),
    [
        (submit_article, "review"),
        (submit_article, "published"),
        (withdraw_article, "draft"),
        (withdraw_article, "review"),
        (publish_article, "withdrawn"),
        (return_article, "draft"),
    ],
)
def test_refused_transitions_say_why_and_change_nothing(editor, step, status):
    article = ArticleFactory(status=status, publish_at=None if status != "published" else NOW)
    before = (article.status, article.version)
    try:
        step(article_id=article.pk, user=editor)
    except WorkflowError as error:
        assert "cannot be done" in str(error) or "cannot go back" in str(error)
    else:
        assert step is submit_article and status == "review"  # a no-op, said so
    article.refresh_from_db()
    assert (article.status, article.version) == before
    if step is not submit_article or status != "review":
        assert not Revision.objects.exists()


def test_return_a_scheduled_story_to_draft(editor):
    with time_machine.travel(NOW, tick=False):
        article = draft()
        publish_article(article_id=article.pk, user=editor, at=NOW + timedelta(hours=1))
        return_article(article_id=article.pk, user=editor)
    article.refresh_from_db()
    assert article.status == "draft"


def test_reporters_cannot_withdraw_or_flag_breaking(reporter):
    article = ArticleFactory()
    for step in (withdraw_article, return_article):
        with pytest.raises(PermissionDenied):
            step(article_id=article.pk, user=reporter)
    with pytest.raises(PermissionDenied):
        set_breaking(article_id=article.pk, user=reporter, breaking=True)


def test_breaking_on_and_off(editor):
    article = ArticleFactory()
    until = NOW + timedelta(hours=3)
    set_breaking(article_id=article.pk, user=editor, breaking=True, until=until)
    article.refresh_from_db()
    assert article.is_breaking and article.breaking_until == until
    set_breaking(article_id=article.pk, user=editor, breaking=False)
    article.refresh_from_db()
    assert not article.is_breaking and article.breaking_until is None
    with pytest.raises(WorkflowError):
        set_breaking(article_id=draft().pk, user=editor, breaking=True)
