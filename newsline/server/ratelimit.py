"""Requests counted in fixed windows in the shared cache (API limits, password resets)."""

import time

from django.core.cache import cache


def count(key: str, window: int) -> tuple[int | None, float]:
    """Count one request against `key` in this `window`-second window.

    Return the count so far (None when the cache is down and cannot count: callers let the
    request through rather than refuse everyone) and the seconds left in the window.
    """
    now = time.time()
    slot = int(now // window)
    # Named by the window it is, so the count starts anew on the boundary by this server's
    # clock; the cache (Redis) expires the key by its own clock, later.
    key = f"{key}:{slot}"
    cache.add(key, 0, window + 60)
    try:
        found = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 60)
        found = 1
    return found, (slot + 1) * window - now
