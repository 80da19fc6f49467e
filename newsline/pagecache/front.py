"""The hit path: a pure-ASGI layer answering cached pages before anything else runs.

One store lookup per request, no Django middleware, no database query, no template;
a miss, a signed-in user or anything but GET/HEAD goes on to the wrapped app.
"""

import time

from django.conf import settings

from newsline.pagecache import entry, keys
from newsline.pagecache.http import effective_scheme, has_cookie
from newsline.pagecache.store import get_store

_NOT_MODIFIED_HEADERS = {b"cache-control", b"etag", b"last-modified", b"date", b"expires"}


class PageCacheFront:
    def __init__(self, app):
        self.app = app
        # Read once: settings are fixed in a server process, and a lazy settings lookup on
        # every hit costs more than the rest of the check.
        self.enabled = settings.NEWSLINE_PAGE_CACHE_SECONDS > 0
        self.store = get_store()
        # With Redis, hot pages are also kept in this process (newsline.pagecache.hot).
        hot_bytes = settings.NEWSLINE_PAGE_CACHE_HOT_BYTES
        make_hot = getattr(self.store, "hot_pages", None)
        self.hot = make_hot(hot_bytes) if make_hot and hot_bytes > 0 and self.enabled else None
        self.session_cookie = settings.SESSION_COOKIE_NAME
        configured = self.proxy_setting = settings.SECURE_PROXY_SSL_HEADER
        # "HTTP_X_FORWARDED_PROTO" → b"x-forwarded-proto"
        self.proxy_header = (
            configured[0].removeprefix("HTTP_").lower().replace("_", "-").encode("latin-1")
            if configured
            else None
        )

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") and self.enabled:
            hit = await self._lookup(scope)
            if hit is not None:
                await self._answer(scope, hit, send)
                return
        await self.app(scope, receive, send)

    async def _lookup(self, scope):
        host = cookie = proxy = None
        for name, value in scope["headers"]:
            if name == b"host":
                host = value.decode("latin-1")
            elif name == b"cookie":
                cookie = value.decode("latin-1")
            elif name == b"authorization":
                return None
            elif name == self.proxy_header:
                proxy = value.decode("latin-1")
        if cookie and has_cookie(cookie, self.session_cookie):
            return None  # the newsroom sees its own pages
        scheme = effective_scheme(scope.get("scheme", "http"), proxy, self.proxy_setting)
        path = scope.get("root_path", "") + scope["path"]
        key = keys.page_key(scheme, host or "", path, scope["query_string"].decode("latin-1"))
        if key is None:
            return None
        hot, mark = self.hot, 0
        if hot is not None:
            hot.start()
            if (page := hot.get(key)) is not None:
                return page
            mark = hot.mark()
        try:
            blob = await self.store.aget(key)
        except Exception:  # a broken store costs a miss, never a page
            return None
        if blob is None:
            return None
        if entry.expires_of(blob) <= time.time():
            return None
        page = entry.decode(blob)  # None for an entry of another release's format
        if page is not None and hot is not None:
            hot.keep(key, page, mark, len(blob))
        return page

    @staticmethod
    async def _answer(scope, hit: entry.Entry, send):
        age = str(max(0, int(time.time() - hit.stored_at))).encode()
        if _not_modified(scope["headers"], hit):
            headers = [(n, v) for n, v in hit.headers if n in _NOT_MODIFIED_HEADERS]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = [*hit.headers, (b"age", age), (b"x-page-cache", b"hit")]
        await send({"type": "http.response.start", "status": hit.status, "headers": headers})
        body = b"" if scope["method"] == "HEAD" else hit.body
        await send({"type": "http.response.body", "body": body})


def _not_modified(headers, hit: entry.Entry) -> bool:
    """If-None-Match decides when sent; else If-Modified-Since equal to Last-Modified."""
    since = None
    for name, value in headers:
        if name == b"if-none-match":
            return value.strip() == b"*" or hit.header(b"etag") in [
                tag.strip().removeprefix(b"W/") for tag in value.split(b",")
            ]
        if name == b"if-modified-since":
            since = value
    # Browsers send back the Last-Modified they were given; comparing the text is
    # exact for them and never wrongly answers 304.
    return since is not None and since == hit.header(b"last-modified")
