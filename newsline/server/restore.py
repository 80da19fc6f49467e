"""Restore an archive written by newsline.server.backup into an empty installation.

Everything is checked before anything is written: the archive's format and checksums, that
this installation runs the same migrations, and that it holds no content yet. The rows are
then loaded in one transaction (all or nothing), the media files moved into place, and the
search index rebuilt.
"""

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.sql import InsertQuery
from django.db.models.sql.compiler import SQLInsertCompiler
from django.utils.translation import gettext as _

from newsline.server.backup import (
    COPY_BYTES,
    DATA_DIR,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_DIR,
    NATURAL_PRIMARY,
)

BATCH_ROWS = 500


class RestoreError(Exception):
    """The archive cannot be restored here; the message says why. Nothing was written."""


@dataclass
class Summary:
    manifest: dict
    rows: dict[str, int] = field(default_factory=dict)
    media_files: int = 0
    media_bytes: int = 0
    indexed: int = 0


def read_manifest(path: Path) -> dict:
    """Return the archive's manifest, or raise RestoreError if it is unreadable or too new."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST))
    except FileNotFoundError:
        raise RestoreError(_("No archive at %(path)s.") % {"path": path}) from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError):
        raise RestoreError(
            _("%(path)s is not a readable Newsline backup (damaged or incomplete).")
            % {"path": path}
        ) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("format"), int):
        raise RestoreError(_("%(path)s has no valid manifest.") % {"path": path})
    if manifest["format"] > FORMAT_VERSION:
        raise RestoreError(
            _(
                "This backup was written in format %(found)s by Newsline %(version)s; this "
                "Newsline reads format %(supported)s at most. Restore it with a newer Newsline."
            )
            % {
                "found": manifest["format"],
                "version": manifest.get("newsline_version", "?"),
                "supported": FORMAT_VERSION,
            }
        )
    shapes = {"migrations": dict, "models": list, "rows": dict, "files": dict, "media": dict}
    if any(not isinstance(manifest.get(key), shape) for key, shape in shapes.items()):
        raise RestoreError(_("%(path)s has no valid manifest.") % {"path": path})
    return manifest


def restore_backup(
    path: Path,
    *,
    on_stage: Callable[[str, int, str], None] = lambda stage, total, unit: None,
    on_progress: Callable[[int], None] = lambda n: None,
) -> Summary:
    """Restore the archive at `path` into this empty installation; raise RestoreError if not."""
    path = Path(path)
    manifest = read_manifest(path)
    summary = Summary(manifest=manifest)
    check_migrations(manifest)
    check_empty(manifest)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    # Media files are staged beside the media, so that moving each into place is a rename;
    # the rows (password hashes among them) in the data directory, which is never served.
    staging = {
        DATA_DIR: Path(tempfile.mkdtemp(dir=settings.DATA_DIR, prefix=".newsline-restore-")),
        MEDIA_DIR: Path(tempfile.mkdtemp(dir=media_root, prefix=".newsline-restore-")),
    }
    try:
        with zipfile.ZipFile(path) as archive:
            on_stage(_("Checking"), sum(i.file_size for i in archive.infolist()), "B")
            _extract_verified(archive, manifest, staging, on_progress)
        _check_media_collisions(manifest, media_root)
        on_stage(_("Loading rows"), sum(manifest["rows"].values()), " rows")
        summary.rows = _load_rows(manifest, staging[DATA_DIR], on_progress)
        summary.media_files, summary.media_bytes = _move_media(staging[MEDIA_DIR], media_root)
    finally:
        for directory in staging.values():
            shutil.rmtree(directory, ignore_errors=True)
    summary.indexed = _rebuild_derived(on_stage, on_progress)
    return summary


def check_migrations(manifest: dict) -> None:
    """Refuse an archive whose schema differs from this installation's."""
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    applied = set(MigrationRecorder(connection).applied_migrations())
    if not applied:
        raise RestoreError(_("This database is not set up; run `newsline migrate` first."))
    if missing := sorted(archived - applied):
        raise RestoreError(
            _(
                "The backup comes from a newer schema (Newsline %(version)s): these migrations "
                "are not applied here: %(names)s. Upgrade Newsline and run `newsline migrate` "
                "first."
            )
            % {"version": manifest.get("newsline_version", "?"), "names": _names(missing)}
        )
    if extra := sorted(applied - archived):
        raise RestoreError(
            _(
                "The backup comes from an older schema (Newsline %(version)s): these migrations "
                "were not applied there: %(names)s. Restore it with that version of Newsline, "
                "then upgrade."
            )
            % {"version": manifest.get("newsline_version", "?"), "names": _names(extra)}
        )


