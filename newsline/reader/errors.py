"""Error pages in the edition's language and the site's design."""

from django.core.exceptions import BadRequest
from django.http import HttpResponseServerError
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


def server_error(request):
    """The 500 answer: never a traceback or a setting, whatever DEBUG says elsewhere.

    Django has logged the exception with its traceback (logger django.request) before
    this runs. API clients get the API's error shape; everyone else the site's page.
    """
    if request.path.startswith("/api/"):
        message = _("Something went wrong. Please try again in a minute.")
        return error_response(500, "server_error", message)
    # No context processors and no database: the database may be what failed.
    return HttpResponseServerError(render_to_string("reader/500.html", {"plain": True}))
