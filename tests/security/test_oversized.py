"""Bodies past the limits are refused with a 4xx that says so, never a 500, and nothing of
them is saved."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage

from newsline.content.models import Article, Image, Section
from newsline.live.models import LiveEntry
from tests.api.conftest import bearer, issue_token
from tests.factories import login, newsroom_user
from tests.live.support import LiveStoryFactory

pytestmark = pytest.mark.django_db


def test_a_form_field_past_the_memory_limit_is_a_bad_request(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    login(client, "editor")
    story = LiveStoryFactory()
    response = client.post(f"/newsroom/content/article/{story.pk}/live/", {"text": "x" * 200_000})
    assert response.status_code == 400
    assert not LiveEntry.objects.exists()


def test_too_many_form_fields_are_a_bad_request(client, settings):
    login(client, "editor")
    story = LiveStoryFactory()
    fields = {f"f{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(f"/newsroom/content/article/{story.pk}/live/", fields | {"text": "x"})
    assert response.status_code == 400
    assert not LiveEntry.objects.exists()


def test_too_many_files_are_a_bad_request(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    login(client, "reporter")
    files = [SimpleUploadedFile(f"p{i}.png", b"x", content_type="image/png") for i in range(5)]
    response = client.post("/newsroom/content/image/add/", {"file": files, "alt_text": "x"})
    assert response.status_code == 400
    assert not Image.objects.exists()


def test_the_login_form_refuses_an_oversized_password_without_an_error(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    response = Client().post("/newsroom/login/", {"username": "a", "password": "p" * 200_000})
    assert response.status_code == 400


def test_an_api_body_past_its_limit_is_413_and_nothing_is_written(settings):
    settings.NEWSLINE_API_MAX_BODY_BYTES = 10_000
    _, raw = issue_token(newsroom_user("editor"), "write")
    section = Section.objects.create(slug="news", name_en="News")
    body = {"language": "en", "headline": "Big", "section_id": section.pk, "body": "x" * 20_000}
    response = Client().post(
        "/api/v1/articles", json.dumps(body), content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert not Article.objects.exists()


def test_an_api_body_within_the_limit_is_taken(settings):
    """The refusal above is the size's: the same request, smaller, goes through."""
    settings.NEWSLINE_API_MAX_BODY_BYTES = 10_000
    _, raw = issue_token(newsroom_user("editor"), "write")
    section = Section.objects.create(slug="news", name_en="News")
    body = {"language": "en", "headline": "Small", "section_id": section.pk, "body": "x" * 5_000}
    response = Client().post(
        "/api/v1/articles", json.dumps(body), content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 201


def test_an_upload_past_the_size_limit_is_refused_and_nothing_is_stored(client, settings):
    settings.NEWSLINE_MAX_UPLOAD_BYTES = 50_000
    login(client, "reporter")
    noise = PILImage.effect_noise((400, 400), 80).convert("RGB")
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert out.tell() > 50_000
    upload = SimpleUploadedFile("noise.png", out.getvalue(), content_type="image/png")
    form = {"file": upload, "alt_text": "Noise", "focal_x": 0.5, "focal_y": 0.5}
    response = client.post("/newsroom/content/image/add/", form)
    assert response.status_code == 200  # the form again, saying why
    assert "larger than" in str(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()
