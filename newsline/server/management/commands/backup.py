from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from newsline.server.backup import default_path, write_backup
from newsline.server.progress import stage_bars


class Command(BaseCommand):
    help = "Write the site's data and media files into one archive that `restore` reads."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="Archive to write (default: DATA_DIR/backups/newsline-<date>.zip).",
        )

    def handle(self, *args, path, **options):
        path = path or default_path()
        try:
            with stage_bars(quiet=options["verbosity"] == 0) as (on_stage, on_progress):
                summary = write_backup(path, on_stage=on_stage, on_progress=on_progress)
        except OSError as error:  # no such folder, no permission, a full disk
            raise CommandError(
                _("Could not write the backup to %(path)s: %(error)s")
                % {"path": path, "error": error.strerror or error}
            ) from None
        for label, count in summary.rows.items():
            if count and options["verbosity"] > 1:
                self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Backed up %(rows)s rows of %(models)s models and %(files)s media files "
                    "(%(media)s) to %(path)s (%(size)s)."
                )
                % {
                    "rows": sum(summary.rows.values()),
                    "models": len(summary.rows),
                    "files": summary.media_files,
                    "media": filesizeformat(summary.media_bytes),
                    "path": summary.path,
                    "size": filesizeformat(summary.archive_bytes),
                }
            )
        )
