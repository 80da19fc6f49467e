"""Every address of the project, asked by every role, answers as the permission table says.

The addresses come from the URL resolver itself, so a new view without a line in
tests/security/permission_table.py fails here by name. Where an entry names the action of
newsline.newsroom.permissions it stands for, the roles it lets in must be the action's.
"""

import pytest
from django.test import Client
from django.urls import reverse

from newsline.newsroom.permissions import can
from tests.factories import newsroom_user
from tests.security.addresses import ROLES, Objects, every_pattern
from tests.security.permission_table import ALLOWED, FRONT, TABLE

pytestmark = pytest.mark.django_db

# What a POST sends where an empty form would stop before the permission is asked.
POST_DATA = {
    "admin:content_article_live": {"text": "The count goes on."},
    "admin:content_article_live_edit": {"text": "The count went on."},
    "admin:content_article_autosave": {"headline": "A headline being typed"},
    "admin:login": {"username": "nobody", "password": "wrong"},
}


def outcome(response) -> str:
    status = response.status_code
    if 300 <= status < 400:
        return "login" if response["Location"].startswith(reverse("admin:login")) else "ok"
    return {401: "denied", 403: "denied", 404: "missing", 405: "no such method"}.get(
        status, "ok" if status < 300 else str(status)
    )


def test_every_address_answers_every_role_as_the_table_says(settings):
    settings.NEWSLINE_API_RATE_READS_PER_MINUTE = 100_000
    settings.NEWSLINE_API_RATE_WRITES_PER_MINUTE = 100_000
    objects = Objects()
    users = {role: newsroom_user(role) for role in ROLES if role != "anonymous"}
    addresses = every_pattern()
    missing = sorted({a.key for a in addresses} - set(TABLE))
    assert not missing, "These addresses have no line in the permission table:\n" + "\n".join(
        missing
    )
    stale = sorted(set(TABLE) - {a.key for a in addresses})
    assert not stale, "These lines of the permission table name no address:\n" + "\n".join(stale)
    wrong = []
    for address in addresses:
        path = objects.path(address)
        for method, expected in TABLE[address.key].items():
            if method in ("actions", "on_story"):
                continue
            for role, wanted in zip(ROLES, expected, strict=True):
                client = Client()
                if role in users:
                    client.force_login(users[role])
                if method == "GET":
                    response = client.get(path)
                else:
                    response = client.post(path, POST_DATA.get(address.key, {}))
                got = outcome(response)
                if got != wanted:
                    wrong.append(f"{method} {path} ({address.key}) as {role}: {got}, not {wanted}")
    assert not wrong, f"{len(wrong)} answers disagree with the table:\n" + "\n".join(wrong)


def test_the_table_lets_in_exactly_the_roles_the_rules_do():
    objects = Objects()
    users = {role: newsroom_user(role) for role in ROLES if role != "anonymous"}
    checked = 0
    for key, entry in TABLE.items():
        for method, action in entry.get("actions", {}).items():
            let_in = {
                role for role, got in zip(ROLES, entry[method], strict=True) if got in ALLOWED
            }
            story = objects.story if entry.get("on_story") else None
            ruled = {role for role, user in users.items() if can(user, action, story)}
            assert let_in == ruled, f"{key} {method}: the table lets in {let_in}, {action} {ruled}"
            checked += 1
    assert checked > 40


def test_the_front_answers_its_own_addresses_alike_to_everyone(asgi_live_server):
    import urllib.request
    from urllib.error import HTTPError

    for path, wanted in FRONT.items():
        request = urllib.request.Request(asgi_live_server.url + path)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status = response.status
        except HTTPError as error:
            status = error.code
        assert status == wanted, path


def test_a_role_widened_in_the_admin_still_gets_only_what_the_rules_allow(client):
    """The media library asks the rule table, not the groups' model permissions."""
    from django.contrib.auth.models import Permission

    from tests.factories import ImageFactory, login, role_group

    image = ImageFactory()
    role_group("reporter").permissions.add(Permission.objects.get(codename="delete_image"))
    login(client, "reporter")
    assert client.get(f"/newsroom/content/image/{image.pk}/delete/").status_code == 403
    assert (
        client.post(f"/newsroom/content/image/{image.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.get("/newsroom/content/image/add/").status_code == 200
