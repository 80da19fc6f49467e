import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from newsline.content.statistics import refresh_planner_statistics


class Command(BaseCommand):
    help = "Serve Newsline with granian: the ASGI front, Django behind it, static files."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-task-worker",
            action="store_true",
            help="Do not start `newsline worker` beside the server (run it separately).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Server processes (default: one per core).",
        )

    def handle(self, *args, host, port, workers, no_task_worker, **options):
        from django.conf import settings
        from granian import Granian
        from granian.constants import Interfaces

        # Hashed static names need an up-to-date manifest; this copies only what changed.
        call_command("collectstatic", interactive=False, verbosity=0)
        if connection.vendor == "sqlite":
            refresh_planner_statistics()
        # One machine, nothing else to start: the task worker runs beside the server.
        tasks = (
            None
            if no_task_worker
            else subprocess.Popen([sys.executable, "-m", "newsline.cli", "worker"])
        )
        self.stdout.write(f"Serving on http://{host}:{port}/ with {workers} worker(s).")
        try:
            Granian(
                # Page-cache hits and live streams are answered in the front; Django
                # renders the rest in a pool of threads (newsline/server/bridge.py).
                "newsline.asgi:application",
                address=host,
                port=port,
                interface=Interfaces.ASGI,
                workers=workers,
                backlog=4096,
                # Requests in flight per worker. Granian's default (backlog / workers) would
                # cap open live streams at 2,048 per worker; Django's share is bounded by
                # its thread pool anyway.
                backpressure=50_000,
                respawn_failed_workers=True,
                # SIGHUP restarts workers one by one; each gets this long to finish.
                workers_kill_timeout=30,
                # Hashed static files straight from granian, with far-future expiry.
                static_path_route=[settings.STATIC_URL.rstrip("/")],
                static_path_mount=[settings.STATIC_ROOT],
                static_path_expires=365 * 24 * 3600,
            ).serve()
        finally:
            if tasks is not None:
                tasks.terminate()
                tasks.wait(timeout=30)
