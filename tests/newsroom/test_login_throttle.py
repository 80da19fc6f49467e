"""Newsroom logins: locked out per account and per client address after repeated failures."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from tests.factories import login, newsroom_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PASSWORD = "pw-correct-horse"  # newsroom_user's


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def attempt(client, username, password, address="203.0.113.5", **headers):
    return client.post(
        "/newsroom/login/",
        {"username": username, "password": password, "next": "/newsroom/"},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(client) -> bool:
    return client.get("/newsroom/").status_code == 200


def test_a_correct_password_signs_in(client):
    user = newsroom_user("editor")
    response = attempt(client, user.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/newsroom/"
    assert signed_in(client)


def test_five_failures_lock_the_account_even_against_the_right_password(client):
    user = newsroom_user("editor")
    for _ in range(4):
        response = attempt(client, user.username, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    locked = attempt(client, user.username, "wrong")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.text
    assert "15 minutes" in locked.text
    assert locked["Retry-After"] == "900"

    right = attempt(client, user.username, PASSWORD)
    assert right.status_code == 429
    assert not signed_in(client)


def test_the_account_is_locked_from_every_address(client):
    user = newsroom_user("editor")
    for n in range(5):
        attempt(client, user.username, "wrong", address=f"198.51.100.{n}")
    assert attempt(client, user.username, PASSWORD, address="192.0.2.77").status_code == 429
    assert not signed_in(client)


def test_an_address_is_locked_whatever_the_account(client):
    for n in range(5):
        attempt(client, f"guess-{n}", "wrong", address="203.0.113.9")
    user = newsroom_user("editor")
    assert attempt(client, user.username, PASSWORD, address="203.0.113.9").status_code == 429
    # Another address, and the same account, still signs in.
    assert attempt(client, user.username, PASSWORD, address="203.0.113.10").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client):
    user = newsroom_user("editor")
    with time_machine.travel(NOW, tick=False) as clock:
        for _ in range(5):
            attempt(client, user.username, "wrong")
        clock.shift(timedelta(minutes=14))
        assert attempt(client, user.username, PASSWORD).status_code == 429
        # A failure while locked out starts the pause again, so the attempt above did.
        clock.shift(timedelta(minutes=15, seconds=1))
        assert attempt(client, user.username, PASSWORD).status_code == 302


def test_the_lockout_page_speaks_the_newsroom_language(client):
    for n in range(5):
        attempt(client, f"guess-{n}", "wrong", HTTP_ACCEPT_LANGUAGE="ru")
    response = attempt(client, "guess-0", "wrong", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="ru"' in response.text


class TestBehindAProxy:
    @pytest.fixture(autouse=True)
    def _proxy(self, settings):
        settings.NEWSLINE_TRUSTED_PROXIES = ["10.0.0.1"]

    def test_a_trusted_proxy_names_the_client(self, client):
        for n in range(5):
            attempt(client, f"guess-{n}", "wrong", address="10.0.0.1",
                    HTTP_X_FORWARDED_FOR="203.0.113.50")  # fmt: skip
        assert AccessAttempt.objects.filter(ip_address="203.0.113.50").exists()
        user = newsroom_user("editor")
        # The locked-out client, through the proxy: refused.
        blocked = attempt(client, user.username, PASSWORD, address="10.0.0.1",
                          HTTP_X_FORWARDED_FOR="203.0.113.50")  # fmt: skip
        assert blocked.status_code == 429
        # Another client behind the same proxy is not locked out with it.
        other = attempt(client, user.username, PASSWORD, address="10.0.0.1",
                        HTTP_X_FORWARDED_FOR="203.0.113.51")  # fmt: skip
        assert other.status_code == 302

    def test_an_untrusted_peer_cannot_choose_its_address(self, client):
        for n in range(5):
            # A forged header from a client that is not the proxy counts for the peer.
            attempt(client, f"guess-{n}", "wrong", address="198.51.100.7",
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")  # fmt: skip
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
        user = newsroom_user("editor")
        forged = attempt(client, user.username, PASSWORD, address="198.51.100.7",
                         HTTP_X_FORWARDED_FOR="192.0.2.200")  # fmt: skip
        assert forged.status_code == 429

    def test_a_proxy_forwarding_nonsense_counts_as_itself(self, client):
        response = attempt(client, "someone", "wrong", address="10.0.0.1",
                           HTTP_X_FORWARDED_FOR="not-an-address, ünïcode")  # fmt: skip
        assert response.status_code == 200
        assert AccessAttempt.objects.get().ip_address == "10.0.0.1"


class TestUnlocking:
    def lock_out(self, client, username):
        for _ in range(5):
            attempt(client, username, "wrong")
        assert attempt(client, username, PASSWORD).status_code == 429

    def test_a_chief_editor_unlocks_an_account_in_the_newsroom(self, client):
        user = newsroom_user("editor")
        self.lock_out(Client(), user.username)
        chief = Client()
        login(chief, "chief editor")
        listing = chief.get("/newsroom/axes/accessattempt/")
        assert listing.status_code == 200 and user.username in listing.text
        ids = list(AccessAttempt.objects.values_list("pk", flat=True))
        response = chief.post(
            "/newsroom/axes/accessattempt/",
            {"action": "unlock", "_selected_action": ids},
        )
        assert response.status_code == 302
        assert attempt(client, user.username, PASSWORD).status_code == 302

    def test_only_chief_editors_see_lockouts(self, client):
        login(client, "editor")
        assert client.get("/newsroom/axes/accessattempt/").status_code == 403
        index = client.get("/newsroom/").text
        assert "/newsroom/axes/" not in index

    def test_the_newsline_command_unlocks_an_account(self, client):
        user = newsroom_user("editor")
        self.lock_out(client, user.username)
        call_command("axes_reset_username", user.username)
        assert attempt(client, user.username, PASSWORD).status_code == 302


class TestOtherLogins:
    def test_force_login_is_untouched(self, client):
        user = newsroom_user("editor")
        client.force_login(user)
        assert signed_in(client)

    def test_client_login_needs_a_request_to_throttle(self, client):
        # axes counts failures per request (account and address); the test client's login
        # passes one when asked.
        user = newsroom_user("editor")
        assert client.login(request=HttpRequest(), username=user.username, password=PASSWORD)
        assert signed_in(client)
