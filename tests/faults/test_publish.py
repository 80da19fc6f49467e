"""A publication that dies after its last write and before it commits leaves nothing behind."""

from unittest import mock

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from newsline.api.models import ApiToken
from newsline.content import outbox, workflow
from newsline.content.models import Article, Revision
from newsline.newsroom.models import AuditEntry
from tests.factories import ArticleFactory, newsroom_user

pytestmark = pytest.mark.django_db(transaction=True)


class Died(Exception):
    """What kills the request: the process, the connection, anything after the writes."""


def _dies_after_enqueueing(*args, **kwargs):
    """The publication's last write (the outbox task), then a failure before commit."""
    outbox.enqueue_effects.__wrapped__(*args, **kwargs)
    raise Died


@pytest.fixture
def dying_publication():
    original = outbox.enqueue_effects
    with mock.patch.object(outbox, "enqueue_effects", side_effect=_dies_after_enqueueing) as fake:
        fake.__wrapped__ = original
        yield


def _state(article: Article) -> dict:
    article.refresh_from_db()
    return {
        "status": article.status,
        "version": article.version,
        "publish_at": article.publish_at,
        "revisions": Revision.objects.filter(article=article).count(),
        "audit": AuditEntry.objects.filter(article=article).count(),
        "tasks": DBTaskResult.objects.count(),
    }


def test_a_publication_that_dies_before_commit_is_not_published_at_all(dying_publication):
    """State, version, revision, audit entry and outbox task are written in one transaction:
    a failure after the last of them rolls every one back, and the story can then be
    published normally."""
    editor = newsroom_user("editor")
    article = ArticleFactory(status="draft", publish_at=None, first_published_at=None)
    before = _state(article)

    with pytest.raises(Died):
        workflow.publish_article(article_id=article.pk, user=editor)
    assert _state(article) == before
    assert not Article.objects.visible().filter(pk=article.pk).exists()


def test_an_api_publication_that_dies_answers_500_and_publishes_nothing(dying_publication):
    """Through the API the failure is a 500 (an injected fault, not a user's input) and the
    story stays a draft with no trace of the attempt but the request's log."""
    editor = newsroom_user("editor")
    token = ApiToken(name="faults", user=editor, scope="write")
    raw = token.set_new_secret()
    token.save()
    article = ArticleFactory(status="draft", publish_at=None, first_published_at=None)
    before = _state(article)

    client = Client(raise_request_exception=False)
    response = client.post(
        f"/api/v1/articles/{article.pk}/publish", "{}", content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )  # fmt: skip
    assert response.status_code == 500
    assert _state(article) == before


def test_without_the_fault_the_same_publication_writes_everything():
    """The control: the same call, not interrupted, writes each of those rows."""
    editor = newsroom_user("editor")
    article = ArticleFactory(status="draft", publish_at=None, first_published_at=None)
    before = _state(article)
    workflow.publish_article(article_id=article.pk, user=editor)
    after = _state(article)
    assert after["status"] == "published" and after["version"] == before["version"] + 1
    assert after["revisions"] == before["revisions"] + 1
    assert after["audit"] == before["audit"] + 1
    assert after["tasks"] == before["tasks"] + 1
