"""Error pages in the edition's language and the site's design."""

import logging
import sys

from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from newsline.api.errors import error_response


def page_not_found(request, exception):
    return render(request, "reader/404.html", status=404)


def bad_request(request, exception):
    # Our own BadRequest messages are written for readers; anything else stays generic.
    message = str(exception) if type(exception) is BadRequest else ""
    return render(request, "reader/400.html", {"message": message}, status=400)


def story_withdrawn(request):
    # 410, not 404: the story existed and is gone for good, so search engines drop it sooner.
    context = {"heading": _("Story withdrawn"), "message": _("This story has been withdrawn.")}
    return render(request, "reader/410.html", context, status=410)


def preview_expired(request):
    context = {
        "heading": _("Preview link expired"),
        "message": _("This preview link has expired; ask the newsroom for a new one."),
    }
    return render(request, "reader/410.html", context, status=410)


log = logging.getLogger(__name__)

# Seconds a client is asked to wait before retrying during a database outage.
RETRY_AFTER = 30


def server_error(request):
    """The 500 answer: never a traceback or a setting, whatever DEBUG says elsewhere.

    Django has logged the exception with its traceback (logger django.request) before
    this runs. API clients get the API's error shape; everyone else the site's page.
    """
    # Django calls this inside its `except` block, so the exception is at hand: a database
    # that does not answer (down, restarting, out of connections) is an outage to wait out.
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return _database_unavailable(request)
    if request.path.startswith("/api/"):
        message = _("Something went wrong. Please try again in a minute.")
        return error_response(500, "server_error", message)
    # No context processors and no database: the database may be what failed.
    return HttpResponseServerError(render_to_string("reader/500.html", {"plain": True}))


def _database_unavailable(request):
    """503 with Retry-After, and never stored by a cache in front."""
    log.warning("The database did not answer; answered 503")
    headers = {"Retry_After": str(RETRY_AFTER), "Cache_Control": "no-store"}
    if request.path.startswith("/api/"):
        message = _("The service is temporarily unavailable. Please try again in a minute.")
        return error_response(503, "unavailable", message, **headers)
    page = render_to_string("reader/503.html", {"plain": True})
    return HttpResponse(
        page, status=503, headers={k.replace("_", "-"): v for k, v in headers.items()}
    )
