"""SQL metacharacters and junk in every reader, feed, sitemap and API parameter: never a 500.

Extends tests/reader/test_hostile_input.py: the addresses come from the URL resolver, every
path parameter and every query parameter each view reads is filled in turn, and the values
include numbers past what a database column holds. Values are sent as they travel on the
wire: percent-encoded, with raw %00 and invalid UTF-8 left as they are.
"""

from urllib.parse import quote

import pytest
from django.test import Client

from tests.security.addresses import Objects, every_pattern

pytestmark = pytest.mark.django_db

TEXT = [
    "'", '"', ";--", "' OR '1'='1", "1; DROP TABLE content_article;--", "\\", "%", "_", "*",
    "a" * 4000, "Ağ şəhər İĞDIR ıi", "Москва Ёлка", "🚨💥🧨", "\u202eevil\u202c", "אבג العربية",
    "-1", "0", "99999999999999999999", "-9223372036854775809", "1e309", "NaN", "2024-02-30",
    "9999-12-31T23:59:59", "../../etc/passwd", "NEAR(a b)", "{}", "[]", "null", " ",
]  # fmt: skip
WIRE = [quote(value, safe="") for value in TEXT] + ["%00", "%ff%fe", "%C0%AF", "%E2%80%AE", "a%00b"]
QUERY = {
    "reader:article": ["entries", "before"],
    "reader:search": ["q", "section", "kind", "date_from", "date_to", "after"],
    "api:list_articles": ["edition", "section", "tag", "author", "kind", "since", "cursor",
                          "limit"],
    "api:tags": ["edition"],
}  # fmt: skip
LISTINGS = {"reader:home", "reader:archive", "reader:day", "reader:section", "reader:tag",
            "reader:author"}  # fmt: skip
PUBLIC_PREFIXES = ("api/", "sitemap", "robots", "^media", "en/")


@pytest.fixture
def addresses():
    objects = Objects()
    return objects, [a for a in every_pattern() if a.route.startswith(PUBLIC_PREFIXES)]


def _fail(failures, path, response):
    if response.status_code >= 500:
        failures.append(f"{response.status_code} {path}")


def test_junk_in_every_query_parameter_is_answered_without_a_server_error(addresses, settings):
    settings.NEWSLINE_API_RATE_READS_PER_MINUTE = 1_000_000
    objects, found = addresses
    client, failures = Client(), []
    for address in found:
        names = QUERY.get(address.key) or (["before"] if address.key in LISTINGS else ["x"])
        path = objects.path(address)
        for name in names:
            for value in WIRE:
                target = f"{path}?{name}={value}"
                _fail(failures, target, client.get(target))
    assert not failures, "\n".join(failures)


def test_junk_in_every_path_parameter_is_answered_without_a_server_error(addresses, settings):
    settings.NEWSLINE_API_RATE_READS_PER_MINUTE = 1_000_000
    objects, found = addresses
    client, failures = Client(), []
    for address in found:
        real = objects.path(address)
        pattern = address.pattern.pattern
        names = list(pattern.converters) or list(pattern.regex.groupindex)
        for name in names:
            value = objects.value(address.key, name)
            for junk in WIRE:
                if address.key == "reader:article":  # /en/<pk>-<slug>/
                    mark = f"/{value}" if name == "pk" else f"-{value}"
                    target = real.replace(mark, mark[0] + junk, 1)
                else:
                    target = real.replace(value, junk, 1)
                assert target != real
                _fail(failures, target, client.get(target))
    assert not failures, "\n".join(failures)


def test_huge_and_negative_ids_in_newsroom_addresses_are_not_server_errors(client):
    from tests.factories import login

    objects = Objects()
    login(client, "chief editor")
    story = objects.story.pk
    failures = []
    for junk in ("99999999999999999999", "9223372036854775808", "-1", "0", "%00", "%ff"):
        for path in (
            f"/newsroom/content/article/{junk}/change/",
            f"/newsroom/content/article/{junk}/history/",
            f"/newsroom/content/article/{junk}/live/",
            f"/newsroom/content/article/{story}/live/{junk}/",
            f"/newsroom/content/article/{story}/restore/{junk}/",
            f"/newsroom/content/section/{junk}/change/",
            f"/newsroom/auth/user/{junk}/password/",
            f"/newsroom/r/{junk}/{junk}/",
            f"/newsroom/content/article/?q={junk}&status={junk}&p={junk}&o={junk}",
            f"/newsroom/content/article/?language={junk}&section__id__exact={junk}",
            f"/newsroom/content/tag/?language={junk}",
            f"/newsroom/webhooks/webhookdelivery/?status={junk}&endpoint__id__exact={junk}",
        ):
            _fail(failures, path, client.get(path))
            _fail(failures, path, client.post(path, {"text": junk, "base_version": junk}))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("text", ["a\x00b", "\x00", "\x01\x02\x1f"])
def test_an_autosave_of_control_characters_is_kept_without_them(client, text):
    from newsline.content.models import Revision
    from tests.factories import ArticleFactory, login

    login(client, "chief editor")
    draft = ArticleFactory(status="draft")
    response = client.post(
        f"/newsroom/content/article/{draft.pk}/autosave/",
        {"headline": f"Kept {text}", "body": text, "base_version": draft.version},
    )
    assert response.status_code == 200
    kept = Revision.objects.get(article=draft, kind=Revision.Kind.AUTOSAVE).data
    stripped = "".join(c for c in text if c >= " ")
    assert kept["headline"] == f"Kept {stripped}" and kept["body"] == stripped