def check_empty(manifest: dict) -> None:
    """Refuse to restore over content: only what `migrate` creates may be there."""
    found = []
    for label in manifest["models"]:
        if label in NATURAL_PRIMARY:
            continue
        model = _model(label)
        if model._base_manager.exists():
            found.append(f"{label} ({model._base_manager.count()})")
    if found:
        raise RestoreError(
            _(
                "This installation is not empty: %(found)s. Restore only into a new, migrated "
                "database (`newsline migrate` on an empty one); nothing was changed."
            )
            % {"found": ", ".join(found)}
        )


def _extract_verified(
    archive: zipfile.ZipFile, manifest: dict, into: dict[str, Path], on_progress
) -> None:
    """Extract every listed file, data/ and media/ each into its directory, checking each
    one's SHA-256 on the way."""
    expected: dict[str, str] = manifest.get("files") or {}
    present = {info.filename for info in archive.infolist() if not info.is_dir()} - {MANIFEST}
    if missing := sorted(set(expected) - present):
        raise RestoreError(
            _("The backup is incomplete; missing: %(names)s.") % {"names": _names(missing)}
        )
    if unlisted := sorted(present - set(expected)):
        raise RestoreError(
            _("The backup holds files its manifest does not list: %(names)s.")
            % {"names": _names(unlisted)}
        )
    for name, digest in expected.items():
        top = next((prefix for prefix in into if name.startswith(prefix)), None)
        if top is None:
            raise RestoreError(_("The backup holds an unexpected file: %(name)s") % {"name": name})
        target = into[top] / _safe_relative(name.removeprefix(top))
        target.parent.mkdir(parents=True, exist_ok=True)
        check = hashlib.sha256()
        try:
            with archive.open(name) as source, open(target, "wb") as out:
                while chunk := source.read(COPY_BYTES):
                    check.update(chunk)
                    out.write(chunk)
                    on_progress(len(chunk))
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
            raise RestoreError(
                _("%(name)s in the backup is damaged: %(error)s") % {"name": name, "error": error}
            ) from None
        if check.hexdigest() != digest:
            raise RestoreError(
                _("%(name)s in the backup does not match its checksum; the backup is damaged.")
                % {"name": name}
            )


def _check_media_collisions(manifest: dict, media_root: Path) -> None:
    """Refuse to replace a file already in MEDIA_ROOT by a different one of the same name."""
    different = []
    for relative, digest in (manifest.get("media") or {}).items():
        existing = media_root / _safe_relative(relative)
        if existing.is_file() and _sha256(existing) != digest:
            different.append(relative)
    if different:
        raise RestoreError(
            _(
                "The media directory %(root)s already holds other files of the same names: "
                "%(names)s. Restore into an empty media directory; nothing was changed."
            )
            % {"root": media_root, "names": _names(different)}
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(COPY_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _safe_relative(name: str) -> Path:
    """Return the member's path, refusing any that would land outside the staging directory."""
    parts = PurePosixPath(name).parts
    if not name or PurePosixPath(name).is_absolute() or ".." in parts or "\\" in name:
        raise RestoreError(_("The backup holds an unsafe file name: %(name)s") % {"name": name})
    return Path(*parts)


def _load_rows(manifest: dict, data: Path, on_progress) -> dict[str, int]:
    """Load every model's rows in one transaction; on any error nothing stays."""
    files = sorted(p for p in data.iterdir() if p.suffix == ".jsonl") if data.is_dir() else []
    by_label = {p.name.split("-", 1)[1].removesuffix(".jsonl"): p for p in files}
    loaded: dict[str, int] = {}
    touched: list[type[models.Model]] = []
    try:
        with transaction.atomic():
            # Foreign keys are checked at commit (deferred on both databases), so the order of
            # the files matters only for natural keys, which the backup already sorted.
            for label in manifest["models"]:
                model = _model(label)
                if label not in by_label or label not in manifest["rows"]:
                    raise RestoreError(
                        _("The backup lists %(label)s but holds no rows file for it.")
                        % {"label": label}
                    )
                touched.append(model)
                loaded[label] = _load_model(model, by_label[label], on_progress)
                if loaded[label] != manifest["rows"][label]:
                    raise RestoreError(
                        _("%(label)s: the backup lists %(expected)s rows but holds %(found)s.")
                        % {
                            "label": label,
                            "expected": manifest["rows"][label],
                            "found": loaded[label],
                        }
                    )
            connection.check_constraints(table_names=[m._meta.db_table for m in touched])
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), touched):
                    cursor.execute(sql)
    except (DatabaseError, IntegrityError, serializers.base.DeserializationError) as error:
        raise RestoreError(
            _("The rows could not be loaded, so nothing was restored: %(error)s") % {"error": error}
        ) from None
    return loaded


