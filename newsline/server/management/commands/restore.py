from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from newsline.server.progress import stage_bars
from newsline.server.restore import RestoreError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into this new, migrated installation; "
        "refuses one that already has content."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Archive written by `newsline backup`.")

    def handle(self, *args, path, **options):
        try:
            with stage_bars(quiet=options["verbosity"] == 0) as (on_stage, on_progress):
                summary = restore_backup(path, on_stage=on_stage, on_progress=on_progress)
        except RestoreError as error:
            raise CommandError(str(error)) from None
        manifest = summary.manifest
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored %(rows)s rows of %(models)s models and %(files)s media files "
                    "(%(media)s) from a backup made %(created)s by Newsline %(version)s on "
                    "%(vendor)s; indexed %(indexed)s articles for search."
                )
                % {
                    "rows": sum(summary.rows.values()),
                    "models": len(summary.rows),
                    "files": summary.media_files,
                    "media": filesizeformat(summary.media_bytes),
                    "created": manifest.get("created_at", "?"),
                    "version": manifest.get("newsline_version", "?"),
                    "vendor": manifest.get("database_vendor", "?"),
                    "indexed": summary.indexed,
                }
            )
        )
