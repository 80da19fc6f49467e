import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from newsline.content.statistics import refresh_planner_statistics


class Command(BaseCommand):
    help = "Serve Newsline with granian (static files included)."

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
                "newsline.wsgi:application",
                address=host,
                port=port,
                interface=Interfaces.WSGI,
                workers=workers,
                # Django views are synchronous: a few threads per worker keep both cores busy
                # without hundreds of idle database connections.
                blocking_threads=16,
                backpressure=64,
                respawn_failed_workers=True,
            ).serve()
        finally:
            if tasks is not None:
                tasks.terminate()
                tasks.wait(timeout=30)