def _load_model(model: type[models.Model], path: Path, on_progress) -> int:
    count, batch = 0, []
    with open(path, encoding="utf-8") as stream:
        for obj in serializers.deserialize("jsonl", stream, handle_forward_references=False):
            count += 1
            if model._meta.label_lower in NATURAL_PRIMARY or model._meta.parents:
                # Matched to the row `migrate` made, by natural key, and updated in place.
                obj.save()
                on_progress(1)
                continue
            batch.append(obj)
            if len(batch) >= BATCH_ROWS:
                _insert(model, batch)
                on_progress(len(batch))
                batch = []
    if batch:
        _insert(model, batch)
        on_progress(len(batch))
    return count


def _insert(model: type[models.Model], batch: list) -> None:
    """Insert the rows as they were, many per statement.

    raw=True, as loaddata's saves do: auto_now and auto_now_add keep the archived times.
    """
    fields = model._meta.local_concrete_fields
    objs = [obj.object for obj in batch]
    size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
    for start in range(0, len(objs), size):
        query = InsertQuery(model)
        query.insert_values(fields, objs[start : start + size], raw=True)
        # Django's generic compiler, one VALUES row per object: PostgreSQL's own sends each
        # column as one array (UNNEST), which psycopg quotes character by character in
        # Python, and which took two thirds of a restore's time.
        SQLInsertCompiler(query, connection, connection.alias).execute_sql()
    for m2m in model._meta.many_to_many:
        through = m2m.remote_field.through
        if not through._meta.auto_created:
            continue
        source = m2m.m2m_field_name() + "_id"
        target = m2m.m2m_reverse_field_name() + "_id"
        links = [
            through(**{source: obj.object.pk, target: related})
            for obj in batch
            for related in obj.m2m_data.get(m2m.name, [])
        ]
        through._base_manager.bulk_create(links, batch_size=BATCH_ROWS)


def _move_media(staged: Path, media_root: Path) -> tuple[int, int]:
    count = size = 0
    if not staged.is_dir():
        return count, size
    for directory, _dirnames, filenames in os.walk(staged):
        for filename in filenames:
            source = Path(directory) / filename
            target = media_root / source.relative_to(staged)
            target.parent.mkdir(parents=True, exist_ok=True)
            size += source.stat().st_size
            os.replace(source, target)
            count += 1
    return count, size


def _rebuild_derived(on_stage, on_progress) -> int:
    """Rebuild the search index, and drop any page or figure kept while the site was empty."""
    from newsline.content.models import Article
    from newsline.pagecache.store import get_store
    from newsline.search.services import reindex_articles
    from newsline.syndication import months

    get_store().clear()
    months.forget()
    on_stage(_("Indexing articles"), Article.objects.count(), " articles")
    return reindex_articles(progress=on_progress)


def _model(label: str) -> type[models.Model]:
    try:
        return apps.get_model(label)
    except LookupError:
        raise RestoreError(
            _("The backup holds %(label)s, which this Newsline does not know.") % {"label": label}
        ) from None


def _names(names) -> str:
    names = [n if isinstance(n, str) else ".".join(n) for n in names]
    shown = ", ".join(names[:10])
    return shown + (f" … (+{len(names) - 10})" if len(names) > 10 else "")
