"""Closing and reopening a live story's coverage: a workflow step like the others."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django_tasks_db.models import DBTaskResult

from newsline.content.models import Revision
from newsline.content.workflow import WorkflowError, close_coverage, reopen_coverage
from newsline.newsroom.models import AuditEntry
from tests.factories import ArticleFactory, newsroom_user
from tests.live.support import LiveStoryFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 4, 23, 21, 0, tzinfo=UTC)


def test_closing_records_a_revision_an_audit_entry_and_an_update_effect():
    editor, story = newsroom_user("editor"), LiveStoryFactory()
    with time_machine.travel(NOW, tick=False):
        assert close_coverage(article_id=story.pk, user=editor) == "The live coverage has ended."
    story.refresh_from_db()
    assert story.coverage_ended_at == NOW and story.version == 2
    assert Revision.objects.filter(article=story, note="coverage closed").exists()
    assert AuditEntry.objects.filter(article=story, action="coverage closed").exists()
    [task] = DBTaskResult.objects.all()
    assert task.args_kwargs["kwargs"]["event"] == "updated"
    # Closing twice changes nothing more.
    assert close_coverage(article_id=story.pk, user=editor) == (
        "The live coverage has already ended."
    )
    assert DBTaskResult.objects.count() == 1
    assert reopen_coverage(article_id=story.pk, user=editor) == (
        "The live coverage is running again."
    )
    story.refresh_from_db()
    assert story.coverage_ended_at is None and DBTaskResult.objects.count() == 2
    assert reopen_coverage(article_id=story.pk, user=editor) == (
        "The live coverage is still running."
    )


def test_only_live_stories_have_coverage():
    with pytest.raises(WorkflowError):
        close_coverage(article_id=ArticleFactory(kind="news").pk, user=newsroom_user("editor"))


@pytest.mark.parametrize("role", ["reporter", None])
def test_reporters_cannot_end_coverage(role):
    story = LiveStoryFactory()
    with pytest.raises(PermissionDenied):
        close_coverage(article_id=story.pk, user=newsroom_user(role))
    story.refresh_from_db()
    assert story.coverage_ended_at is None and not DBTaskResult.objects.exists()
