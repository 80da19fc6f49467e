import pytest
from django.test import Client

from newsline.api.models import ApiToken
from tests.factories import newsroom_user


def issue_token(user, scope="write", name="integration"):
    """A saved token for the user; returns (token, the full secret to send)."""
    token = ApiToken(name=name, user=user, scope=scope)
    raw = token.set_new_secret()
    token.save()
    return token, raw


@pytest.fixture
def api():
    return Client()


@pytest.fixture
def editor():
    return newsroom_user("editor")


@pytest.fixture
def write_token(editor):
    return issue_token(editor, "write")


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert isinstance(error["message"], str) and error["message"]
    if code:
        assert error["code"] == code
    return error
