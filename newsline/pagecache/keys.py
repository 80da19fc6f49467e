"""The cache key of a request, computed the same way by the ASGI front and by Django.

The key is the scheme, host, path and query string. Query parameters that only track
campaigns (utm_*, fbclid…) are dropped, so a shared link does not bypass the cache; every
other parameter stays, and Django stores a page only when its view declared each remaining
parameter meaningful (``depends_on(..., query=("before",))``), so random query strings
cannot fill the cache with copies of one page.
"""

import hashlib
from urllib.parse import unquote_plus

TRACKING = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "yclid", "_ga"})
MAX_URL_LENGTH = 2000


def _is_tracking(name: str) -> bool:
    return name.startswith("utm_") or name in TRACKING


def query_parts(query: str) -> list[str]:
    """The query string's parts without tracking parameters, in their order."""
    if not query:
        return []
    return [part for part in query.split("&") if part and not _is_tracking(part.split("=", 1)[0])]


def query_names(parts: list[str]) -> set[str]:
    return {unquote_plus(part.split("=", 1)[0]) for part in parts}


def page_key(scheme: str, host: str, path: str, query: str) -> str | None:
    """Return the page's key, or None for an address not worth caching."""
    if not host or len(path) + len(query) > MAX_URL_LENGTH:
        return None
    kept = "&".join(query_parts(query))
    raw = f"{scheme}\n{host.lower()}\n{path}\n{kept}".encode("utf-8", "replace")
    return hashlib.blake2b(raw, digest_size=16).hexdigest()
