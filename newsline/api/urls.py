"""The JSON API under /api/v1/."""

from django.urls import URLPattern, URLResolver, path, re_path
from django.utils.translation import gettext as _

from newsline.api.api import api
from newsline.api.docs import docs_asset
from newsline.api.errors import error_response
from newsline.api.http import guarded


def _guard(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = guarded(pattern.callback)
        elif isinstance(pattern, URLResolver):
            _guard(pattern.url_patterns)
    return patterns


def not_found(request, rest):
    """Answer unknown API addresses in the API's error shape, not with the reader's page."""
    return error_response(404, "not_found", _("Not found."))


app_name = "api"
urlpatterns = [
    *_guard(api.urls[0]),
    path("docs/assets/<str:name>", guarded(docs_asset), name="docs-asset"),
    re_path(r"^(?P<rest>.*)$", guarded(not_found)),
]
