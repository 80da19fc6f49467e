"""Store cacheable pages with their tags and give them their HTTP caching headers.

A hit never reaches Django: the ASGI front (front.py) answers it. Here a miss is
rendered, and if its view declared what it shows and nothing makes it private, it is
stored and sent with a strong ETag, Last-Modified, Cache-Control with s-maxage and
stale-while-revalidate, and Surrogate-Key / Cache-Tag for a CDN. Conditional GETs are
answered with 304.
"""

import hashlib
import time

from django.conf import settings
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from newsline.pagecache import entry, freshness
from newsline.pagecache.declare import declared
from newsline.pagecache.http import query_declared, request_key, shared
from newsline.pagecache.store import get_store, safely

MAX_BODY = 2 * 1024 * 1024
# The front serves one copy to everyone without a session cookie, whatever their
# language preference, so these two need not vary: the edition is in the path.
IGNORED_VARY = {"cookie", "accept-language"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        anonymous = shared(request)
        since = None
        if anonymous and request.method == "GET" and settings.NEWSLINE_PAGE_CACHE_SECONDS > 0:
            # Read before rendering: a purge after this point keeps the render out.
            since = safely(lambda: get_store().generation())
        response = self.get_response(request)
        declaration = declared(request)
        if not anonymous or declaration is None or declaration.exempt or not declaration.tags:
            return response
        if not _cacheable(response):
            return response
        return self._finish(request, response, list(declaration.tags), declaration.query, since)

    def _finish(self, request, response, tags, query, since):
        now = timezone.now()
        fresh, stale = freshness.lifetimes(tags, now)
        if not response.has_header("ETag"):
            response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(now.timestamp())
        if fresh >= 1:
            control = f"public, max-age=0, s-maxage={int(fresh)}"
            response["Cache-Control"] = control + (
                f", stale-while-revalidate={stale}" if stale else ""
            )
        else:
            response["Cache-Control"] = "public, no-cache"
        _drop_vary(response)
        response["Surrogate-Key"] = " ".join(tags)
        response["Cache-Tag"] = ",".join(tags)
        if since is not None and fresh >= 1 and _storable(request, response, query):
            self._store(request, response, tags, fresh, since)
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(response["Last-Modified"]),
            response=response,
        )

    @staticmethod
    def _store(request, response, tags, fresh, since):
        key = request_key(request)
        if key is None:
            return
        now = time.time()
        blob = entry.encode(
            status=response.status_code,
            headers=list(response.items()),
            body=response.content,
            expires=now + fresh,
            stored_at=now,
        )
        safely(lambda: get_store().store(key, blob, tags=tags, ttl=fresh, since=since))


def _cacheable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A CSP nonce is good for one response: a page replayed to every reader must not hold one.
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= IGNORED_VARY


def _drop_vary(response) -> None:
    if response.has_header("Vary"):
        del response["Vary"]


def _storable(request, response, query) -> bool:
    return query_declared(request, query) and len(response.content) <= MAX_BODY
