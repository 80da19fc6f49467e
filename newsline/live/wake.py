"""Waking the event tails early (DESIGN: "Redis pub/sub only wakes the tails").

A notification carries nothing: a tail that hears one reads the event table at once, a
tail that misses one reads it at its next poll. So a lost notification delays an event
by at most the polling interval and never loses it. With Redis every process on every
machine hears it; in the embedded default only tails in the notifying process do, and
the others find the event by polling.
"""

import logging
from collections.abc import Callable

from django.conf import settings

log = logging.getLogger(__name__)

CHANNEL = "newsline:live"
_listeners: set[Callable[[], None]] = set()


def notify() -> None:
    """Tell every tail that the event table has grown (best effort, never raises)."""
    for listener in list(_listeners):
        listener()
    if settings.REDIS_URL:
        try:
            _redis().publish(CHANNEL, b"1")
        except Exception:  # noqa: BLE001 - a lost wake-up only delays delivery to the next poll
            log.warning("live: could not publish a wake-up to Redis", exc_info=True)


def listen(callback: Callable[[], None]) -> Callable[[], None]:
    """Call `callback` on notifications from this process; return a function to stop."""
    _listeners.add(callback)
    return lambda: _listeners.discard(callback)


_client = None


def _redis():
    global _client
    if _client is None:
        import redis

        _client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1)
    return _client
