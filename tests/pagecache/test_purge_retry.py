"""A page store that fails during a publication's purge: the other effects still happen."""

from unittest import mock

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from newsline.content.models import OutboxReceipt
from newsline.content.workflow import publish_article
from newsline.live.models import Event
from newsline.pagecache import purge
from tests.factories import ArticleFactory, newsroom_user
from tests.pagecache.conftest import cached

pytestmark = pytest.mark.django_db


def run_worker():
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=True, lease=60, interval=0)


def test_a_failed_purge_keeps_the_live_event_and_is_tried_again(client, page_store):
    """Redis down while the worker runs a publication: its live event and receipt commit
    all the same, and the purge is queued to run again, which then empties the pages."""
    ArticleFactory(headline="Already out")
    assert client.get("/en/").status_code == 200 and cached("/en/")
    story = ArticleFactory(status="draft", publish_at=None, first_published_at=None)
    publish_article(article_id=story.pk, user=newsroom_user("editor"))

    broken = mock.Mock(**{"purge.side_effect": ConnectionError("Redis is down")})
    with mock.patch.object(purge, "get_store", return_value=broken):
        run_worker()
    assert Event.objects.filter(article=story).count() == 1
    assert OutboxReceipt.objects.filter(key__startswith=f"published:{story.pk}:").count() == 1
    assert cached("/en/")  # not purged yet: the store did not answer

    retry = DBTaskResult.objects.get(task_path="newsline.pagecache.purge.purge_later")
    assert retry.status == "READY" and retry.run_after is not None
    assert f"article:{story.pk}" in retry.args_kwargs["kwargs"]["tags"]
    assert purge.purge_later.call(**retry.args_kwargs["kwargs"]) is True
    assert not cached("/en/")
