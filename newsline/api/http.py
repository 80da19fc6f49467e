"""HTTP around the API views: CORS on reads, rate limits, body size, ETags."""

import hashlib
import json
from functools import wraps

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.translation import gettext as _

from newsline.api.errors import error_response
from newsline.server import ratelimit
from newsline.server.addresses import request_address

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WINDOW = 60  # seconds; limits are per minute


def _limit(name: str, default: int) -> int:
    return getattr(settings, name, default)


def guarded(view):
    """Wrap an API URL's view with the checks that come before any parsing."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        reading = request.method in READ_METHODS
        refused = _rate_limited(request, reading) or _too_large(request)
        if refused:
            return _with_cors(refused) if reading else refused
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
            return _with_cors(response)
        if request.method == "HEAD":
            request.method = "GET"
            response = view(request, *args, **kwargs)
            request.method = "HEAD"
            response.content = b""
        else:
            response = view(request, *args, **kwargs)
        return _with_cors(response) if reading else response

    wrapper.csrf_exempt = True
    return wrapper


def _with_cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    return response


def _too_large(request):
    limit = _limit("NEWSLINE_API_MAX_BODY_BYTES", 1024 * 1024)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return error_response(413, "too_large", _("The request body is too large."))
    return None


def _rate_limited(request, reading: bool):
    """A 429 once this minute's allowance is spent; a fixed window in the shared cache."""
    if reading:
        kind, ident = "read", request_address(request)
        limit = _limit("NEWSLINE_API_RATE_READS_PER_MINUTE", 600)
    else:
        header = request.headers.get("Authorization", "")
        # Per token (its public prefix), or per address for requests without one.
        token = header.removeprefix("Bearer ").partition(".")[0].strip()
        kind, ident = "write", token or "ip:" + request_address(request)
        limit = _limit("NEWSLINE_API_RATE_WRITES_PER_MINUTE", 60)
    count, left = ratelimit.count(f"newsline:api-rate:{kind}:{ident}", WINDOW)
    if count is None or count <= limit:
        return None
    retry = max(1, int(left))
    return error_response(
        429, "rate_limited", _("Too many requests; try again later."),
        {"limit": limit, "window_seconds": WINDOW}, Retry_After=str(retry),
    )  # fmt: skip


def cacheable(request, payload, *, language: str | None = None) -> HttpResponse:
    """A JSON response with a strong ETag; 304 if the client already has this content.

    `language`: the edition the payload is written in, else the request's language.
    """
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    max_age = _limit("NEWSLINE_API_MAX_AGE", 30)
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    if language:
        response["Content-Language"] = language
    # Where the page cache keeps the response (newsline.pagecache), it sets its own
    # Cache-Control; the rest may be kept by browsers and CDNs this long.
    response["Cache-Control"] = f"public, max-age={max_age}, stale-while-revalidate={max_age}"
    return response
