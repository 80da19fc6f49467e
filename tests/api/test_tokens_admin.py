"""API tokens in the newsroom admin: chief editors issue and revoke them."""

import pytest
from django.contrib.messages import get_messages

from newsline.api.models import ApiToken
from tests.factories import newsroom_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(client):
    user = newsroom_user("chief editor")
    client.force_login(user)
    return user


def test_chief_issues_a_token_and_sees_the_secret_once(client, chief):
    reporter = newsroom_user("reporter")
    response = client.post(
        "/newsroom/api/apitoken/add/", {"name": "CMS bridge", "user": reporter.pk, "scope": "write"}
    )
    assert response.status_code == 302, response.content
    token = ApiToken.objects.get()
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    raw = next(m for m in shown if token.prefix in m).rsplit(" ", 1)[1]
    assert ApiToken.authenticate(raw) == token
    assert raw.split(".", 1)[1] not in token.secret_hash  # only the hash is stored


def test_chief_revokes_tokens(client, chief):
    token = ApiToken(name="old", user=chief, scope="read")
    raw = token.set_new_secret()
    token.save()
    response = client.post(
        "/newsroom/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.authenticate(raw) is None


def test_editors_cannot_manage_tokens(client):
    client.force_login(newsroom_user("editor"))
    assert client.get("/newsroom/api/apitoken/").status_code == 403
