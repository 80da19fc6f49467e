"""Request and response rules shared by the ASGI front and the Django middleware."""

from django.conf import settings

from newsline.pagecache import keys


def effective_scheme(raw_scheme: str, header_value: str | None, configured=None) -> str:
    """The scheme Django will see, given SECURE_PROXY_SSL_HEADER (the front reads it raw)."""
    configured = configured or settings.SECURE_PROXY_SSL_HEADER
    if configured and header_value is not None:
        return "https" if header_value == configured[1] else raw_scheme
    return raw_scheme


def proxy_header() -> str | None:
    """The WSGI name of the proxy's scheme header, if one is configured."""
    configured = settings.SECURE_PROXY_SSL_HEADER
    return configured[0] if configured else None


def has_cookie(cookie_header: str, name: str) -> bool:
    """Whether the Cookie header carries `name` (a signed-in newsroom user's session)."""
    return any(part.strip().split("=", 1)[0] == name for part in cookie_header.split(";"))


def shared(request) -> bool:
    """Whether the request may be answered with the copy every reader gets: a GET or HEAD
    without a session or credentials (a logged-in editor always gets a fresh render)."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.META.get("HTTP_COOKIE", "")
    return not (cookies and has_cookie(cookies, settings.SESSION_COOKIE_NAME))


def request_key(request) -> str | None:
    """The page key of a Django request: the key the front looks the same request up by."""
    proxy = proxy_header()
    scheme = effective_scheme(
        request.META.get("wsgi.url_scheme", "http"), request.META.get(proxy) if proxy else None
    )
    path, query = request.path, request.META.get("QUERY_STRING", "")
    return keys.page_key(scheme, _raw_host(request.META), path, query)


def query_declared(request, declared) -> bool:
    """Whether the view declared each query parameter (tracking ones aside) meaningful:
    a parameter the view ignores makes no page of its own."""
    names = keys.query_names(keys.query_parts(request.META.get("QUERY_STRING", "")))
    return names <= set(declared)


def _raw_host(meta) -> str:
    """The Host header as the front reads it (WSGI servers without one give the server name)."""
    if host := meta.get("HTTP_HOST"):
        return host
    name, port = meta.get("SERVER_NAME", ""), str(meta.get("SERVER_PORT", ""))
    return name if port in ("", "80", "443") else f"{name}:{port}"
