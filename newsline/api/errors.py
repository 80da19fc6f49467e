"""One JSON shape for every API error: {"error": {"code", "message", "details"}}."""

from django.core.exceptions import BadRequest, ObjectDoesNotExist, PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from newsline.content.editing import StaleEdit
from newsline.content.workflow import WorkflowError


class ErrorBody(Schema):
    code: str
    message: str
    details: object = None


class Error(Schema):
    error: ErrorBody


class ApiError(Exception):
    """An error the API answers with `status` and the one error shape."""

    def __init__(self, status: int, code: str, message: str, details=None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


def error_response(status: int, code: str, message: str, details=None, **headers):
    response = JsonResponse(
        {"error": {"code": code, "message": str(message), "details": details}}, status=status
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def install(api) -> None:
    """Make the API answer every error it raises in the one shape."""

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return error_response(exc.status, exc.code, exc.message, exc.details)

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        # A bad query string is a bad request; a well-formed body with wrong values is 422.
        in_query = all(e.get("loc", [""])[0] == "query" for e in exc.errors)
        status, code = (400, "bad_request") if in_query else (422, "invalid")
        details = [
            {"loc": list(e.get("loc", [])), "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors
        ]
        return error_response(status, code, _("The request is not valid."), details)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return error_response(
            401, "unauthenticated", _("A valid API token is required."), WWW_Authenticate="Bearer"
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return error_response(exc.status_code, f"http_{exc.status_code}", exc.message)

    @api.exception_handler(BadRequest)
    def bad_request(request, exc):
        return error_response(400, "bad_request", str(exc) or _("Bad request."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return error_response(403, "forbidden", str(exc) or _("You are not allowed to do this."))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response(404, "not_found", _("Not found."))

    @api.exception_handler(ObjectDoesNotExist)
    def missing(request, exc):
        return error_response(404, "not_found", _("Not found."))

    @api.exception_handler(WorkflowError)
    def workflow(request, exc):
        return error_response(409, "workflow", str(exc))

    @api.exception_handler(StaleEdit)
    def stale(request, exc):
        details = {"version": exc.article.version, "refused_revision": exc.refused.pk,
                   "diff": exc.changes}  # fmt: skip
        return error_response(409, "stale_version", str(exc), details)
