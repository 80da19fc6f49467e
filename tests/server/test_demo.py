import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_demo_sets_up_once_and_prints_a_login_per_role(settings, tmp_path, capsys):
    settings.DATA_DIR = tmp_path
    call_command("demo", no_serve=True, articles=30)
    first = capsys.readouterr().out
    call_command("demo", no_serve=True, articles=30)
    second = capsys.readouterr().out
    logins = json.loads((tmp_path / "demo-logins.json").read_text())
    assert set(logins) == {"reporter", "editor", "chief"}
    for name, password in logins.items():
        assert f"Login:     {name} / {password}" in first and f"{name} / {password}" in second
        user = get_user_model().objects.get(username=name)
        assert user.check_password(password) and not user.is_superuser
    roles = {u.username: u.groups.get().name for u in get_user_model().objects.all()}
    assert roles == {"reporter": "reporter", "editor": "editor", "chief": "chief editor"}
    assert "Created 0 articles" in second
