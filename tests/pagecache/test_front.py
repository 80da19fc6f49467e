"""The hit path: pages answered by the ASGI front, without Django or the database."""

import pytest
import time_machine
from django.utils import timezone

from tests.factories import ArticleFactory, newsroom_user
from tests.pagecache.conftest import cached, front_get

pytestmark = pytest.mark.django_db


def test_a_stored_page_is_served_by_the_front_without_a_query(client, django_assert_num_queries):
    story = ArticleFactory(headline="Harbour reopens")
    url = story.get_absolute_url()
    assert not cached(url)
    rendered = client.get(url)
    assert rendered.status_code == 200
    with django_assert_num_queries(0):
        hit = front_get(url)
    assert hit.served_by_front and hit.status == 200
    assert hit.body == rendered.content and b"Harbour reopens" in hit.body
    assert hit.headers["etag"] == rendered["ETag"]
    assert hit.headers["content-type"] == rendered["Content-Type"]
    assert hit.headers["content-language"] == "en"
    assert hit.headers["surrogate-key"] == rendered["Surrogate-Key"]
    assert "age" in hit.headers


def test_head_gets_the_headers_without_the_body(client):
    url = ArticleFactory().get_absolute_url()
    client.get(url)
    head = front_get(url, method="HEAD")
    assert head.served_by_front and head.status == 200 and head.body == b""
    assert int(head.headers["content-length"]) > 0


def test_conditional_get_is_answered_304_by_the_front(client):
    url = ArticleFactory().get_absolute_url()
    etag = client.get(url)["ETag"]
    answer = front_get(url, headers={"If-None-Match": etag})
    assert answer.status == 304 and answer.body == b""
    assert answer.headers["etag"] == etag and "s-maxage" in answer.headers["cache-control"]
    assert front_get(url, headers={"If-None-Match": '"other"'}).status == 200


def test_conditional_get_is_answered_304_by_django(client):
    url = ArticleFactory().get_absolute_url()
    with time_machine.travel(timezone.now(), tick=False):
        first = client.get(url)
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304 and again.content == b""
        since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert since.status_code == 304
    # Last-Modified is when the page was rendered: a later render is newer.
    later = client.get(url, headers={"If-Modified-Since": "Thu, 01 Jan 2015 00:00:00 GMT"})
    assert later.status_code == 200


def test_pages_carry_shared_cache_headers_and_no_needless_vary(client):
    response = client.get(ArticleFactory().get_absolute_url())
    control = response["Cache-Control"]
    assert control.startswith("public, max-age=0, s-maxage=600")
    assert "stale-while-revalidate=30" in control
    assert response["ETag"].startswith('"') and response.has_header("Last-Modified")
    assert "article:" in response["Surrogate-Key"] and "," in response["Cache-Tag"]
    assert not response.has_header("Vary")


def test_a_signed_in_user_bypasses_the_cache(client):
    url = ArticleFactory().get_absolute_url()
    client.get(url)
    client.force_login(newsroom_user("editor"))
    session = client.cookies["sessionid"].value
    assert not front_get(url, headers={"Cookie": f"sessionid={session}"}).served_by_front
    assert front_get(url, headers={"Cookie": "theme=dark"}).served_by_front


def test_a_signed_in_users_page_is_never_stored(client):
    url = ArticleFactory().get_absolute_url()
    client.force_login(newsroom_user("editor"))
    response = client.get(url)
    assert response.status_code == 200 and not response.has_header("Surrogate-Key")
    assert not cached(url)


def test_tracking_parameters_share_the_page_and_unknown_ones_are_not_stored(client):
    url = ArticleFactory().get_absolute_url()
    client.get(f"{url}?utm_source=newsletter&fbclid=x")
    assert cached(url) and cached(f"{url}?utm_campaign=spring")
    client.get(f"{url}?nonsense=1")
    assert not cached(f"{url}?nonsense=1")


def test_a_declared_query_parameter_is_part_of_the_key(client):
    ArticleFactory.create_batch(3)
    client.get("/en/archive/")
    assert cached("/en/archive/") and not cached("/en/archive/?before=abc")


def test_the_host_is_part_of_the_key(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    url = ArticleFactory().get_absolute_url()
    client.get(url)
    assert cached(url) and not front_get(url, host="other.example").served_by_front


def test_previews_search_and_errors_are_not_stored(client):
    ArticleFactory(headline="Storm")
    for url in ("/en/search/?q=storm", "/en/search/", "/en/999999/", "/en/preview/bad/"):
        client.get(url)
        assert not cached(url), url


def test_a_page_is_not_served_once_it_expires(client, settings):
    now = timezone.now()
    url = ArticleFactory().get_absolute_url()
    with time_machine.travel(now, tick=False):
        client.get(url)
    with time_machine.travel(now.timestamp() + 599, tick=False):
        assert cached(url)
    with time_machine.travel(now.timestamp() + 601, tick=False):
        assert not cached(url)


def test_the_cache_can_be_turned_off(client, settings):
    url = ArticleFactory().get_absolute_url()
    client.get(url)
    settings.NEWSLINE_PAGE_CACHE_SECONDS = 0
    assert not cached(url)
    client.get(ArticleFactory().get_absolute_url())


def test_an_unreadable_entry_is_a_miss_not_an_error(client, page_store):
    import struct
    import time

    from newsline.pagecache import entry, keys

    url = ArticleFactory().get_absolute_url()
    key = keys.page_key("http", "testserver", url, "")
    later = time.time() + 60
    for blob in (
        struct.pack("!4sddHI", b"NLP1", later, 0, 200, 0) + b"an older release's layout",
        struct.pack("!4sddHI", entry.FORMAT, later, 0, 200, 5) + b"a\0b\0c",  # damaged headers
        b"short",
    ):
        page_store.store(key, blob, tags=["x"], ttl=60, since=page_store.generation())
        assert not cached(url)


def test_behind_a_tls_proxy_the_forwarded_scheme_is_part_of_the_key(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    url = ArticleFactory().get_absolute_url()
    client.get(url, headers={"X-Forwarded-Proto": "https"})
    assert front_get(url, headers={"X-Forwarded-Proto": "https"}).served_by_front
    assert not front_get(url, headers={"X-Forwarded-Proto": "http"}).served_by_front
    assert not front_get(url).served_by_front
