"""Back up an installation into one portable archive: its data, database-neutral, and its media.

The archive is a zip file:

    manifest.json                 format, versions, migrations, row counts, SHA-256 of every file
    data/NNN-app_label.model.jsonl one model's rows, Django's JSON Lines serialization
    media/<path>                  every file under MEDIA_ROOT

Rows keep their primary keys (ids appear in addresses, webhook payloads and revision data),
except for the rows a migrated installation already has — content types, permissions and
groups — which travel by natural key, so a restore matches them instead of duplicating them.
What is derived and rebuilt, or only bookkeeping, stays out: see DERIVED.
"""

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from io import TextIOWrapper
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JSONLSerializer
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Prefetch
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data/"
MEDIA_DIR = "media/"
CHUNK_ROWS = 2000
COPY_BYTES = 1024 * 1024

# Models left out of the archive, by label, and why. A model that is neither backed up nor
# listed here fails tests/server/test_backup.py, so nothing is left out by accident.
DERIVED = {
    "sessions.session": "logins; everyone signs in again after a restore",
    "search.searchdocument": "the search index; restore rebuilds it",
    "django_tasks_database.dbtaskresult": (
        "queued and finished background work; work still queued at backup time is not resumed"
    ),
    "content.outboxreceipt": "receipts of side effects already done; nothing can repeat them",
    "axes.accessattempt": "login throttling; a restored site starts with no lockouts",
    "axes.accessattemptexpiration": "login throttling; a restored site starts with no lockouts",
    "axes.accessfailurelog": "the login throttling log",
    "axes.accesslog": "the login throttling log",
}

# Rows that `migrate` creates itself: matched by natural key on restore, never duplicated.
NATURAL_PRIMARY = {"contenttypes.contenttype", "auth.permission", "auth.group"}


def backed_up_models() -> list[type[models.Model]]:
    """Return the models whose rows the archive holds, in an order that loads by natural key."""
    app_list = [(config, None) for config in apps.get_app_configs()]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in DERIVED
    ]


class Serializer(JSONLSerializer):
    """JSON Lines, with natural keys only for references to content types, permissions and groups.

    Other references stay primary keys: they keep their values, and loading them costs no
    lookup per row.
    """

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = _is_natural(field.remote_field.model)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        # Django's own builds a query per row and field even when the rows are prefetched.
        if not field.remote_field.through._meta.auto_created:
            return
        cache = getattr(obj, "_prefetched_objects_cache", {})
        related = cache[field.name] if field.name in cache else getattr(obj, field.name).all()
        if _is_natural(field.related_model):
            self._current[field.name] = [r.natural_key() for r in related]
        else:
            self._current[field.name] = [self._value_from_field(r, r._meta.pk) for r in related]

    def end_object(self, obj):
        # One dumps() per row: json.dump() would encode it piece by piece in Python.
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None


class PreciseEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds.

    Django's encoder cuts them to milliseconds (ECMA-262 style), so `dumpdata` output loses
    them; a restore must give back the times it was given.
    """

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _is_natural(model: type[models.Model]) -> bool:
    return model._meta.label_lower in NATURAL_PRIMARY


@dataclass
class Summary:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    media_files: int = 0
    media_bytes: int = 0
    archive_bytes: int = 0


def default_path(now: datetime | None = None) -> Path:
    """Return DATA_DIR/backups/newsline-YYYYMMDD-HHMMSS.zip, in UTC."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"newsline-{stamp}.zip"


