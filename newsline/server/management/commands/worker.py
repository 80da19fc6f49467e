import os
import socket
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from newsline.content.outbox import requeue_abandoned


class Command(BaseCommand):
    help = "Run publishing side effects and other background tasks as they fall due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=0.2,
            # A publication reaches open pages after the worker picks up its task: an
            # indexed look five times a second keeps that well under a second.
            help="Seconds between looks for due tasks when idle (default 0.2).",
        )  # fmt: skip
        parser.add_argument(
            "--lease", type=float, default=120.0,
            help="Seconds after which a task still running is taken as abandoned by a dead "
            "worker and run again (default 120).",
        )  # fmt: skip
        parser.add_argument("--batch", action="store_true", help="Exit when no task is due.")

    def handle(self, *args, interval, lease, batch, **options):
        requeue_abandoned(lease_seconds=lease)  # catch up after a crash
        if not batch:
            threading.Thread(target=self._reap, args=(lease,), daemon=True).start()
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=None,
            worker_id=f"{socket.gethostname()}-{os.getpid()}"[:64],
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()

    def _reap(self, lease: float) -> None:
        stop = threading.Event()
        while not stop.wait(lease / 2):
            close_old_connections()
            requeue_abandoned(lease_seconds=lease)
