"""Two-factor sign-in to the newsroom: setup with a QR code, codes at login, removal, and
the requirement for chief editors."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import login, newsroom_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PASSWORD = "pw-correct-horse"  # newsroom_user's


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def code_for(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows now."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrolled(role="editor") -> tuple:
    user = newsroom_user(role)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user, device


def sign_in(client, user, code=""):
    return client.post(
        "/newsroom/login/",
        {"username": user.username, "password": PASSWORD, "otp_token": code, "next": "/newsroom/"},
    )


class TestSetup:
    def test_the_page_shows_a_qr_code_and_the_secret_without_inline_script_or_style(
        self, client, clock
    ):
        user = login(client, "reporter")
        response = client.get("/newsroom/two-factor/")
        assert response.status_code == 200
        html = response.text
        assert re.search(r"<svg[^>]*viewBox", html)
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        secret = response.context["secret"].replace(" ", "")
        assert secret and secret in html.replace(" ", "")
        from base64 import b32decode

        assert b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
        # The strict CSP allows neither inline scripts nor style attributes.
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert " style=" not in html
        # Reloading the page keeps the same secret (the app may already hold it).
        assert client.get("/newsroom/two-factor/").context["secret"].replace(" ", "") == secret

    def test_a_wrong_code_does_not_turn_it_on(self, client, clock):
        user = login(client, "reporter")
        client.get("/newsroom/two-factor/")
        response = client.post("/newsroom/two-factor/", {"code": "000000"})
        assert response.status_code == 200
        assert "That code is not valid" in response.text
        assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()

    def test_a_valid_code_turns_it_on(self, client, clock):
        user = login(client, "reporter")
        client.get("/newsroom/two-factor/")
        device = TOTPDevice.objects.get(user=user)
        response = client.post("/newsroom/two-factor/", {"code": code_for(device)})
        assert response.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        # This session was verified by the code: the newsroom stays open.
        assert client.get("/newsroom/").status_code == 200
        assert "Two-factor sign-in is on" in client.get("/newsroom/two-factor/").text

    def test_the_newsroom_links_to_it(self, client):
        login(client, "reporter")
        assert 'href="/newsroom/two-factor/"' in client.get("/newsroom/").text


class TestLogin:
    def test_without_two_factor_no_code_is_asked(self, client):
        user = newsroom_user("editor")
        assert sign_in(client, user).status_code == 302

    def test_a_code_is_required(self, client, clock):
        user, _device = enrolled()
        response = sign_in(client, user)
        assert response.status_code == 200
        assert "Enter the six-digit code" in response.text
        assert client.get("/newsroom/").status_code == 302

    def test_a_wrong_code_is_refused(self, client, clock):
        user, device = enrolled()
        wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
        response = sign_in(client, user, wrong)
        assert response.status_code == 200
        assert "That code is not valid" in response.text
        assert client.get("/newsroom/").status_code == 302

    def test_the_current_code_signs_in(self, client, clock):
        user, device = enrolled()
        assert sign_in(client, user, code_for(device)).status_code == 302
        assert client.get("/newsroom/").status_code == 200

    def test_a_code_cannot_be_used_twice(self, client, clock):
        user, device = enrolled()
        code = code_for(device)
        assert sign_in(client, user, code).status_code == 302
        clock.shift(timedelta(seconds=5))
        other = Client()
        replay = sign_in(other, user, code)
        assert replay.status_code == 200
        assert other.get("/newsroom/").status_code == 302
        # The next code, half a minute later, works.
        clock.shift(timedelta(seconds=30))
        assert sign_in(Client(), user, code_for(device)).status_code == 302

    def test_a_session_without_the_code_is_not_let_in(self, client):
        # Signed in before setting up two-factor elsewhere, or by any path but the form.
        user, _device = enrolled()
        client.force_login(user)
        response = client.get("/newsroom/")
        assert response.status_code == 302
        assert response["Location"].startswith("/newsroom/login/")


class TestRemoval:
    def test_a_valid_code_removes_it(self, client, clock):
        user, device = enrolled()
        sign_in(client, user, code_for(device))
        clock.shift(timedelta(seconds=30))
        response = client.post("/newsroom/two-factor/remove/", {"code": code_for(device)})
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=user).exists()
        assert client.get("/newsroom/").status_code == 200
        assert sign_in(Client(), user).status_code == 302

    def test_a_wrong_code_keeps_it(self, client, clock):
        user, device = enrolled()
        sign_in(client, user, code_for(device))
        response = client.post("/newsroom/two-factor/remove/", {"code": "12345"})
        assert response.status_code == 200
        assert "That code is not valid" in response.text
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class TestRequiredForChiefs:
    @pytest.fixture(autouse=True)
    def _required(self, settings):
        settings.NEWSLINE_TOTP_REQUIRED_FOR_CHIEFS = True

    @pytest.mark.parametrize("path", ["/newsroom/", "/newsroom/content/article/"])
    def test_a_chief_without_it_is_sent_to_set_it_up(self, client, path):
        login(client, "chief editor")
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/newsroom/two-factor/"
        page = client.get("/newsroom/two-factor/")
        assert page.status_code == 200
        assert "Chief editors sign in with a code" in page.text

    def test_a_chief_may_still_log_out(self, client):
        login(client, "chief editor")
        assert client.post("/newsroom/logout/").status_code == 200
        assert client.get("/newsroom/").status_code == 302
        assert client.get("/newsroom/")["Location"].startswith("/newsroom/login/")

    def test_after_setup_the_newsroom_opens(self, client, clock):
        user = login(client, "chief editor")
        client.get("/newsroom/two-factor/")
        device = TOTPDevice.objects.get(user=user)
        client.post("/newsroom/two-factor/", {"code": code_for(device)})
        assert client.get("/newsroom/content/article/").status_code == 200

    def test_editors_are_not_required(self, client):
        login(client, "editor")
        assert client.get("/newsroom/").status_code == 200

    def test_without_the_setting_chiefs_are_not_required(self, client, settings):
        settings.NEWSLINE_TOTP_REQUIRED_FOR_CHIEFS = False
        login(client, "chief editor")
        assert client.get("/newsroom/").status_code == 200


class TestChiefEditorsView:
    def test_a_chief_sees_who_has_it_but_never_a_secret(self, client):
        user, device = enrolled()
        login(client, "chief editor")
        listing = client.get("/newsroom/otp_totp/totpdevice/")
        assert listing.status_code == 200 and user.username in listing.text
        detail = client.get(f"/newsroom/otp_totp/totpdevice/{device.pk}/change/")
        assert detail.status_code == 200
        assert device.key not in detail.text
        assert "otpauth://" not in detail.text

    def test_a_chief_turns_it_off_for_a_lost_phone(self, client):
        user, device = enrolled()
        login(client, "chief editor")
        response = client.post(
            "/newsroom/otp_totp/totpdevice/",
            {"action": "turn_off", "_selected_action": [device.pk]},
        )
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=user).exists()
        assert sign_in(Client(), user).status_code == 302

    def test_editors_do_not_see_it(self, client):
        enrolled()
        login(client, "editor")
        assert client.get("/newsroom/otp_totp/totpdevice/").status_code == 403
