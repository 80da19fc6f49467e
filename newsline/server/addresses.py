"""The client's address, by one rule for the front (live stream cap, access log) and Django
(login lockouts, rate limits)."""

from django.conf import settings


def client_address(scope) -> str:
    """The reader's address: the peer, or what a trusted proxy in front says it saw.

    Behind nginx or a CDN every peer is the proxy; without this, one proxy address would
    use up the live stream's per-address cap for all readers, and every access log line
    would name the proxy.
    """
    peer = (scope.get("client") or ("unknown",))[0]
    trusted = settings.NEWSLINE_TRUSTED_PROXIES
    if peer not in trusted:
        return peer
    for name, value in scope["headers"]:
        if name == b"x-forwarded-for":
            # The rightmost address a trusted proxy did not add is the reader's.
            hops = [hop.strip() for hop in value.decode("latin-1").split(",") if hop.strip()]
            for hop in reversed(hops):
                if hop not in trusted:
                    return hop
    return peer


def request_address(request) -> str:
    """client_address() of a Django request ("" for one made in code, without a peer)."""
    peer = request.META.get("REMOTE_ADDR") or ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    headers = [(b"x-forwarded-for", forwarded.encode("latin-1", "replace"))] if forwarded else []
    return client_address({"client": (peer,), "headers": headers}) if peer else ""
