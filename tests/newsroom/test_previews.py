"""Preview links: signed, expiring, for anyone who holds one, and never cached or indexed."""

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.core import signing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsline.newsroom.previews import (
    SALT,
    PreviewLinkExpired,
    PreviewLinkInvalid,
    check_preview_token,
    preview_token,
    preview_url,
)
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 4, 23, 21, 0, tzinfo=UTC)
DAMAGED = "This preview link is damaged or incomplete."


def token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def assert_private(response):
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


class TestValidLinks:
    def test_show_a_draft_as_readers_will_see_it_without_a_login(self, client):
        draft = ArticleFactory(
            headline="Budget leak",
            body="<p>Secret figures.</p>",
            status="draft",
            publish_at=None,
            section=SectionFactory(slug="economy", name_en="Economy"),
        )
        url = preview_url(draft)
        assert url.startswith("/en/preview/")
        response = client.get(url)
        assert response.status_code == 200
        assert_private(response)
        html = response.content.decode()
        assert '<meta name="robots" content="noindex">' in html
        assert 'rel="canonical"' not in html and 'hreflang="' not in html.split("</head>")[0]
        assert '<h1 class="story__headline">Budget leak</h1>' in html
        assert "<p>Secret figures.</p>" in html
        notice = html.split('<p class="preview-notice">', 1)[1].split("</p>", 1)[0]
        assert "Preview — not published" in notice and "draft" in notice
        # The draft's own address still answers 404 to readers.
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_keep_showing_the_latest_text(self, client):
        draft = ArticleFactory(headline="First take", status="draft", publish_at=None)
        url = preview_url(draft)
        draft.headline = "Second take"
        draft.save()
        html = client.get(url).content.decode()
        assert "Second take" in html and "First take" not in html

    @pytest.mark.parametrize(
        ("fields", "says"),
        [
            ({"status": "review", "publish_at": None}, "in review"),
            ({"status": "published", "publish_at": NOW + timedelta(days=1)}, "01:00 25.04.2024"),
            ({"status": "published", "publish_at": NOW - timedelta(hours=1)}, "is published"),
            ({"status": "withdrawn"}, "withdrawn"),
        ],
        ids=["review", "scheduled", "published", "withdrawn"],
    )
    @time_machine.travel(NOW, tick=False)
    def test_work_in_every_state_and_say_which(self, client, fields, says):
        article = ArticleFactory(headline="Any state", **fields)
        response = client.get(preview_url(article))
        assert response.status_code == 200
        assert_private(response)
        notice = response.content.decode().split('<p class="preview-notice">', 1)[1]
        assert says in notice.split("</p>", 1)[0]

    def test_open_in_the_articles_edition(self, client):
        article = ArticleFactory(language="az", headline="Qaralama", status="draft")
        url = preview_url(article)
        assert url.startswith("/az/preview/")
        html = client.get(url).content.decode()
        assert '<html lang="az">' in html and "Qaralama" in html
        # A link whose edition was changed by hand leads to the right one.
        response = client.get(url.replace("/az/", "/en/", 1))
        assert (response.status_code, response["Location"]) == (302, url)
        assert_private(response)

    def test_keep_working_until_they_expire(self, client):
        with time_machine.travel(NOW, tick=False):
            url = preview_url(ArticleFactory(status="draft"), expires_in=timedelta(hours=3))
        with time_machine.travel(NOW + timedelta(hours=3) - timedelta(seconds=1), tick=False):
            assert client.get(url).status_code == 200


