"""Webhooks: enqueued with the publish, sent by the worker, signed, retried, never inline."""

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from newsline.content.workflow import publish_article, withdraw_article
from newsline.webhooks.delivery import deliver
from newsline.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import ArticleFactory, newsroom_user

NOW = datetime(2024, 4, 23, 9, 0, tzinfo=UTC)


def run_worker():
    """Run `newsline worker --batch` in this process (see tests/content/test_outbox.py)."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=True, lease=60, interval=0)


def publish(**article):
    article = ArticleFactory(status="draft", publish_at=None, **article)
    publish_article(article_id=article.pk, user=newsroom_user("editor"))
    return article


def verify(secret: str, headers: dict, body: bytes, *, tolerance: int = 300) -> bool:
    """Check a delivery the way a receiver would: HMAC of "<timestamp>.<body>", fresh."""
    timestamp = headers["X-Newsline-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    signature = headers["X-Newsline-Signature"].removeprefix("sha256=")
    fresh = abs(time.time() - int(timestamp)) <= tolerance
    return fresh and hmac.compare_digest(expected.hexdigest(), signature)


@pytest.mark.django_db
def test_publishing_enqueues_and_the_worker_delivers_one_signed_request(receiver, settings):
    settings.NEWSLINE_SITE_URL = "https://news.example.org"
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    article = publish(headline="Rain in Baku")
    assert receiver.requests == []
    run_worker()  # the outbox task enqueues the delivery; the same batch then sends it
    article.refresh_from_db()
    [request] = receiver.requests
    headers, body = request["headers"], request["body"]
    assert verify(endpoint.secret, headers, body)
    assert not verify("another-secret", headers, body)
    assert not verify(endpoint.secret, headers, body + b" ")
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Newsline-Event"] == "published"
    delivery = WebhookDelivery.objects.get()
    assert headers["X-Newsline-Delivery"] == str(delivery.pk)
    payload = json.loads(body)
    assert payload | {"occurred_at": None} == {
        "event": "published",
        "article_id": article.pk,
        "edition": "en",
        "headline": "Rain in Baku",
        "url": "https://news.example.org" + article.get_absolute_url(),
        "version": article.version,
        "occurred_at": None,
    }
    assert (delivery.status, delivery.status_code, delivery.attempt) == ("delivered", 204, 1)
    assert delivery.delivered_at is not None and delivery.duration_ms is not None


@pytest.mark.django_db
def test_publish_itself_sends_nothing_even_to_a_hanging_endpoint(receiver, hanging_url):
    WebhookEndpoint.objects.create(url=receiver.url)
    WebhookEndpoint.objects.create(url=hanging_url)
    started = time.perf_counter()
    publish()
    assert time.perf_counter() - started < 1
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()  # not even logged until the outbox runs


@pytest.mark.django_db
def test_deliveries_are_logged_and_enqueued_in_the_outbox_transaction(receiver):
    WebhookEndpoint.objects.create(url=receiver.url)
    publish()
    outbox_task = DBTaskResult.objects.get()
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox_task.task.call(**outbox_task.args_kwargs["kwargs"])
        assert WebhookDelivery.objects.count() == 1 and DBTaskResult.objects.count() == 2
        raise RuntimeError("the outbox transaction rolled back")
    assert not WebhookDelivery.objects.exists() and DBTaskResult.objects.count() == 1
    assert receiver.requests == []


@pytest.mark.django_db
def test_only_active_endpoints_subscribed_to_the_event_hear_of_it(receiver):
    WebhookEndpoint.objects.create(url=receiver.url, events=["withdrawn"])
    WebhookEndpoint.objects.create(url=receiver.url + "/off", is_active=False)
    WebhookEndpoint.objects.create(url=receiver.url + "/dead", disabled_at=NOW)
    article = publish()
    run_worker()
    assert receiver.requests == []
    withdraw_article(article_id=article.pk, user=newsroom_user("editor"))
    run_worker()
    [request] = receiver.requests
    assert request["headers"]["X-Newsline-Event"] == "withdrawn"


@pytest.mark.django_db
def test_a_repeated_task_for_the_same_attempt_sends_once(receiver):
    WebhookEndpoint.objects.create(url=receiver.url)
    publish()
    run_worker()
    delivery = WebhookDelivery.objects.get()
    assert deliver.call(delivery_id=delivery.pk, attempt=1) == "skipped"
    assert len(receiver.requests) == 1


@pytest.mark.django_db
def test_failures_retry_with_growing_backoff_then_succeed(receiver):
    receiver.status = 500
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    with time_machine.travel(NOW, tick=False) as clock:
        publish()
        run_worker()
        delays = []
        for _ in range(3):
            delivery = WebhookDelivery.objects.get()
            assert delivery.status == "pending" and delivery.status_code == 500
            delays.append(delivery.next_attempt_at - datetime.now(UTC))
            clock.shift(delays[-1] - timedelta(seconds=1))
            run_worker()  # not yet due
            assert len(receiver.requests) == len(delays)
            clock.shift(timedelta(seconds=1))
            run_worker()
        assert delays == [timedelta(seconds=s) for s in (30, 60, 120)]
        assert len(receiver.requests) == 4
        assert WebhookEndpoint.objects.get().failure_count == 4
        receiver.status = 200
        clock.shift(WebhookDelivery.objects.get().next_attempt_at - datetime.now(UTC))
        run_worker()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempt, delivery.status_code) == ("delivered", 5, 200)
    assert len({r["headers"]["X-Newsline-Delivery"] for r in receiver.requests}) == 1
    endpoint.refresh_from_db()
    assert endpoint.failure_count == 0 and endpoint.disabled_at is None


@pytest.mark.django_db
def test_a_delivery_gives_up_after_the_maximum_attempts(receiver, settings):
    settings.NEWSLINE_WEBHOOK_MAX_ATTEMPTS = 3
    receiver.status = 503
    WebhookEndpoint.objects.create(url=receiver.url)
    with time_machine.travel(NOW, tick=False) as clock:
        publish()
        for _ in range(5):
            run_worker()
            clock.shift(timedelta(hours=2))
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempt, delivery.next_attempt_at) == ("failed", 3, None)
    assert len(receiver.requests) == 3


@pytest.mark.django_db
def test_repeated_failure_disables_the_endpoint(receiver, settings):
    settings.NEWSLINE_WEBHOOK_DISABLE_AFTER = 4
    receiver.status = 500
    WebhookEndpoint.objects.create(url=receiver.url)
    with time_machine.travel(NOW, tick=False) as clock:
        publish()
        publish()
        for _ in range(4):
            run_worker()
            clock.shift(timedelta(hours=2))
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.disabled_at is not None and endpoint.failure_count == 4
    assert len(receiver.requests) == 4
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"failed"}
    assert not DBTaskResult.objects.filter(status="READY").exists()
    publish()
    run_worker()
    assert WebhookDelivery.objects.count() == 2  # a disabled endpoint hears of nothing


@pytest.mark.django_db
def test_a_redirect_is_a_failure_and_is_not_followed(receiver):
    receiver.status = 302  # Location: the receiver itself, a loop if followed
    WebhookEndpoint.objects.create(url=receiver.url)
    publish()
    run_worker()
    assert len(receiver.requests) == 1
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.status_code) == ("pending", 302)
    assert "not followed" in delivery.error


@pytest.mark.django_db
def test_a_hanging_endpoint_fails_by_timeout(hanging_url, settings):
    settings.NEWSLINE_WEBHOOK_TIMEOUT = 0.3
    WebhookEndpoint.objects.create(url=hanging_url)
    publish()
    started = time.perf_counter()
    run_worker()
    assert time.perf_counter() - started < 3
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.status_code is None
    assert "timed out" in delivery.error and delivery.next_attempt_at is not None


@pytest.mark.django_db
def test_a_connection_refused_is_a_failure(settings):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    WebhookEndpoint.objects.create(url=f"http://127.0.0.1:{port}/")
    publish()
    run_worker()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and "Connection" in delivery.error


@pytest.mark.django_db
def test_the_timeout_bounds_the_whole_exchange_not_each_read(dripping_url, settings):
    settings.NEWSLINE_WEBHOOK_TIMEOUT = 0.4  # each byte arrives well within it
    WebhookEndpoint.objects.create(url=dripping_url)
    publish()
    started = time.perf_counter()
    run_worker()
    assert time.perf_counter() - started < 3
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and "timed out" in delivery.error


@pytest.mark.django_db
def test_an_attempt_abandoned_mid_request_is_resent_only_after_it_went_stale(receiver):
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    with time_machine.travel(NOW, tick=False) as clock:
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event="published", article_id=1, payload={"event": "published"},
            status="sending", attempt=1, last_attempt_at=NOW,
        )  # fmt: skip
        assert deliver.call(delivery_id=delivery.pk, attempt=1) == "skipped"  # still in flight
        clock.shift(timedelta(minutes=2))  # the worker died; its task came back after the lease
        assert deliver.call(delivery_id=delivery.pk, attempt=1) == "delivered"
    assert len(receiver.requests) == 1


@pytest.mark.django_db
def test_an_abandoned_attempt_back_before_it_went_stale_is_sent_when_it_has(receiver):
    """A worker killed mid-request under a lease shorter than the resend window: its task
    comes back too soon to resend, and looks again once the attempt has gone stale."""
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    with time_machine.travel(NOW, tick=False) as clock:
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event="published", article_id=1, payload={"event": "published"},
            status="sending", attempt=1, last_attempt_at=NOW - timedelta(seconds=2),
        )  # fmt: skip
        assert deliver.call(delivery_id=delivery.pk, attempt=1) == "skipped"
        again = DBTaskResult.objects.get(task_path="newsline.webhooks.delivery.deliver")
        assert again.run_after == NOW + timedelta(seconds=13)  # 2 × 5 s timeout + 5 s, from 2 s ago
        run_worker()
        assert receiver.requests == []  # not due yet
        clock.shift(timedelta(seconds=13))
        run_worker()
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and len(receiver.requests) == 1
