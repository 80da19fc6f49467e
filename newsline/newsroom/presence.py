"""Who has an article open: a soft lock kept alive by the editor page's heartbeat.

Entries expire on their own, so a closed tab or a crashed browser frees the article
without anyone clearing it. Kept in the shared cache, so every server process sees it.
"""

import time

from django.core.cache import cache

HEARTBEAT_SECONDS = 15
EXPIRES_AFTER = 45  # three missed heartbeats


def _key(article_id: int) -> str:
    return f"newsroom:presence:{article_id}"


def touch(article_id: int, user) -> list[str]:
    """Note that the user has the article open; return the names of the others who do."""
    now = time.time()
    present = {
        uid: entry for uid, entry in cache.get(_key(article_id), {}).items() if entry[1] > now
    }
    present[str(user.pk)] = (user.get_full_name() or user.get_username(), now + EXPIRES_AFTER)
    cache.set(_key(article_id), present, EXPIRES_AFTER)
    return sorted(name for uid, (name, _until) in present.items() if uid != str(user.pk))


def leave(article_id: int, user) -> None:
    present = cache.get(_key(article_id), {})
    if present.pop(str(user.pk), None):
        cache.set(_key(article_id), present, EXPIRES_AFTER)
