"""Read endpoints: listing, filters, detail, taxonomy, errors, CORS and ETags."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api.conftest import assert_error
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_articles_lists_visible_articles_of_the_edition_newest_first(api):
    old = ArticleFactory(publish_at=timezone.now() - timedelta(hours=2))
    new = ArticleFactory()
    ArticleFactory(status="draft", publish_at=None)
    ArticleFactory(publish_at=timezone.now() + timedelta(hours=1))  # scheduled
    ArticleFactory(language="az")
    body = api.get("/api/v1/articles?edition=en").json()
    assert [item["id"] for item in body["items"]] == [new.id, old.id]
    assert body["next"] is None
    assert body["items"][0]["section"]["slug"] == new.section.slug


def test_articles_default_to_the_default_edition(api, settings):
    ArticleFactory(language=settings.LANGUAGE_CODE)
    ArticleFactory(language="ru" if settings.LANGUAGE_CODE != "ru" else "az")
    assert len(api.get("/api/v1/articles").json()["items"]) == 1


def test_articles_filters(api):
    section = SectionFactory()
    tag = TagFactory(language="en")
    author = AuthorFactory()
    tagged = ArticleFactory(section=section, kind="video")
    tagged.tags.add(tag)
    tagged.authors.add(author)
    ArticleFactory(publish_at=timezone.now() - timedelta(days=3))
    for query in (f"section={section.slug}", f"tag={tag.slug}", f"author={author.slug}",
                  "kind=video"):  # fmt: skip
        items = api.get(f"/api/v1/articles?{query}").json()["items"]
        assert [item["id"] for item in items] == [tagged.id], query
    since = (timezone.now() - timedelta(days=1)).isoformat()
    items = api.get("/api/v1/articles", {"since": since}).json()["items"]
    assert [item["id"] for item in items] == [tagged.id]


def test_keyset_pages_have_no_duplicates_or_gaps(api):
    now = timezone.now()
    same_minute = [ArticleFactory(publish_at=now - timedelta(minutes=5)) for _ in range(4)]
    others = [ArticleFactory(publish_at=now - timedelta(minutes=10 + i)) for i in range(5)]
    seen, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = api.get("/api/v1/articles", params).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next"]
        if cursor is None:
            break
        ArticleFactory(publish_at=timezone.now())  # a newer story shifts nothing
    assert len(seen) == len(set(seen)) == 9
    assert set(seen) == {a.id for a in same_minute + others}


def test_article_detail_with_translations(api):
    article = ArticleFactory(body="<p>Full text.</p>")
    twin = ArticleFactory(language="az", translation_group=article.translation_group)
    body = api.get(f"/api/v1/articles/{article.id}").json()
    assert body["body"] == "<p>Full text.</p>"
    assert body["status"] == "published" and body["version"] == article.version
    assert [t["id"] for t in body["translations"]] == [twin.id]


def test_invisible_and_unknown_articles_are_404(api):
    draft = ArticleFactory(status="draft", publish_at=None)
    scheduled = ArticleFactory(publish_at=timezone.now() + timedelta(hours=1))
    for pk in (draft.id, scheduled.id, 999999):
        assert_error(api.get(f"/api/v1/articles/{pk}"), 404, "not_found")


def test_newsline_sections_tags_authors(api):
    article = ArticleFactory()
    tag = TagFactory(language="az")
    TagFactory(language="en")
    author = AuthorFactory()
    assert [a["id"] for a in api.get("/api/v1/newsline/en").json()] == [article.id]
    assert_error(api.get("/api/v1/newsline/xx"), 404, "not_found")
    assert article.section.slug in [s["slug"] for s in api.get("/api/v1/sections").json()]
    assert [t["id"] for t in api.get("/api/v1/tags?edition=az").json()] == [tag.id]
    assert [a["slug"] for a in api.get("/api/v1/authors").json()] == [author.slug]


@pytest.mark.parametrize(
    "url, status, code",
    [
        ("/api/v1/articles?colour=red", 400, "unknown_parameter"),
        ("/api/v1/sections?page=2", 400, "unknown_parameter"),
        ("/api/v1/articles?cursor=damaged", 400, "bad_request"),
        ("/api/v1/articles?limit=many", 400, "bad_request"),
        ("/api/v1/articles?since=yesterday", 400, "bad_request"),
        ("/api/v1/articles?edition=xx", 404, "not_found"),
        ("/api/v1/articles/123456", 404, "not_found"),
    ],
)
def test_read_errors_share_one_shape(api, url, status, code):
    response = api.get(url)
    error = assert_error(response, status, code)
    assert response["Access-Control-Allow-Origin"] == "*"
    if code == "unknown_parameter":
        assert error["details"] in (["colour"], ["page"])


def test_reads_allow_any_origin(api):
    response = api.get("/api/v1/sections", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = api.options("/api/v1/articles", HTTP_ORIGIN="https://example.org")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    head = api.head("/api/v1/sections")
    assert head.status_code == 200 and head.content == b""
    assert head["Access-Control-Allow-Origin"] == "*"


def test_etag_and_304(api):
    ArticleFactory()
    first = api.get("/api/v1/articles")
    etag = first["ETag"]
    assert etag.startswith('"') and "max-age" in first["Cache-Control"]
    again = api.get("/api/v1/articles", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    ArticleFactory()
    changed = api.get("/api/v1/articles", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_openapi_document_and_docs(api):
    schema = api.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert schema["info"]["version"] == "1"
    assert "/api/v1/articles" in schema["paths"]


def test_docs_use_only_local_assets(api):
    page = api.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html and "https://" not in html and "/api/v1/openapi.json" in html
    for asset in re.findall(r'(?:href|src)="([^"]+)"', html):
        response = api.get(asset)
        assert response.status_code == 200, asset
        response.close()
    assert_error(api.get("/api/v1/docs/assets/settings.py"), 404)


def test_nul_in_a_query_is_400_not_a_database_error(api):
    assert_error(api.get("/api/v1/articles", {"section": "a\x00b"}), 400, "bad_request")


def test_unknown_api_addresses_are_404_in_the_error_shape(api):
    assert_error(api.get("/api/v1/nothing/here"), 404, "not_found")
    assert_error(api.get("/api/v1/articles/-5"), 404, "not_found")


def test_query_count_does_not_grow_with_the_page(api, django_assert_num_queries):
    for _ in range(5):
        ArticleFactory().tags.add(TagFactory())
    # The page, and the edition's next scheduled change (where the kept copy's life ends;
    # asked once, then kept).
    with django_assert_num_queries(2):
        assert len(api.get("/api/v1/articles?limit=50").json()["items"]) == 5
    article = ArticleFactory()
    with django_assert_num_queries(4):  # article, tags, authors, translations
        api.get(f"/api/v1/articles/{article.id}")
