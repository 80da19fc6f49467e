"""Write endpoints: the newsroom's services, behind a token with write scope."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.responses import Status
from ninja.security import HttpBearer

from newsline.api import schemas, serializers
from newsline.api.errors import ApiError, Error
from newsline.api.models import ApiToken
from newsline.api.reads import router
from newsline.content import editing, workflow
from newsline.content.models import Article, Author, Section, Tag


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        return ApiToken.authenticate(token)


# The same router as the reads: Django dispatches a path to one view, whatever the method.
WRITE = {"auth": TokenAuth(), "tags": ["writing"]}
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 413: Error, 422: Error,
          429: Error}  # fmt: skip


NULLABLE = frozenset({"lead_image_id", "featured_rank"})


def _writer(request):
    """The user a write-scoped token acts as; 403 for a read-only token."""
    if not request.auth.can_write:
        raise ApiError(403, "insufficient_scope", _("This token may only read."))
    return request.auth.user


def _check_references(data: dict) -> None:
    """422 for ids and values that name nothing, before the services write anything."""
    problems = {}
    section_id = data.get("section_id")
    if section_id is not None and not Section.objects.filter(pk=section_id).exists():
        problems["section_id"] = _("There is no such section.")
    if data.get("kind") is not None and data["kind"] not in Article.Kind.values:
        problems["kind"] = _("There is no such kind of article.")
    for name, model in (("tags", Tag), ("authors", Author)):
        ids = set(data.get(name) or ())
        if ids and model.objects.filter(pk__in=ids).count() != len(ids):
            problems[name] = _("Some of these ids name nothing.")
    if problems:
        raise ApiError(422, "invalid", _("The request is not valid."), problems)


def _done(article_id: int, message: str = "") -> dict:
    article = (
        Article.objects.select_related("section")
        .prefetch_related("tags", "authors").get(pk=article_id)
    )  # fmt: skip
    return {"message": str(message), "article": serializers.detail(article)}


@router.post("/articles", response={201: schemas.ActionOut, **ERRORS}, **WRITE)
def create(request, payload: schemas.ArticleCreate):
    """Start a draft as the token's user."""
    user = _writer(request)
    data = payload.model_dump()
    language = data.pop("language")
    if language not in settings.NEWSLINE_LANGUAGES:
        raise ApiError(422, "invalid", _("There is no such edition."), {"language": language})
    _check_references(data)
    article = editing.create_article(user=user, language=language, data=data)
    return Status(201, _done(article.pk, _("The draft was created.")))


@router.patch("/articles/{int:article_id}", response={200: schemas.ActionOut, **ERRORS}, **WRITE)
def update(request, article_id: int, payload: schemas.ArticleUpdate):
    """Save changes over `version`; 409 with a diff if the article has moved on."""
    user = _writer(request)
    data = payload.model_dump(exclude_unset=True)
    version, note = data.pop("version"), data.pop("note", "")
    nulls = sorted(k for k, v in data.items() if v is None and k not in NULLABLE)
    if nulls:
        raise ApiError(422, "invalid", _("These fields cannot be null."), nulls)
    _check_references(data)
    editing.save_article(
        article_id=article_id, user=user, data=data, base_version=version, note=note
    )
    return _done(article_id, _("The article was saved."))


@router.post(
    "/articles/{int:article_id}/submit", response={200: schemas.ActionOut, **ERRORS}, **WRITE
)
def submit(request, article_id: int):
    message = workflow.submit_article(article_id=article_id, user=_writer(request))
    return _done(article_id, message)


@router.post(
    "/articles/{int:article_id}/publish", response={200: schemas.ActionOut, **ERRORS}, **WRITE
)
def publish(request, article_id: int, payload: schemas.PublishIn | None = None):
    """Publish now, or schedule for a future `at`; a past `at` publishes now and says so."""
    at = payload.at if payload else None
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at, UTC)
    message = workflow.publish_article(article_id=article_id, user=_writer(request), at=at)
    return _done(article_id, message)


@router.post(
    "/articles/{int:article_id}/withdraw", response={200: schemas.ActionOut, **ERRORS}, **WRITE
)
def withdraw(request, article_id: int, payload: schemas.WithdrawIn | None = None):
    note = payload.note if payload else ""
    message = workflow.withdraw_article(article_id=article_id, user=_writer(request), note=note)
    return _done(article_id, message)
