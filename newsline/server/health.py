"""`/healthz` and `/readyz`, answered in the ASGI front for load balancers and orchestrators.

`/healthz`: the process runs and its event loop answers (nothing else is touched, so a
database outage does not get healthy processes restarted). `/readyz`: the database answers,
so the process should get traffic; it also says whether the cache answers, but a cache that
does not is no reason to take traffic away: pages and publishing carry on without it, at
the cost of rendering every page (tests/faults/test_redis.py). Neither says which component
failed to an outsider beyond its name.
"""

import asyncio
import json
import logging

from django.core.cache import cache
from django.db import close_old_connections, connection

log = logging.getLogger(__name__)
PATHS = ("/healthz", "/readyz")


def _database() -> None:
    close_old_connections()  # reconnects after a database restart
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    cache.set("newsline:readyz", 1, 10)
    if cache.get("newsline:readyz") != 1:
        raise RuntimeError("the cache did not keep a value")


CHECKS = {"database": _database, "cache": _cache}
# The checks whose failure makes the process unready.
REQUIRED = {"database"}


def _check() -> dict[str, bool]:
    answers = {}
    for name, check in CHECKS.items():
        try:
            check()
            answers[name] = True
        except Exception:  # noqa: BLE001 - any failure means not ready
            log.warning("readyz: the %s does not answer", name, exc_info=True)
            answers[name] = False
    return answers


async def health(scope, receive, send) -> None:
    if scope["path"] == "/healthz":
        status, body = 200, {"status": "ok"}
    else:
        checks = await asyncio.to_thread(_check)
        ready = all(answered for name, answered in checks.items() if name in REQUIRED)
        status = 200 if ready else 503
        body = {"status": "ok" if ready else "unavailable", **checks}
    headers = [(b"content-type", b"application/json"), (b"cache-control", b"no-store")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": json.dumps(body).encode()})