class TestRefusedLinks:
    @pytest.mark.parametrize("expires_in", [timedelta(days=2), timedelta(minutes=10)])
    def test_expired_links_are_gone_and_say_what_to_do(self, client, expires_in):
        with time_machine.travel(NOW, tick=False):
            url = preview_url(ArticleFactory(status="draft"), expires_in=expires_in)
        with time_machine.travel(NOW + expires_in, tick=False):
            response = client.get(url)
        assert response.status_code == 410
        assert_private(response)
        html = response.content.decode()
        assert "This preview link has expired; ask the newsroom for a new one." in html
        assert '<meta name="robots" content="noindex">' in html

    def test_the_default_lifetime_is_two_days(self, client):
        with time_machine.travel(NOW, tick=False):
            url = preview_url(ArticleFactory(status="draft"))
        with time_machine.travel(NOW + timedelta(days=2, seconds=-1), tick=False):
            assert client.get(url).status_code == 200
        with time_machine.travel(NOW + timedelta(days=2), tick=False):
            assert client.get(url).status_code == 410

    def test_a_deleted_article_is_not_found(self, client):
        article = ArticleFactory(status="draft")
        url = preview_url(article)
        article.delete()
        response = client.get(url)
        assert response.status_code == 404
        assert_private(response)

    def test_links_cannot_be_made_for_another_article(self, client):
        mine = ArticleFactory(status="draft", headline="Mine")
        theirs = ArticleFactory(status="draft", headline="Theirs")
        token = token_of(preview_url(mine))
        signature = token.rsplit(":", 1)[1]
        # The other article's payload with this link's signature, and other-salt signatures.
        forged_payload = token_of(preview_url(theirs)).rsplit(":", 1)[0]
        forged = [
            f"{forged_payload}:{signature}",
            signing.dumps({"a": theirs.pk, "e": 2**40}),
            signing.dumps({"a": theirs.pk, "e": 2**40}, salt=SALT + "x"),
        ]
        for token in forged:
            response = client.get(f"/en/preview/{token}/")
            assert response.status_code == 400, token
            assert "Theirs" not in response.content.decode()

    @pytest.mark.parametrize(
        "damage",
        [
            lambda t: t[:-1],  # cut short
            lambda t: t[: len(t) // 2],
            lambda t: t.rsplit(":", 1)[0],  # no signature
            lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # one character changed
            lambda t: "x" + t,
            lambda t: t.replace(":", "::", 1),
        ],
        ids=["truncated", "half", "unsigned", "altered", "prefixed", "extra colon"],
    )
    def test_damaged_links_are_bad_requests_with_a_clear_message(self, client, damage):
        token = token_of(preview_url(ArticleFactory(status="draft")))
        response = client.get(f"/en/preview/{quote(damage(token), safe='')}/")
        assert response.status_code == 400
        assert_private(response)
        assert DAMAGED in response.content.decode()

    @pytest.mark.parametrize(
        "garbage",
        ["x", "::::", "%00", "..", "%E2%80%AE", "a" * 5000, "eyJhIjoxfQ:bad", "é:ü", "%25"],
    )
    def test_garbage_is_a_bad_request(self, client, garbage):
        response = client.get(f"/en/preview/{garbage}/")
        assert response.status_code == 400
        assert DAMAGED in response.content.decode()

    def test_payloads_of_another_shape_are_refused(self):
        for payload in [[1, 2], {"a": "1", "e": 2**40}, {"a": 1}, {"a": True, "e": 2**40}, 7]:
            with pytest.raises(PreviewLinkInvalid):
                check_preview_token(signing.dumps(payload, salt=SALT))

    @settings(
        max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(token=st.text(min_size=1, max_size=300))
    def test_no_input_is_a_server_error(self, client, token):
        response = client.get("/en/preview/" + quote(token, safe="") + "/")
        assert response.status_code in {400, 404}, token


def test_tokens_check_out_and_expire():
    with time_machine.travel(NOW, tick=False):
        token = preview_token(42, expires_in=timedelta(minutes=1))
        assert check_preview_token(token) == 42
    with (
        time_machine.travel(NOW + timedelta(minutes=1), tick=False),
        pytest.raises(PreviewLinkExpired),
    ):
        check_preview_token(token)


def test_a_link_must_expire_in_the_future():
    with pytest.raises(ValueError):
        preview_token(1, expires_in=timedelta(0))
