"""The page cache through the real server stack: granian's ASGI front, a2wsgi, Django."""

import http.client

import pytest

from newsline.content.workflow import publish_article
from tests.factories import ArticleFactory, newsroom_user
from tests.pagecache.test_purge import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def request(server, path: str, method="GET", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_the_front_answers_what_django_stored(asgi_live_server):
    url = ArticleFactory(headline="Bridge opens").get_absolute_url()
    status, headers, body = request(asgi_live_server, url)
    assert status == 200 and "x-page-cache" not in headers and b"Bridge opens" in body
    status, again, cached_body = request(asgi_live_server, url)
    assert again["x-page-cache"] == "hit" and cached_body == body
    # The keys Django stores under and the front looks up agree, query strings included.
    assert request(asgi_live_server, f"{url}?utm_source=mail")[1].get("x-page-cache") == "hit"
    status, _headers, empty = request(
        asgi_live_server, url, headers={"If-None-Match": headers["etag"]}
    )
    assert status == 304 and empty == b""
    status, head, nothing = request(asgi_live_server, url, method="HEAD")
    assert head["x-page-cache"] == "hit" and nothing == b""


def test_a_publish_reaches_the_front_at_once(asgi_live_server):
    section = ArticleFactory(headline="Earlier").section
    ArticleFactory(language="az", headline="Əvvəlki", section=section)
    for path in ("/en/", "/az/"):
        request(asgi_live_server, path)
        got = request(asgi_live_server, path)[1]
        assert got.get("x-page-cache") == "hit", (path, got)
    # In a section that exists: a new one would change every page's menu.
    draft = ArticleFactory(
        headline="Just published", status="draft", publish_at=None, section=section
    )
    publish_article(article_id=draft.pk, user=newsroom_user("editor"))
    run_worker()
    status, headers, body = request(asgi_live_server, "/en/")
    assert "x-page-cache" not in headers and b"Just published" in body
    assert request(asgi_live_server, "/az/")[1]["x-page-cache"] == "hit"
