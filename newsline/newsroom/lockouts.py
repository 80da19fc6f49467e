"""Login lockouts (django-axes): who the client is, and the page a locked-out login gets."""

from ipaddress import ip_address
from math import ceil

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse

from newsline.server.addresses import request_address


def client_address(request) -> str | None:
    """The client's address by the front's one rule: X-Forwarded-For counts only when the
    peer is one of NEWSLINE_TRUSTED_PROXIES. None for a request without a peer (a login
    made in code, such as a test's force_login)."""
    peer = request.META.get("REMOTE_ADDR")
    if not peer:
        return None
    address = request_address(request)
    # Axes stores it in an address column (PostgreSQL's inet refuses anything else): a
    # proxy that forwarded something that is not an address is counted as itself.
    return _valid(address) or _valid(peer)


def _valid(text: str) -> str | None:
    try:
        return str(ip_address(text))
    except ValueError:
        return None


def lockout_response(request, original_response=None, credentials=None):
    """429 with a page saying what happened and when to try again (axes' AXES_LOCKOUT_CALLABLE)."""
    minutes = ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    context = {**admin.site.each_context(request), "minutes": minutes}
    response = TemplateResponse(request, "newsroom/lockout.html", context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response.render()
