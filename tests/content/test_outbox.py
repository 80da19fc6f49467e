"""Side effects: enqueued with the change, run when due, effectively once (invariant 5)."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsline.content.models import OutboxReceipt
from newsline.content.outbox import PUBLISHED, requeue_abandoned, run_effects
from newsline.content.workflow import publish_article, withdraw_article
from newsline.live.models import Event
from tests.factories import ArticleFactory, newsroom_user

NOW = datetime(2024, 4, 23, 9, 0, tzinfo=UTC)


def draft():
    return ArticleFactory(status="draft", publish_at=None, first_published_at=None)


def run_worker():
    """Run `newsline worker --batch` in this process, inside the test's transaction.

    The worker closes connections it thinks are stale between tasks; here that would be
    the test's own connection, so that one call is stubbed out.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=True, lease=60, interval=0)


@pytest.mark.django_db
def test_effects_are_enqueued_in_the_changes_transaction():
    editor, article = newsroom_user("editor"), draft()
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_article(article_id=article.pk, user=editor)
        raise RuntimeError("the request died mid-publish")
    article.refresh_from_db()
    assert article.status == "draft" and not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_scheduled_effects_run_at_their_minute_not_before():
    editor, article = newsroom_user("editor"), draft()
    with time_machine.travel(NOW, tick=False):
        publish_article(article_id=article.pk, user=editor, at=NOW + timedelta(minutes=30))
        run_worker()
        assert not Event.objects.exists()
    with time_machine.travel(NOW + timedelta(minutes=30), tick=False):
        run_worker()
    event = Event.objects.get()
    assert (event.kind, event.edition, event.article_id) == ("story", "en", article.pk)
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db
def test_a_rescheduled_or_withdrawn_story_does_not_fire_stale_effects():
    editor, article = newsroom_user("editor"), draft()
    with time_machine.travel(NOW, tick=False):
        publish_article(article_id=article.pk, user=editor, at=NOW + timedelta(minutes=5))
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        withdraw_article(article_id=article.pk, user=editor)
    with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
        run_worker()
    assert list(Event.objects.values_list("kind", flat=True)) == ["withdrawn"]


@pytest.mark.django_db
def test_a_repeated_task_runs_its_effects_once():
    article = ArticleFactory()
    key = f"published:{article.pk}:1"
    assert run_effects.call(article_id=article.pk, event=PUBLISHED, key=key) is True
    assert run_effects.call(article_id=article.pk, event=PUBLISHED, key=key) is False
    assert Event.objects.count() == 1 and OutboxReceipt.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("effect_committed", [False, True])
def test_a_task_abandoned_by_a_killed_worker_runs_again_once(effect_committed):
    editor, article = newsroom_user("editor"), draft()
    publish_article(article_id=article.pk, user=editor)
    task = DBTaskResult.objects.get()
    if effect_committed:  # killed after the effects committed, before the task was marked done
        run_effects.call(**task.args_kwargs["kwargs"])
    task.claim("worker-that-died")
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=NOW)
    run_worker()  # starts by requeuing what the dead worker held
    assert Event.objects.count() == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert requeue_abandoned(lease_seconds=60) == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="claims rows with SKIP LOCKED")
def test_two_workers_at_once_run_each_effect_exactly_once():
    editor = newsroom_user("editor")
    articles = [draft() for _ in range(30)]
    for article in articles:
        publish_article(article_id=article.pk, user=editor)
    db = connection.settings_dict
    env = os.environ | {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    command = [sys.executable, "-m", "newsline.cli", "worker", "--batch", "--interval", "0"]
    workers = [subprocess.Popen(command, env=env) for _ in range(2)]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    assert sorted(Event.objects.values_list("article_id", flat=True)) == sorted(
        a.pk for a in articles
    )
    statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {TaskResultStatus.SUCCESSFUL}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="kills a worker waiting on a lock")
def test_a_worker_killed_mid_task_leaves_the_effect_to_run_once_later():
    import signal
    import time

    import psycopg

    editor, article = newsroom_user("editor"), draft()
    publish_article(article_id=article.pk, user=editor)
    key = DBTaskResult.objects.get().args_kwargs["kwargs"]["key"]
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    command = [sys.executable, "-m", "newsline.cli", "worker", "--interval", "0"]
    env = os.environ | {"DATABASE_URL": url}

    def waiting_on_a_lock() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
                " AND wait_event_type = 'Lock'", [db["NAME"]],
            )  # fmt: skip
            return cursor.fetchone()[0] > 0

    # An uncommitted receipt with the task's key makes the worker wait inside its task's
    # transaction, after it claimed the task: the moment to kill it.
    with psycopg.connect(url) as blocker:
        blocker.execute(
            "INSERT INTO content_outboxreceipt (key, done_at) VALUES (%s, now())", [key]
        )
        worker = subprocess.Popen(command + ["--batch"], env=env)
        deadline = time.monotonic() + 60
        while not waiting_on_a_lock():
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.05)  # polling for a condition, bounded by the deadline
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        blocker.rollback()
    assert DBTaskResult.objects.get().status == TaskResultStatus.RUNNING
    rerun = subprocess.run(command + ["--batch", "--lease", "0"], env=env, timeout=120)
    assert rerun.returncode == 0
    assert Event.objects.filter(article=article).count() == 1
    assert OutboxReceipt.objects.filter(key=key).count() == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
