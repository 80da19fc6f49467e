"""Settings come from the environment; the embedded default needs none."""

import os
import subprocess
import sys


def settings_of(env: dict, expression: str) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'newsline.settings';"
        f"from django.conf import settings; print({expression})"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSLINE_", "DATABASE"))}
    clean.pop("SECRET_KEY", None)
    return subprocess.run(
        [sys.executable, "-c", code], env=clean | env, capture_output=True, text=True
    )


def test_secret_key_is_generated_once_and_kept_in_the_data_directory(tmp_path):
    env = {"NEWSLINE_DATA_DIR": str(tmp_path)}
    first = settings_of(env, "settings.SECRET_KEY").stdout.strip()
    second = settings_of(env, "settings.SECRET_KEY").stdout.strip()
    assert len(first) >= 50 and first == second
    assert (tmp_path / "secret_key").read_text() == first
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert settings_of(env | {"SECRET_KEY": "from-env"}, "settings.SECRET_KEY").stdout.strip() == (
        "from-env"
    )


def test_embedded_default_is_sqlite_in_wal_mode_in_the_data_directory(tmp_path):
    out = settings_of(
        {"NEWSLINE_DATA_DIR": str(tmp_path)},
        "settings.DATABASES['default']['NAME'], settings.TIME_ZONE, settings.LANGUAGE_CODE, "
        "settings.DEBUG",
    ).stdout
    assert out.strip() == f"{tmp_path / 'newsline.sqlite3'} Asia/Baku en False"


def test_editions_come_from_the_environment(tmp_path):
    env = {"NEWSLINE_DATA_DIR": str(tmp_path), "NEWSLINE_LANGUAGES": "az,ru"}
    out = settings_of(env, "[c for c, _ in settings.LANGUAGES], settings.LANGUAGE_CODE").stdout
    assert out == "['az', 'ru'] az\n"


def test_misconfiguration_fails_loudly_at_start(tmp_path):
    bad = settings_of(
        {"NEWSLINE_DATA_DIR": str(tmp_path), "NEWSLINE_LANGUAGES": "en,fr"}, "settings.LANGUAGES"
    )
    assert bad.returncode != 0 and "NEWSLINE_LANGUAGES" in bad.stderr


def test_passwords_are_hashed_with_argon2(tmp_path):
    out = settings_of({"NEWSLINE_DATA_DIR": str(tmp_path)}, "settings.PASSWORD_HASHERS[0]")
    assert out.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'newsline.settings';"
        "django.setup(); from django.contrib.auth.hashers import make_password;"
        "print(make_password('correct horse battery staple'))"
    )
    env = {**os.environ, "NEWSLINE_DATA_DIR": str(tmp_path)}
    made = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert made.stdout.startswith("argon2$argon2id$"), made.stderr


def test_over_https_cookies_are_secure_and_browsers_keep_to_https(tmp_path):
    expression = (
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_AGE"
    )
    local = settings_of({"NEWSLINE_DATA_DIR": str(tmp_path)}, expression).stdout.split()
    https = settings_of(
        {"NEWSLINE_DATA_DIR": str(tmp_path), "NEWSLINE_HTTPS": "1"}, expression
    ).stdout.split()
    assert local == ["False", "False", "0", "43200"]
    assert https == ["True", "True", "31536000", "43200"]


def test_a_number_setting_that_is_not_a_number_names_itself(tmp_path):
    for name in ("NEWSLINE_LIVE_POLL_SECONDS", "NEWSLINE_PAGE_CACHE_SECONDS"):
        bad = settings_of({"NEWSLINE_DATA_DIR": str(tmp_path), name: "soon"}, f"settings.{name}")
        assert bad.returncode != 0 and f"{name} must be" in bad.stderr
