"""Look at a restored installation as its users would; run in its own process, prints JSON.

    python -m tests.server.restored_site CHECKS.json

CHECKS.json: {"models": [labels], "logins": {username: password}, "login_as": [username,
password], "two_factor_user": username, "pages": {name: [path, text expected on it]}}.
Prints the models' rows, whether each password still checks, the status of a newsroom login,
whether the two-factor user's authenticator codes still work, and each page's status and
whether the text is on it.
"""

import json
import os
import sys
from pathlib import Path


def main(checks_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsline.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings
    from django.urls import reverse

    from tests.server.backup_rows import canonical_rows

    # Hashed static names need `collectstatic`; the pages are read with the apps' files.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES=settings.STORAGES | {"staticfiles": plain}).enable()
    checks = json.loads(Path(checks_path).read_text(encoding="utf-8"))
    # Read before anyone signs in: a login writes the user's last_login.
    rows = canonical_rows(checks["models"])
    users = get_user_model().objects
    username, password = checks["login_as"]
    login = Client().post(reverse("admin:login"), {"username": username, "password": password})
    wrong = Client().post(reverse("admin:login"), {"username": username, "password": "wrong"})
    pages = {}
    for name, (path, text) in checks["pages"].items():
        response = Client().get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[name] = [response.status_code, text in body.decode(errors="replace")]
    two_factor = None
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp.oath import totp
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # The chief editor's authenticator app, set up before the backup, still works.
        device = TOTPDevice.objects.get(user__username=checks["two_factor_user"])
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        two_factor = device.verify_token(f"{code:0{device.digits}d}")
    report = {
        "two_factor": two_factor,
        "rows": rows,
        "passwords": {
            name: users.get(username=name).check_password(secret)
            for name, secret in checks["logins"].items()
        },
        "login": [login.status_code, login.get("Location", "")],
        "wrong_login": wrong.status_code,
        "pages": pages,
    }
    sys.stdout.write(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
