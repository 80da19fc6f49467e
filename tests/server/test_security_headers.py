"""Hardened HTTP defaults: the Content Security Policy, the other security headers, check --deploy.

Every kind of response carries them: rendered reader pages, page-cache hits answered by the
ASGI front (which replays the stored headers), the API, feeds and the newsroom. Reader pages
carry no CSP nonce, since the page cache replays them to everyone; the newsroom's editor gets
a fresh one on each request.
"""

import base64
import hashlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import django_prose_editor
import pytest
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory

from newsline.pagecache.declare import depends_on
from newsline.pagecache.middleware import PageCacheMiddleware
from tests.factories import ArticleFactory, login
from tests.live.support import LiveEntryFactory, LiveStoryFactory
from tests.pagecache.conftest import cached, front_get
from tests.test_settings import settings_of

pytestmark = pytest.mark.django_db

NEVER_USED = ["camera", "microphone", "geolocation", "payment", "usb", "serial", "midi"]
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
}
IMPORT_MAP = re.compile(r'<script (?=[^>]*type="importmap")[^>]*nonce="([^"]+)"')


def directives(policy: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: [sources]}."""
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def features(header: str) -> dict[str, str]:
    """A Permissions-Policy header as {feature: allowlist}."""
    return dict(item.strip().split("=", 1) for item in header.split(","))


def assert_hardened(headers) -> None:
    """The response's headers (any mapping with lower-case keys) carry the whole set."""
    for name, value in HEADERS.items():
        assert headers[name] == value, name
    policy = directives(headers["content-security-policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no nonce, no 'unsafe-inline'
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    refused = features(headers["permissions-policy"])
    for feature in NEVER_USED:
        assert refused[feature] == "()", feature


def lowered(response) -> dict[str, str]:
    return {name.lower(): value for name, value in response.headers.items()}


# --- The policy on every kind of response --------------------------------------------------


def test_a_reader_page_and_its_page_cache_hit_carry_the_headers_and_no_nonce(client):
    url = ArticleFactory(headline="Harbour reopens").get_absolute_url()
    rendered = client.get(url)
    assert rendered.status_code == 200
    assert_hardened(lowered(rendered))
    assert b"nonce" not in rendered.content
    hit = front_get(url)
    assert hit.served_by_front and hit.headers["x-page-cache"] == "hit"
    assert_hardened(hit.headers)
    assert b"nonce" not in hit.body


def test_a_live_story_with_a_youtube_entry_needs_only_the_framed_player(client):
    story = LiveStoryFactory()
    LiveEntryFactory(article=story, embed_url="https://youtu.be/dQw4w9WgXcQ")
    response = client.get(story.get_absolute_url())
    frame = re.search(rb'<iframe src="([^"]+)"', response.content)[1].decode()
    origin = "https://" + urlsplit(frame).hostname
    assert directives(response["Content-Security-Policy"])["frame-src"] == [origin]
    assert_hardened(lowered(response))
    # JSON-LD is a data block (not run, so not governed by script-src): it needs no nonce.
    assert b'<script type="application/ld+json">' in response.content


@pytest.mark.parametrize("url", ["/en/feed/rss/", "/en/feed/atom/", "/sitemap.xml"])
def test_feeds_carry_the_headers(client, url):
    ArticleFactory()
    response = client.get(url)
    assert response.status_code == 200
    assert_hardened(lowered(response))


def test_the_api_carries_the_headers(client):
    ArticleFactory()
    for url in ("/api/v1/articles?edition=en", "/api/v1/openapi.json", "/api/v1/nowhere"):
        assert_hardened(lowered(client.get(url)))


def test_the_api_docs_need_nothing_from_other_sites(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert_hardened(lowered(response))
    page = response.content.decode()
    assert '"validatorUrl": null' in page  # Swagger UI's badge would load from swagger.io
    assert "https://" not in page and "<script>" not in page and "style=" not in page


def test_the_newsroom_login_page_carries_the_headers_and_no_nonce(client):
    response = client.get("/newsroom/login/")
    assert response.status_code == 200
    assert_hardened(lowered(response))
    assert b"nonce" not in response.content


# --- The newsroom's nonce ------------------------------------------------------------------


def editor_nonce(response) -> str:
    """The nonce of the article editor's import map, checked against the header's."""
    assert response.status_code == 200
    in_page = IMPORT_MAP.search(response.content.decode())[1]
    assert f"'nonce-{in_page}'" in directives(response["Content-Security-Policy"])["script-src"]
    return in_page


def test_the_article_editor_gets_a_fresh_nonce_on_every_request(client):
    login(client, "editor")
    article = ArticleFactory()
    change = f"/newsroom/content/article/{article.pk}/change/"
    nonces = {editor_nonce(client.get(change)) for _ in range(3)}
    nonces.add(editor_nonce(client.get("/newsroom/content/article/add/")))
    assert len(nonces) == 4 and all(len(base64.b64decode(n)) == 16 for n in nonces)
    # Pages without an inline script get none.
    listing = client.get("/newsroom/content/article/")
    assert "nonce" not in listing["Content-Security-Policy"]
    assert_hardened(lowered(listing))


def test_a_page_that_used_a_nonce_is_never_stored_for_other_readers():
    """A later template using the nonce on a reader page costs the cache, not the policy."""

    def view(request):
        depends_on(request, "article:1")
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    request = RequestFactory().get("/en/nonce/")
    response = PageCacheMiddleware(CSPMiddleware(view))(request)
    assert "'nonce-" in response["Content-Security-Policy"]
    assert "public" not in response.get("Cache-Control", "")
    assert not cached("/en/nonce/")


# --- The policy matches what the pages use -------------------------------------------------


def test_the_editor_style_hash_is_that_of_the_installed_editor():
    """django-prose-editor injects Tiptap's base rules as a <style>; its hash is allowed.

    An upgrade that changes those rules fails here: put the new hash in settings
    (PROSE_EDITOR_STYLE_HASH); tests/browser/test_csp.py shows the editor under the policy.
    """
    bundle = Path(django_prose_editor.__file__).parent / "static/django_prose_editor/editor.js"
    source = bundle.read_text()
    rules = source.index(".ProseMirror {\n  position: relative;")
    css = source[rules : source.index("`", rules)]
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" == settings.PROSE_EDITOR_STYLE_HASH
    assert settings.PROSE_EDITOR_STYLE_HASH in directives(build_policy())["style-src"]


def test_the_youtube_player_host_is_the_one_frame_src_allows():
    entry = LiveEntryFactory(embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    html = render_to_string("reader/_live_entry.html", {"entry": entry})
    frame = re.search(r'<iframe src="([^"]+)"', html)[1]
    assert directives(build_policy())["frame-src"] == ["https://" + urlsplit(frame).hostname]


# --- HTTPS in production -------------------------------------------------------------------


def production_env(tmp_path, **extra) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "DATABASE_URL", "REDIS_URL") and not key.startswith("NEWSLINE_")
    }
    return (
        env
        | {
            "NEWSLINE_DATA_DIR": str(tmp_path),
            "NEWSLINE_HTTPS": "1",
            "NEWSLINE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "news.example.org",
            "DJANGO_SETTINGS_MODULE": "newsline.settings",
        }
        | extra
    )


def check_deploy(env) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_in_production(tmp_path):
    result = check_deploy(production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout
    # The silenced check is HSTS preloading, a choice left to the domain's owner:
    preloaded = check_deploy(production_env(tmp_path, NEWSLINE_HSTS_PRELOAD="1"))
    assert preloaded.returncode == 0, preloaded.stderr
    assert "no issues (0 silenced)" in preloaded.stdout


def test_https_settings_come_from_the_environment(tmp_path):
    expression = (
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_PROXY_SSL_HEADER, "
        "settings.SECURE_HSTS_PRELOAD"
    )
    local = settings_of({"NEWSLINE_DATA_DIR": str(tmp_path)}, expression)
    assert local.stdout.strip() == "False None False", local.stderr
    https = {"NEWSLINE_DATA_DIR": str(tmp_path), "NEWSLINE_HTTPS": "1"}
    assert settings_of(https, expression).stdout.strip() == "True None False"
    behind_proxy = https | {"NEWSLINE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}
    assert settings_of(
        behind_proxy | {"NEWSLINE_HSTS_PRELOAD": "1"}, expression
    ).stdout.strip() == ("True ('HTTP_X_FORWARDED_PROTO', 'https') True")
    redirected_by_proxy = https | {"NEWSLINE_SSL_REDIRECT": "0"}
    assert settings_of(redirected_by_proxy, expression).stdout.startswith("False")


def test_check_deploy_still_warns_about_a_real_gap(tmp_path):
    result = check_deploy(production_env(tmp_path, NEWSLINE_SSL_REDIRECT="0"))
    assert result.returncode != 0 and "security.W008" in result.stderr


def test_over_https_plain_http_is_redirected_and_the_proxy_header_is_trusted(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    url = ArticleFactory().get_absolute_url()
    plain = client.get(url)
    assert plain.status_code == 301 and plain["Location"] == f"https://testserver{url}"
    secure = client.get(url, headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200 and secure["Strict-Transport-Security"] == "max-age=3600"
    assert_hardened(lowered(secure))
