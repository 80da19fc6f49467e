"""Read endpoints: what readers may see, for anyone, with CORS and ETags."""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from newsline.api import schemas, serializers
from newsline.api.errors import ApiError, Error
from newsline.api.http import cacheable
from newsline.content import selectors
from newsline.content.models import Article, Author, Section, Tag
from newsline.content.pagination import keyset_page, parse_cursor
from newsline.pagecache import depends_on
from newsline.pagecache import tags as page_tags

router = Router(tags=["reading"])
ERRORS = {400: Error, 404: Error, 429: Error}


class ArticleFilters(Schema):
    edition: str | None = Field(None, description="Edition language; the default edition if unset")
    section: str | None = Field(None, description="Section slug")
    tag: str | None = Field(None, description="Tag slug (in the edition)")
    author: str | None = Field(None, description="Author slug")
    kind: Article.Kind | None = None
    since: datetime | None = Field(None, description="Only articles published at or after this")
    cursor: str | None = Field(None, description="The `next` value of the previous page")
    limit: int = Field(20, ge=1, le=100)


# What an unfiltered list reads from the query string: each value is a cached copy.
STREAM_QUERY = ("edition", "since", "cursor", "limit")


def _only(request, *names: str) -> None:
    """400 for query parameters the endpoint does not take, or values no database stores."""
    unknown = sorted(set(request.GET) - set(names))
    if unknown:
        raise ApiError(400, "unknown_parameter", _("Unknown query parameters."), unknown)
    # PostgreSQL text cannot hold NUL; refuse it here rather than fail in the query.
    if any("\x00" in value for value in request.GET.values()):
        raise ApiError(400, "bad_request", _("Query parameters may not contain NUL characters."))


def _edition(code: str | None) -> str:
    code = code or settings.LANGUAGE_CODE
    if code not in settings.NEWSLINE_LANGUAGES:
        raise ApiError(404, "not_found", _("There is no such edition."), code)
    return code


@router.get("/articles", response={200: schemas.ArticlePage, **ERRORS})
def list_articles(request, filters: Query[ArticleFilters]):
    """List an edition's visible articles, newest first, a keyset page at a time."""
    _only(request, *ArticleFilters.model_fields)
    articles = Article.objects.visible(before=parse_cursor(filters.cursor))
    edition = _edition(filters.edition)
    articles = articles.edition(edition).newest_first().for_listing()
    if filters.section:
        articles = articles.filter(section__slug=filters.section)
    if filters.tag:
        articles = articles.filter(tags__slug=filters.tag, tags__language=edition)
    if filters.author:
        articles = articles.filter(authors__slug=filters.author)
    if filters.kind:
        articles = articles.filter(kind=filters.kind)
    if filters.since:
        since = filters.since
        # A time without an offset is UTC, as everywhere in the API.
        if timezone.is_naive(since):
            since = timezone.make_aware(since, UTC)
        articles = articles.filter(publish_at__gte=since)
    page = keyset_page(articles, filters.limit)
    if not (filters.section or filters.tag or filters.author or filters.kind):
        # The edition's own stream: kept in the page cache like the archive. A filtered
        # list is not (a story can enter one by an edit no purge of the stream marks).
        depends_on(request, *page_tags.stream(edition, page.items), query=STREAM_QUERY)
    items = [serializers.summary(a) for a in page.items]
    return cacheable(request, {"items": items, "next": page.next_cursor}, language=edition)


@router.get("/articles/{int:article_id}", response={200: schemas.ArticleDetail, **ERRORS})
def get_article(request, article_id: int):
    """One visible article, with its body and its visible translations."""
    _only(request)
    article = (
        Article.objects.visible().select_related("section")
        .prefetch_related("tags", "authors").filter(pk=article_id).first()
    )  # fmt: skip
    if article is None:
        raise ApiError(404, "not_found", _("There is no such article."))
    data = serializers.detail(article)
    depends_on(request, *page_tags.story_data(article))
    return cacheable(request, data, language=article.language)


@router.get("/newsline/{edition}", response={200: list[schemas.ArticleSummary], **ERRORS})
def news_line(request, edition: str):
    """The edition's news line: its latest headlines."""
    _only(request)
    edition = _edition(edition)
    items = selectors.news_line(edition)
    depends_on(request, f"edition:{edition}", f"newsline:{edition}", "sections")
    return cacheable(request, [serializers.summary(a) for a in items], language=edition)


@router.get("/sections", response={200: list[schemas.SectionOut], **ERRORS})
def sections(request):
    _only(request)
    return cacheable(request, [serializers.section(s) for s in Section.objects.all()])


@router.get("/tags", response={200: list[schemas.TagOut], **ERRORS})
def tags(request, edition: str | None = None):
    _only(request, "edition")
    found = Tag.objects.filter(language=_edition(edition)).order_by("name", "id")
    return cacheable(request, [serializers.tag(t) for t in found])


@router.get("/authors", response={200: list[schemas.AuthorOut], **ERRORS})
def authors(request):
    _only(request)
    found = Author.objects.order_by("display_name", "id")
    return cacheable(request, [serializers.author(a) for a in found])
