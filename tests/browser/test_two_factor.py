"""Two-factor sign-in in a real browser: set up an authenticator, then log in with a code."""

from base64 import b32decode
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.test_newsroom import PASSWORD, log_in, problems
from tests.factories import newsroom_user

pytestmark = pytest.mark.usefixtures("newsroom_roles")


def app_code(secret_text: str) -> str:
    """What an authenticator app holding the typed-in secret shows now."""
    secret = secret_text.replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def test_set_up_two_factor_then_log_in_with_a_code(page, page_problems):
    user = newsroom_user("editor")
    # Frozen at the present (so the session cookie is current) for codes computed exactly;
    # the server runs in this process and sees the same clock.
    now = datetime.now(UTC).replace(microsecond=0)
    with time_machine.travel(now, tick=False) as clock:
        log_in(page, user)
        page.get_by_role("link", name="Two-factor sign-in").click()
        expect(page.locator(".qr-code svg")).to_be_visible()
        secret = page.locator("#two-factor-secret").inner_text()
        page.get_by_label("Code from the app").fill(app_code(secret))
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
        expect(page.locator(".messagelist")).to_contain_text("Two-factor sign-in is on")
        assert TOTPDevice.objects.get(user=user).confirmed

        page.get_by_role("button", name="Log out").click()
        clock.shift(timedelta(seconds=30))  # the next code; the one used is spent
        page.goto("/newsroom/login/")
        page.get_by_label("Username:", exact=True).fill(user.get_username())
        page.get_by_label("Password:", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.locator(".errornote")).to_contain_text("Enter the six-digit code")

        page.get_by_label("Password:", exact=True).fill(PASSWORD)
        page.get_by_label("Authentication code:", exact=True).fill(app_code(secret))
        page.get_by_role("button", name="Log in").click()
        expect(page.locator("#user-tools")).to_contain_text(user.get_username())
    assert problems(page_problems) == []