def write_backup(
    path: Path,
    *,
    on_stage: Callable[[str, int, str], None] = lambda stage, total, unit: None,
    on_progress: Callable[[int], None] = lambda n: None,
) -> Summary:
    """Write the archive to `path`, atomically: a failed backup leaves no file there.

    The database is read in one snapshot, so rows written meanwhile are all in or all out.
    `on_stage` announces the rows, then the media bytes, and `on_progress` counts them.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    summary = Summary(path=path)
    checksums: dict[str, str] = {}
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.close(fd)
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            with _snapshot():
                migrations = _applied_migrations()
                selected = backed_up_models()
                on_stage(_("Rows"), sum(m._base_manager.count() for m in selected), " rows")
                for number, model in enumerate(selected, start=1):
                    label = model._meta.label_lower
                    name = f"{DATA_DIR}{number:03d}-{label}.jsonl"
                    with _member(archive, name, zipfile.ZIP_DEFLATED) as out:
                        summary.rows[label] = _write_rows(model, out, on_progress)
                    checksums[name] = out.sha256
            media = {}
            files = list(_media_files())
            on_stage(_("Media files"), sum(full.stat().st_size for _r, full in files), "B")
            for relative, full in files:
                name = MEDIA_DIR + relative
                # Images are compressed already; deflating them again only costs time.
                with _member(archive, name, zipfile.ZIP_STORED) as out, open(full, "rb") as f:
                    while chunk := f.read(COPY_BYTES):
                        out.write(chunk)
                        on_progress(len(chunk))
                media[relative] = checksums[name] = out.sha256
                summary.media_files += 1
                summary.media_bytes += out.size
            manifest = {
                "format": FORMAT_VERSION,
                "newsline_version": newsline_version(),
                "created_at": datetime.now(UTC).isoformat(),
                "database_vendor": connection.vendor,
                "migrations": migrations,
                "models": list(summary.rows),
                "rows": summary.rows,
                "media": media,
                "files": checksums,
                "left_out": DERIVED,
            }
            archive.writestr(MANIFEST, _json(manifest))
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    summary.archive_bytes = path.stat().st_size
    return summary


def newsline_version() -> str:
    try:
        return package_version("newsline")
    except PackageNotFoundError:
        return "unknown"


def _write_rows(model: type[models.Model], out, on_rows: Callable[[int], None]) -> int:
    """Serialize the model's rows to `out` in primary-key order, a chunk at a time."""
    counted = _Counter(_rows(model), on_rows)
    text = TextIOWrapper(out, encoding="utf-8", newline="\n")
    Serializer().serialize(
        counted,
        stream=text,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=_is_natural(model),
        cls=PreciseEncoder,
    )
    text.flush()
    text.detach()
    return counted.count


def _rows(model: type[models.Model]) -> Iterator[models.Model]:
    opts = model._meta
    rows = model._base_manager.order_by("pk")
    # Natural keys of permissions name their content type; fetch it with them.
    natural_fks = [
        f.name for f in opts.concrete_fields if f.is_relation and _is_natural(f.related_model)
    ]
    if natural_fks:
        rows = rows.select_related(*natural_fks)
    prefetch = []
    for m2m in opts.many_to_many:
        if m2m.remote_field.through._meta.auto_created:
            related = m2m.related_model._base_manager
            if m2m.related_model is Permission:
                related = related.select_related("content_type")
            elif not _is_natural(m2m.related_model):
                related = related.only("pk")
            prefetch.append(Prefetch(m2m.name, queryset=related.all()))
    if prefetch:
        rows = rows.prefetch_related(*prefetch)
    return rows.iterator(chunk_size=CHUNK_ROWS)


class _Counter:
    def __init__(self, rows: Iterator, on_rows: Callable[[int], None]):
        self.rows, self.on_rows, self.count = rows, on_rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            if self.count % 500 == 0:
                self.on_rows(500)
            yield row
        self.on_rows(self.count % 500)


class _member:
    """A zip member open for writing that knows its SHA-256 and size once closed."""

    def __init__(self, archive: zipfile.ZipFile, name: str, compression: int):
        info = zipfile.ZipInfo(name, date_time=datetime.now(UTC).timetuple()[:6])
        info.compress_type = compression
        info.external_attr = 0o644 << 16
        self.stream = archive.open(info, "w", force_zip64=True)
        self.hash, self.size = hashlib.sha256(), 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()
        self.sha256 = self.hash.hexdigest()

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        self.size += len(data)
        return self.stream.write(data)

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return self.stream.closed

    def flush(self) -> None:
        pass


def _media_files() -> Iterator[tuple[str, Path]]:
    """Yield (posix path relative to MEDIA_ROOT, full path) of every regular file, sorted."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):
        # A restore in progress stages its files in a hidden directory beside the others.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".newsline-restore-"))
        for filename in sorted(filenames):
            full = Path(directory) / filename
            if full.is_file() and not full.is_symlink():
                yield full.relative_to(root).as_posix(), full


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


class _snapshot:
    """Read the whole database as of one moment, without blocking the site's writers."""

    def __enter__(self):
        self.manual = False
        if connection.vendor == "postgresql":
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            if not connection.in_atomic_block or connection.savepoint_ids:
                return self  # inside an outer transaction (tests): it is the snapshot
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        elif connection.vendor == "sqlite" and not connection.in_atomic_block:
            # Django's transactions on SQLite begin IMMEDIATE, which would hold the write lock
            # for the whole backup; a DEFERRED read transaction in WAL mode is a snapshot.
            connection.ensure_connection()
            with connection.cursor() as cursor:
                cursor.execute("BEGIN DEFERRED")
            self.manual = True
        return self

    def __exit__(self, *exc):
        if hasattr(self, "atomic"):
            return self.atomic.__exit__(*exc)
        if self.manual:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
        return False


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
