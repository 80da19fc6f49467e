from pathlib import Path

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from tqdm import tqdm

from newsline.server.backup import default_path, write_backup


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
        quiet = options["verbosity"] == 0
        bars: dict[str, tqdm] = {}

        def on_model(label, total):
            if "rows" in bars:
                bars.pop("rows").close()
            bars["rows"] = tqdm(total=total, desc=label, unit=" rows", disable=quiet, leave=False)

        def on_media(n):
            if "media" not in bars:
                if "rows" in bars:
                    bars.pop("rows").close()
                bars["media"] = tqdm(
                    desc=_("Media files"), unit="B", unit_scale=True, disable=quiet, leave=False
                )
            bars["media"].update(n)

        try:
            summary = write_backup(
                path,
                on_model=on_model,
                on_rows=lambda n: bars["rows"].update(n),
                on_media=on_media,
            )
        finally:
            for bar in bars.values():
                bar.close()
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
