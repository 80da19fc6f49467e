"""Password reset by email: the same answer for every address, a link that works once and
expires, and a limit on requests."""

import re
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client

from tests.factories import newsroom_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def editor():
    user = newsroom_user("editor")
    user.email = "editor@example.org"
    user.save()
    return user


def ask_reset(client, email, address="203.0.113.5"):
    return client.post("/newsroom/password-reset/", {"email": email}, REMOTE_ADDR=address)


def run_worker():
    """Run `newsline worker --batch`, which sends the queued mail, inside the test's
    transaction (the worker's closing of stale connections would close the test's own)."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=True, lease=60, interval=0)


def reset_link() -> str:
    run_worker()
    (message,) = mail.outbox
    return re.search(r"https?://[^/\s]+(/newsroom/reset/\S+/)", message.body).group(1)


def choose_password(client, link, password="a-new-long-passphrase"):
    form = client.get(link, follow=True)
    if not form.context["validlink"]:
        return form
    return client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
    )


class TestAsking:
    def test_the_login_page_links_to_it(self, client):
        html = client.get("/newsroom/login/").text
        assert 'href="/newsroom/password-reset/"' in html
        form = client.get("/newsroom/password-reset/")
        assert form.status_code == 200
        assert "Newsline newsroom" in form.text  # the admin's look and header

    def test_known_and_unknown_addresses_get_the_same_answer(self, client, editor):
        known = ask_reset(Client(), "editor@example.org")
        unknown = ask_reset(Client(), "nobody@example.org")
        assert (known.status_code, known["Location"], known.content) == (
            unknown.status_code,
            unknown["Location"],
            unknown.content,
        )
        assert known.status_code == 302
        sent_known = Client().get(known["Location"])
        sent_unknown = Client().get(unknown["Location"])
        assert sent_known.status_code == sent_unknown.status_code == 200
        assert sent_known.content == sent_unknown.content
        # The worker looks the address up and mails, so the answer costs the same for
        # both (no lookup, link or mail server in the request). Only the real address
        # receives mail.
        assert mail.outbox == []
        run_worker()
        assert [m.to for m in mail.outbox] == [["editor@example.org"]]

    def test_the_mail_names_the_newsroom_and_carries_a_link(self, client, editor, settings):
        settings.NEWSLINE_SITE_NAME = "Daily Example"
        ask_reset(client, "EDITOR@example.org")
        run_worker()
        (message,) = mail.outbox
        assert "Daily Example" in message.body
        assert editor.username in message.body
        assert reset_link().startswith("/newsroom/reset/")

    def test_the_mail_speaks_the_language_of_the_person_asking(self, client, editor):
        client.post(
            "/newsroom/password-reset/", {"email": "editor@example.org"}, HTTP_ACCEPT_LANGUAGE="ru"
        )
        run_worker()
        (message,) = mail.outbox
        assert "Please go to the following page" not in message.body
        assert re.search("[а-я]{4,}", message.body)

    def test_requests_are_limited_per_client_address(self, client, editor, settings):
        settings.NEWSLINE_PASSWORD_RESETS_PER_HOUR = 3
        for n in range(3):
            assert ask_reset(client, f"someone-{n}@example.org").status_code == 302
        refused = ask_reset(client, "editor@example.org")
        assert refused.status_code == 429
        assert "Too many password reset requests" in refused.text
        run_worker()
        assert mail.outbox == []
        assert ask_reset(client, "editor@example.org", address="203.0.113.6").status_code == 302

    def test_requests_are_limited_per_email_address_alike_for_known_and_unknown(
        self, client, editor, settings
    ):
        settings.NEWSLINE_PASSWORD_RESETS_PER_HOUR = 2
        for email in ("editor@example.org", "nobody@example.org"):
            answers = [ask_reset(client, email, address=f"198.51.100.{n}") for n in range(3)]
            assert [a.status_code for a in answers] == [302, 302, 429]
        run_worker()
        assert len(mail.outbox) == 2

    def test_with_the_cache_down_the_form_still_answers(self, client, editor, settings):
        from unittest import mock

        settings.NEWSLINE_PASSWORD_RESETS_PER_HOUR = 1
        # django-redis with IGNORE_EXCEPTIONS answers None for what it cannot reach.
        with mock.patch("newsline.server.ratelimit.cache") as down:
            down.add.return_value = down.incr.return_value = None
            assert ask_reset(client, "editor@example.org").status_code == 302
            assert ask_reset(client, "editor@example.org").status_code == 302

    def test_the_limit_lifts_after_an_hour(self, client, editor, settings):
        settings.NEWSLINE_PASSWORD_RESETS_PER_HOUR = 1
        with time_machine.travel(NOW, tick=False) as clock:
            assert ask_reset(client, "editor@example.org").status_code == 302
            assert ask_reset(client, "editor@example.org").status_code == 429
            clock.shift(timedelta(hours=1, seconds=1))
            assert ask_reset(client, "editor@example.org").status_code == 302


class TestTheLink:
    def test_it_sets_a_new_password_once(self, client, editor):
        ask_reset(client, "editor@example.org")
        link = reset_link()
        done = choose_password(client, link)
        assert done.status_code == 302
        assert done["Location"] == "/newsroom/reset/done/"
        assert "Log in" in client.get(done["Location"]).text
        editor.refresh_from_db()
        assert editor.check_password("a-new-long-passphrase")

        again = choose_password(Client(), link, "yet-another-passphrase")
        assert again.status_code == 200
        assert "The password reset link was invalid" in again.text
        editor.refresh_from_db()
        assert editor.check_password("a-new-long-passphrase")

    def test_a_new_password_ends_the_account_s_lockout(self, client, editor, settings):
        settings.AXES_FAILURE_LIMIT = 2
        login_as = {"username": editor.username, "next": "/newsroom/"}
        for _ in range(2):
            client.post("/newsroom/login/", {**login_as, "password": "wrong"},
                        REMOTE_ADDR="203.0.113.70")  # fmt: skip
        new_password = {**login_as, "password": "a-new-long-passphrase"}
        assert Client().post("/newsroom/login/", new_password).status_code == 429
        ask_reset(client, "editor@example.org")
        assert choose_password(client, reset_link()).status_code == 302
        assert Client().post("/newsroom/login/", new_password).status_code == 302

    def test_a_new_password_ends_the_account_s_other_sessions(self, client, editor):
        elsewhere = Client()
        elsewhere.force_login(editor)
        assert elsewhere.get("/newsroom/").status_code == 200
        ask_reset(client, "editor@example.org")
        assert choose_password(client, reset_link()).status_code == 302
        assert elsewhere.get("/newsroom/").status_code == 302

    def test_it_expires(self, client, editor, settings):
        settings.PASSWORD_RESET_TIMEOUT = 3600
        with time_machine.travel(NOW, tick=False) as clock:
            ask_reset(client, "editor@example.org")
            link = reset_link()  # mailed at once
            clock.shift(timedelta(seconds=3601))
            expired = choose_password(client, link)
        assert "The password reset link was invalid" in expired.text
        editor.refresh_from_db()
        assert editor.check_password("pw-correct-horse")

    def test_a_forged_link_is_refused_without_an_error(self, client):
        response = client.get("/newsroom/reset/MQ/forged-token/", follow=True)
        assert response.status_code == 200
        assert "The password reset link was invalid" in response.text
