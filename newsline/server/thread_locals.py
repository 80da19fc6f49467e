"""Django's per-request state in plain thread-locals, for Django behind the bridge.

Django keeps the active language, the active time zone, the URL prefix and urlconf, and
its cache connections in asgiref `Local`s, so that async code sees its own. asgiref's
`Local` guards every read with one process-wide lock, and a page reads the active
language hundreds of times (each `{% url %}`, each translated string). With the bridge's
16 threads rendering at once, threads queue on that lock while another holds the GIL:
one process rendered the home page at 256 requests/s with 16 threads against 465 with
one, and at 420 with these thread-locals (2026-12-02, bench/README.md).

Behind the bridge Django only ever runs synchronously, one request per thread, which is
what `threading.local` isolates; the front's own async code never touches this state.
A thread serves many requests, so each request starts with no language or time zone
active, as it did when the bridge gave each call a fresh context. No library does this
swap; it is five module attributes, set once at startup.
"""

import threading

from django.core.signals import request_started
from django.utils import timezone, translation


def use_thread_locals() -> None:
    """Give Django's request state plain thread-locals (call once, before serving)."""
    from django.core.cache import caches
    from django.urls import base as urls
    from django.utils.translation import trans_real

    trans_real._active = threading.local()
    timezone._active = threading.local()
    urls._prefixes = threading.local()
    urls._urlconfs = threading.local()
    caches._connections = threading.local()
    request_started.connect(_fresh_state, dispatch_uid="newsline.thread_locals")


def _fresh_state(**kwargs) -> None:
    # Before any middleware: what ran before LocaleMiddleware saw the default language.
    translation.deactivate()
    timezone.deactivate()
