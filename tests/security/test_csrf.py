"""Cross-site request forgery: no newsroom form acts on a POST without the page's token.

Every newsroom address the URL resolver knows is posted to by a signed-in superuser (so
no permission can be what refuses it) from a client that enforces CSRF checks as a browser
session would. The API takes writes only with a bearer token, which a forged request from
another site cannot carry, so it needs no CSRF token, and a session cookie alone is refused.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from newsline.content.models import Article, Image, Section
from newsline.live.models import LiveEntry
from tests.api.conftest import bearer, issue_token
from tests.factories import png_bytes
from tests.security.addresses import Objects, every_pattern

pytestmark = pytest.mark.django_db


@pytest.fixture
def forger():
    """A browser session of a superuser: logged in, with no token from the page."""
    client = Client(enforce_csrf_checks=True)
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client


def csrf_refused(response) -> bool:
    return response.status_code == 403 and b"CSRF" in response.content


def test_every_newsroom_address_refuses_a_post_without_the_token(forger):
    objects = Objects()
    newsroom = [a for a in every_pattern() if a.route.startswith("newsroom/")]
    assert len(newsroom) > 80
    accepted = []
    for address in newsroom:
        path = objects.path(address)
        response = forger.post(path, {"text": "Forged", "post": "yes", "headline": "Forged"})
        if not csrf_refused(response):
            accepted.append(f"{path} ({address.key}): {response.status_code}")
    assert not accepted, "Accepted without a CSRF token:\n" + "\n".join(accepted)
    # Nothing was written: the forged entry, delete and headline never happened.
    assert not LiveEntry.objects.filter(body__contains="Forged").exists()
    assert Article.objects.filter(pk=objects.story.pk).exists()
    assert not Article.objects.filter(headline="Forged").exists()


def test_an_upload_logout_and_login_each_need_the_token(forger):
    section = Section.objects.create(slug="news", name_en="News")
    upload = {"file": _png(), "alt_text": "A forged picture", "focal_x": 0.5, "focal_y": 0.5}
    assert csrf_refused(forger.post("/newsroom/content/image/add/", upload))
    assert not Image.objects.exists()
    assert csrf_refused(forger.post("/newsroom/logout/"))
    assert forger.get("/newsroom/").status_code == 200  # still signed in
    anonymous = Client(enforce_csrf_checks=True)
    assert csrf_refused(anonymous.post("/newsroom/login/", {"username": "boss", "password": "pw"}))
    assert section.pk


def test_with_the_token_the_same_posts_go_through(forger):
    """The refusals above are CSRF's: the page's token makes the same request succeed."""
    forger.get("/newsroom/content/image/add/")
    token = forger.cookies["csrftoken"].value
    upload = {"file": _png(), "alt_text": "A picture", "focal_x": 0.5, "focal_y": 0.5,
              "csrfmiddlewaretoken": token}  # fmt: skip
    response = forger.post("/newsroom/content/image/add/", upload)
    assert response.status_code == 302 and Image.objects.count() == 1
    assert forger.post("/newsroom/logout/", {"csrfmiddlewaretoken": token}).status_code == 200
    assert forger.get("/newsroom/").status_code == 302  # signed out


def test_the_api_takes_writes_by_token_and_never_by_session_cookie(forger, settings):
    section = Section.objects.create(slug="news", name_en="News")
    draft = {"language": "en", "headline": "By cookie", "section_id": section.pk}
    response = forger.post("/api/v1/articles", draft, content_type="application/json")
    assert response.status_code == 401
    assert not Article.objects.exists()
    # A token is not ambient: a browser never adds it, so no CSRF token is needed with it.
    user = get_user_model().objects.get(username="boss")
    _, raw = issue_token(user, "write")
    draft["headline"] = "By token"
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/articles", draft, content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 201
    assert list(Article.objects.values_list("headline", flat=True)) == ["By token"]


def _png():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("picture.png", png_bytes(), content_type="image/png")
