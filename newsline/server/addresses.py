"""The client's address as the front sees it, for the live stream's cap and the access log."""

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
