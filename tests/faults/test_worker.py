"""A task worker killed in the middle of a publication's side effects."""

import signal

import requests

from tests.faults.receiver import Receiver
from tests.faults.services import wait_until

RUN_EFFECTS = """
SELECT status FROM django_tasks_database_dbtaskresult
WHERE task_path = 'newsline.content.outbox.run_effects'
    AND (args_kwargs -> 'kwargs' ->> 'article_id')::int = %s
"""
ENDPOINT = """
INSERT INTO webhooks_webhookendpoint
    (url, secret, events, is_active, failure_count, created_at)
VALUES (%s, 'faults-secret', '["published"]', true, 0, now())
"""


def test_a_task_killed_mid_run_runs_again_and_its_effects_happen_once(app, server, postgres):
    """SIGKILL while the outbox task waits on a purge request (after it wrote the live event
    and the webhook delivery, before it committed): the task stays RUNNING, and django-tasks-db
    never retries such a task by itself. The next worker takes it back once its lease has run
    out (`newsline worker --lease`) and runs it again: one live event, one outbox receipt,
    one webhook delivery, delivered once."""
    with Receiver() as receiver:
        postgres.query(ENDPOINT, f"{receiver.url}/hook")
        env = {"NEWSLINE_PURGE_URLS": f"{receiver.url}/purge"}
        first = app.worker(**env)
        pk = app.draft(server, "Published as the worker died")
        receiver.hold = f"article:{pk}"
        app.publish(server, pk=pk)
        wait_until(lambda: receiver.purges(f"article:{pk}"), timeout=30, what="the held purge")
        app.stop(first, signal.SIGKILL)

        assert postgres.query(RUN_EFFECTS, pk) == [("RUNNING",)]
        assert postgres.query("SELECT count(*) FROM live_event WHERE article_id = %s", pk) == [
            (0,)
        ]  # the killed run's writes rolled back with its connection

        app.worker(*["--lease", "1"], **env)
        wait_until(
            lambda: postgres.query(
                "SELECT status FROM webhooks_webhookdelivery WHERE article_id = %s", pk
            ) == [("delivered",)],
            timeout=30, what="the delivery to be recorded",
        )  # fmt: skip

    assert len(receiver.purges(f"article:{pk}")) == 2  # the killed run's, then the second's
    assert postgres.query(RUN_EFFECTS, pk) == [("SUCCESSFUL",)]
    [(delivery,)] = postgres.query(
        "SELECT id FROM webhooks_webhookdelivery WHERE article_id = %s", pk
    )
    sent = [h for h in receiver.received("POST") if h["X-Newsline-Delivery"] == str(delivery)]
    assert len(sent) == 1
    events = postgres.query("SELECT kind FROM live_event WHERE article_id = %s", pk)
    assert events == [("story",)]
    receipts = postgres.query(
        "SELECT key FROM content_outboxreceipt WHERE key LIKE %s", f"published:{pk}:%"
    )
    assert len(receipts) == 1
    home = requests.get(f"{server}/en/", timeout=10)
    assert "Published as the worker died" in home.text
