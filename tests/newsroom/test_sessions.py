"""Newsroom sessions end: after SESSION_COOKIE_AGE, and on the server at logout."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from tests.factories import login

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_session_older_than_its_age_is_refused(client):
    with time_machine.travel(NOW, tick=False) as clock:
        login(client, "editor")
        clock.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
        assert client.get("/newsroom/").status_code == 200
        # The visit above did not extend it (sessions are saved only when they change).
        clock.shift(timedelta(seconds=61))
        response = client.get("/newsroom/")
    assert response.status_code == 302
    assert response["Location"].startswith("/newsroom/login/")


def test_logging_out_ends_the_session_on_the_server(client):
    login(client, "editor")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=cookie).exists()
    client.post("/newsroom/logout/")
    assert not Session.objects.filter(session_key=cookie).exists()
    # The old cookie, replayed by someone who kept it, opens nothing.
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert thief.get("/newsroom/").status_code == 302
