"""Tell webhook endpoints about publishing: enqueued with the change, sent by the worker.

The outbox runs `enqueue_deliveries` inside its own transaction, so a delivery row and its
task commit together with the outbox receipt (DESIGN invariant 5); nothing is sent inline.
Each attempt is claimed under a row lock before the request goes out, so a task that runs
twice for the same attempt sends once. Receivers should still deduplicate by
`X-Newsline-Delivery`: a worker killed mid-request makes the attempt run again.
"""

import contextlib
import hashlib
import hmac
import http.client
import json
import socket
import threading
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from newsline.content.models import Article
from newsline.webhooks.models import EVENTS, WebhookDelivery, WebhookEndpoint

Status = WebhookDelivery.Status


def _setting(name: str, default):
    return getattr(settings, name, default)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """Return the `X-Newsline-Signature` value for a body sent at `timestamp`."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def build_payload(article: Article, event: str) -> dict:
    """Describe the article change as receivers see it."""
    site = _setting("NEWSLINE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    return {
        "event": event,
        "article_id": article.pk,
        "edition": article.language,
        "headline": article.headline,
        "url": site + article.get_absolute_url(),
        "version": article.version,
        "occurred_at": timezone.now().isoformat(),
    }


def enqueue_deliveries(article: Article, event: str, subject: str = "") -> None:
    """Log and enqueue one delivery per subscribed endpoint (an outbox effect)."""
    if event not in EVENTS:
        return
    endpoints = WebhookEndpoint.objects.filter(is_active=True, disabled_at__isnull=True)
    payload = None
    for endpoint in endpoints:
        if event not in endpoint.events:
            continue
        payload = payload or build_payload(article, event)
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event=event, article_id=article.pk, payload=payload
        )
        deliver.enqueue(delivery_id=delivery.pk, attempt=1)


def retry_delay(attempt: int) -> timedelta:
    """Wait before the attempt after `attempt`: doubling from the base, capped."""
    base = _setting("NEWSLINE_WEBHOOK_RETRY_BASE", 30)
    cap = _setting("NEWSLINE_WEBHOOK_RETRY_CAP", 3600)
    return timedelta(seconds=min(base * 2 ** (attempt - 1), cap))


@task()
def deliver(*, delivery_id: int, attempt: int) -> str:
    """Make attempt number `attempt` of a delivery; return what became of it."""
    claimed = _claim(delivery_id, attempt)
    if claimed is None:
        return "skipped"
    delivery, endpoint = claimed
    timestamp = str(int(time.time()))
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Newsline-Webhooks/1",
        "X-Newsline-Event": delivery.event,
        "X-Newsline-Delivery": str(delivery.pk),
        "X-Newsline-Timestamp": timestamp,
        "X-Newsline-Signature": sign(endpoint.secret, timestamp, body),
    }
    status_code, error, duration_ms = post(endpoint.url, body, headers)
    return _record(delivery_id, attempt, status_code, error, duration_ms)


def _claim(delivery_id: int, attempt: int):
    """Mark the attempt as under way, or return None if it is not this task's to make."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        now = timezone.now()
        if delivery.status == Status.SENDING and delivery.attempt == attempt:
            # Resent only when the worker that claimed it died mid-request (its task came
            # back after the lease); a live worker finishes within the timeout.
            window = timedelta(seconds=2 * _timeout() + 5)
            if delivery.last_attempt_at and delivery.last_attempt_at > now - window:
                # Too soon to tell a dead worker from a slow one (a lease shorter than the
                # window brings the task back this early): look again once it would be stale,
                # or the attempt would be dropped and never sent.
                at = delivery.last_attempt_at + window
                deliver.using(run_after=at).enqueue(delivery_id=delivery_id, attempt=attempt)
                return None
        elif not (delivery.status == Status.PENDING and delivery.attempt == attempt - 1):
            return None
        if not delivery.endpoint.is_enabled:
            delivery.status, delivery.next_attempt_at = Status.FAILED, None
            delivery.error = "endpoint disabled"
            delivery.save(update_fields=["status", "next_attempt_at", "error"])
            return None
        delivery.status, delivery.attempt, delivery.last_attempt_at = Status.SENDING, attempt, now
        delivery.next_attempt_at = None
        delivery.save(update_fields=["status", "attempt", "last_attempt_at", "next_attempt_at"])
        return delivery, delivery.endpoint


def _record(delivery_id, attempt, status_code, error, duration_ms) -> str:
    """Store the attempt's outcome; schedule the next attempt or disable the endpoint."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
        if delivery.status != Status.SENDING or delivery.attempt != attempt:
            return "skipped"  # a resend after a presumed crash got here first
        now = timezone.now()
        delivery.status_code, delivery.error, delivery.duration_ms = status_code, error, duration_ms
        if error is None:
            delivery.error, delivery.status, delivery.delivered_at = "", Status.DELIVERED, now
            endpoint.failure_count = 0
            endpoint.save(update_fields=["failure_count"])
            delivery.save()
            return "delivered"
        endpoint.failure_count += 1
        if endpoint.failure_count >= _setting("NEWSLINE_WEBHOOK_DISABLE_AFTER", 10):
            endpoint.disabled_at = endpoint.disabled_at or now
        endpoint.save(update_fields=["failure_count", "disabled_at"])
        max_attempts = _setting("NEWSLINE_WEBHOOK_MAX_ATTEMPTS", 8)
        if endpoint.disabled_at is None and attempt < max_attempts:
            delivery.status = Status.PENDING
            delivery.next_attempt_at = now + retry_delay(attempt)
            deliver.using(run_after=delivery.next_attempt_at).enqueue(
                delivery_id=delivery.pk, attempt=attempt + 1
            )
        else:
            delivery.status, delivery.next_attempt_at = Status.FAILED, None
        delivery.save()
        return "retrying" if delivery.status == Status.PENDING else "failed"


def _timeout() -> float:
    return float(_setting("NEWSLINE_WEBHOOK_TIMEOUT", 5))


def post(url: str, body: bytes, headers: dict) -> tuple[int | None, str | None, int]:
    """POST once, never following redirects; return (status code, error or None, ms).

    The timeout bounds the whole exchange, not each socket read: a receiver that drips its
    answer a byte at a time is cut off like one that never answers.
    """
    parts = urlsplit(url)
    started = time.perf_counter()
    timeout = _timeout()
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None, f"refused URL scheme {parts.scheme!r}", 0
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    expired = threading.Event()
    deadline = threading.Timer(timeout, _cut_off, args=(connection, expired))
    deadline.daemon = True
    deadline.start()
    status_code, error = None, None
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        status_code = response.status
        response.read(1024)  # a receiver's answer is not ours to download
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code} {response.reason}".strip()
            if 300 <= status_code < 400:
                error += f" (redirect to {response.getheader('Location', '?')} not followed)"
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set() or isinstance(exc, TimeoutError):
            error = f"timed out after {timeout:g} s"
        else:
            error = f"{type(exc).__name__}: {exc}"[:1000]
    finally:
        deadline.cancel()
        connection.close()
    if expired.is_set() and error is None:
        error = f"timed out after {timeout:g} s"
    return status_code, error, round((time.perf_counter() - started) * 1000)


def _cut_off(connection: http.client.HTTPConnection, expired: threading.Event) -> None:
    """Wake a read blocked past the deadline by shutting the socket down under it."""
    expired.set()
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed: nothing left to wake
            sock.shutdown(socket.SHUT_RDWR)
