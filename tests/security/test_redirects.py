"""Every redirect lands on this site: `next=` on signing in and out, and the redirects the
site makes from the address itself (edition prefix, trailing slash, canonical story path)."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ELSEWHERE = [
    "https://evil.example/", "http://evil.example", "//evil.example", "///evil.example",
    "/\\evil.example", "\\\\evil.example", "\\/evil.example", "/\\/evil.example",
    "https:evil.example", "http:/evil.example", "javascript:alert(1)", "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>", " //evil.example", "\t//evil.example",
    "/%09/evil.example", "%2f%2fevil.example", "https://testserver@evil.example/",
    "https://evil.example\\@testserver/", "//evil.example%23.testserver/",
]  # fmt: skip


def assert_local(response, what: str) -> None:
    if response.status_code not in (301, 302, 303, 307, 308):
        return
    location = response["Location"]
    parts = urlsplit(location)
    assert parts.scheme in ("", "http", "https"), (what, location)
    assert parts.netloc in ("", "testserver"), (what, location)
    assert not location.startswith(("//", "/\\", "\\")), (what, location)
    assert location.strip() == location and "\t" not in location, (what, location)


@pytest.fixture
def staff_user():
    return get_user_model().objects.create_user("desk", password="pw-correct-horse", is_staff=True)


@pytest.mark.parametrize("target", ELSEWHERE)
def test_signing_in_goes_only_to_a_page_of_this_site(staff_user, target):
    client = Client()
    response = client.post(
        "/newsroom/login/",
        {"username": "desk", "password": "pw-correct-horse", "next": target},
    )
    assert response.status_code == 302  # signed in
    assert_local(response, f"login next={target!r}")
    # Already signed in, the login page sends one on, to the same kind of place.
    assert_local(client.get("/newsroom/login/", {"next": target}), f"login GET next={target!r}")


@pytest.mark.parametrize("target", ELSEWHERE)
def test_signing_out_goes_only_to_a_page_of_this_site(staff_user, target):
    client = Client()
    client.force_login(staff_user)
    response = client.post("/newsroom/logout/", {"next": target})
    assert response.status_code in (200, 302)
    assert_local(response, f"logout next={target!r}")
    response = client.post(f"/newsroom/logout/?next={target}")
    assert_local(response, f"logout ?next={target!r}")


PATHS = [
    "//evil.example", "//evil.example/", "///evil.example/", "/\\evil.example",
    "/%2f%2fevil.example", "/%5cevil.example", "/.//evil.example", "//evil.example/en/",
    "/en//evil.example", "/en/archive//evil.example", "/evil.example/..//x",
]  # fmt: skip


@pytest.mark.parametrize("path", PATHS)
def test_the_sites_own_redirects_stay_on_the_site(client, path):
    assert_local(client.get(path), path)
    assert_local(client.get(path, headers={"accept-language": "az"}), path)


def test_a_stale_story_slug_redirects_to_its_own_path(client):
    story = ArticleFactory(headline="The council meets")
    for slug in ("old", "%2f%2fevil.example", "..%2f..%2fevil.example", "x/../../evil"):
        response = client.get(f"/en/{story.pk}-{slug}/")
        assert_local(response, slug)
        if response.status_code == 301:
            assert response["Location"] == story.get_absolute_url()


def test_a_local_next_is_followed_and_the_check_sees_a_redirect_away(staff_user):
    response = Client().post(
        "/newsroom/login/",
        {"username": "desk", "password": "pw-correct-horse", "next": "/newsroom/content/"},
    )
    assert response["Location"] == "/newsroom/content/"
    from django.http import HttpResponseRedirect

    for location in ("https://evil.example/", "//evil.example", "/\\evil.example"):
        away = HttpResponseRedirect("/")
        away["Location"] = location
        with pytest.raises(AssertionError):
            assert_local(away, location)
