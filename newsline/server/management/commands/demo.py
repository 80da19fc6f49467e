import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO_USERNAME = "editor"


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
        password = self._login()
        self.stdout.write(
            self.style.SUCCESS(
                f"\nNewsline is ready.\n"
                f"  Site:      http://127.0.0.1:{port}/\n"
                f"  Newsroom:  http://127.0.0.1:{port}/newsroom/\n"
                f"  Login:     {DEMO_USERNAME} / {password}\n"
            )
        )
        if not no_serve:
            call_command("serve", port=port, workers=workers)

    def _login(self) -> str:
        """Create the demo newsroom login once; its password is kept in the data directory."""
        path = settings.DATA_DIR / "demo-login"
        users = get_user_model().objects
        if path.exists() and users.filter(username=DEMO_USERNAME).exists():
            return path.read_text().strip()
        password = secrets.token_urlsafe(12)
        user, _created = users.get_or_create(username=DEMO_USERNAME)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        path.write_text(password)
        path.chmod(0o600)
        return password
