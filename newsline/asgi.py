"""The ASGI front that `newsline serve` runs (DESIGN: "HTTP server").

It answers the live stream and page-cache hits itself and hands every other request
to Django as a WSGI app in a thread (server/bridge.py): Django's own ASGI handler was
measured 5–9× slower here, and reader pages are synchronous views anyway.
"""

import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsline.settings")
wsgi = get_wsgi_application()

from newsline.live.stream import stream  # noqa: E402 - needs Django set up
from newsline.live.tail import stop_tail  # noqa: E402
from newsline.pagecache.front import PageCacheFront  # noqa: E402
from newsline.server import access_log as access  # noqa: E402
from newsline.server.bridge import DjangoBridge  # noqa: E402
from newsline.server.health import PATHS as HEALTH_PATHS  # noqa: E402
from newsline.server.health import health  # noqa: E402
from newsline.server.thread_locals import use_thread_locals  # noqa: E402


def front(django_app):
    """The front around `django_app` (Django as an ASGI callable)."""
    pages = PageCacheFront(access.answered_by("django", django_app))
    live = access.answered_by("stream", stream)
    checks = access.answered_by("health", health)

    async def application(scope, receive, send):
        if scope["type"] == "http":
            if scope["path"].startswith("/live/"):
                return await live(scope, receive, send)
            if scope["path"] in HEALTH_PATHS:
                return await checks(scope, receive, send)
            return await pages(scope, receive, send)
        if scope["type"] == "lifespan":
            return await _lifespan(receive, send)

    # Read when the front is built: off, the hit path does not pay for it at all.
    return access.access_log(application) if settings.NEWSLINE_ACCESS_LOG else application


async def _lifespan(receive, send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            # Open streams end; their pages reconnect elsewhere with Last-Event-ID.
            await stop_tail()
            access.writer.flush()
            await send({"type": "lifespan.shutdown.complete"})
            return


# Django runs in the bridge's thread pool: enough threads to keep both cores busy while
# some wait on the database, few enough not to hold hundreds of connections.
use_thread_locals()
application = front(DjangoBridge(wsgi, threads=16))
# What is loaded by now lives as long as the worker: frozen, the collector's full passes no
# longer walk it (one during a search made 40 ms of it 90 in bench/search.py).
gc.collect()
gc.freeze()
