import json
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Demo login → newsroom role, so the whole workflow can be tried out.
DEMO_LOGINS = {"reporter": "reporter", "editor": "editor", "chief": "chief editor"}


class Command(BaseCommand):
    help = "Set up the demo site (database, stories, a login) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=3000)
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-serve", action="store_true", help="Set up, but do not serve.")

    def handle(self, *args, articles, port, workers, no_serve, **options):
        call_command("migrate", verbosity=0)
        call_command("seed", articles=articles)
        logins = "".join(
            f"  Login:     {name} / {password}   ({DEMO_LOGINS[name]})\n"
            for name, password in self._logins().items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"\nNewsline is ready.\n"
                f"  Site:      http://127.0.0.1:{port}/\n"
                f"  Newsroom:  http://127.0.0.1:{port}/newsroom/\n{logins}"
            )
        )
        if not no_serve:
            call_command("serve", port=port, workers=workers)

    def _logins(self) -> dict[str, str]:
        """One login per newsroom role, created once; passwords are kept in the data directory."""
        path = settings.DATA_DIR / "demo-logins.json"
        users = get_user_model().objects
        logins = json.loads(path.read_text()) if path.exists() else {}
        for username, role in DEMO_LOGINS.items():
            if username in logins and users.filter(username=username).exists():
                continue
            logins[username] = secrets.token_urlsafe(12)
            user, _created = users.get_or_create(username=username)
            user.is_staff = True
            user.set_password(logins[username])
            user.save()
            user.groups.set([Group.objects.get(name=role)])
        path.write_text(json.dumps(logins, indent=2))
        path.chmod(0o600)
        return logins
