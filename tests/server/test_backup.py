"""`newsline backup` and `newsline restore`: a rich newsroom survives the trip, row by row.

The archive is written from the test database; each restore runs as `newsline restore` in its
own process, into a new installation (its own database, data and media directory) migrated
by `newsline migrate`, and that process reports what the restored site holds and shows.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from newsline.api.models import ApiToken
from newsline.api.services import issue_api_token
from newsline.content.models import Article
from newsline.content.revisions import record_revision
from newsline.live.blog import add_entry
from newsline.live.models import Event
from newsline.newsroom.audit import record_audit
from newsline.reader.urls import article_url
from newsline.server.backup import DERIVED, FORMAT_VERSION, NATURAL_PRIMARY
from newsline.server.restore import RestoreError, read_manifest
from newsline.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    role_group,
)
from tests.server.backup_rows import canonical_rows

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NEWSLINE = Path(sys.executable).parent / "newsline"
PASSWORDS = {
    "reporter": "Reporter pass 1",
    "editor": "Redaktor şifrəsi 2",
    "chief": "Главный пароль 3",
    "admin": "Admin pass 4",
}
# Every backed-up model must hold rows in the test newsroom, so that no comparison is of two
# empty tables: a new model fails the round trip by name until build_newsroom makes one of it
# (or DERIVED names it). These are the exceptions, with the reason.
MAY_BE_EMPTY: dict[str, str] = {}


# --- Installations ------------------------------------------------------------


def _postgres_url(name: str) -> str | None:
    """Address of a new database `name` on the PostgreSQL server, or None without one."""
    import psycopg

    base = os.environ.get("DATABASE_URL", "")
    server = (
        base.rsplit("/", 1)[0]
        if base.startswith("postgres")
        else "postgres://postgres@127.0.0.1:5432"
    )
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=2) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        return None
    return f"{server}/{name}"


def _drop_postgres(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=2) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Installation:
    """A new Newsline installation in its own directory, reached through its commands."""

    def __init__(self, directory: Path, database_url: str):
        self.directory, self.database_url = directory, database_url
        self.media = directory / "media"
        self.env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        self.env |= {
            "DATABASE_URL": database_url,
            "NEWSLINE_DATA_DIR": str(directory),
            "NEWSLINE_MEDIA_ROOT": str(self.media),
            "ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "newsline.settings",
        }

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(NEWSLINE), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def report(self, checks: dict) -> dict:
        path = self.directory / "checks.json"
        path.write_text(json.dumps(checks))
        done = subprocess.run(
            [sys.executable, "-m", "tests.server.restored_site", str(path)],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    """An empty, migrated installation on either database."""
    directory = tmp_path / "target"
    directory.mkdir()
    if request.param == "sqlite":
        url = f"sqlite:///{directory / 'newsline.sqlite3'}"
    else:
        source = settings.DATABASES["default"]["NAME"] if connection.vendor == "postgresql" else ""
        name = (
            f"{os.environ['DATABASE_URL'].rsplit('/', 1)[1]}b"
            if source
            else f"newsline_restore_{os.getpid()}"
        )
        url = _postgres_url(name)
        if url is None:
            pytest.skip("no PostgreSQL server at DATABASE_URL or 127.0.0.1:5432")
    installation = Installation(directory, url)
    try:
        migrated = installation.run("migrate", "--verbosity", "0")
        assert migrated.returncode == 0, migrated.stderr
        yield installation
    finally:
        if request.param == "postgresql":
            _drop_postgres(url)


# --- A newsroom worth keeping ---------------------------------------------------


def build_newsroom(settings) -> dict:
    """Fill the database with one of everything a newsroom makes; return what to check."""
    # Real hashers: the restored installation checks passwords with its own settings.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = {}
    for name, role in [("reporter", "reporter"), ("editor", "editor"), ("chief", "chief editor")]:
        users[name] = User.objects.create_user(name, password=PASSWORDS[name], is_staff=True)
        users[name].groups.add(role_group(role))
    users["admin"] = User.objects.create_superuser("admin", password=PASSWORDS["admin"])
    users["editor"].first_name = "Gülnarə"
    users["editor"].save()
    users["reporter"].user_permissions.add(Permission.objects.get(codename="view_group"))

    world = SectionFactory(slug="world", name_en="World", name_az="Dünya", name_ru="Мир")
    economy = SectionFactory(slug="economy", name_en="Economy", name_az="İqtisadiyyat")
    tags = [
        TagFactory(language="en", name="Energy"),
        TagFactory(language="az", name="İlham və ışıq"),
        TagFactory(language="ru", name="Энергетика"),
    ]
    photo = ImageFactory(caption="Bakı, Dənizkənarı bulvar", credit="Фото: редакция")
    second = ImageFactory(alt_text="Щит", focal_x=0.25, focal_y=0.75)
    author = AuthorFactory(display_name="Ayşən Əliyeva", user=users["reporter"], photo=photo)
    now = timezone.now()
    hydrogen = ArticleFactory(
        headline="Hydrogen ferry crosses the Caspian",
        body="<p>The first crossing.</p>",
        section=world,
        lead_image=photo,
        is_breaking=True,
        breaking_until=now + timedelta(hours=2),
        created_by=users["reporter"],
        publish_at=now.replace(microsecond=123456) - timedelta(hours=3),
    )
    hydrogen.tags.set(tags[:1])
    hydrogen.authors.set([author])
    az = ArticleFactory(
        language="az",
        headline="Şəkidə ilk günəş stansiyası işə düşdü",
        section=economy,
        translation_group=hydrogen.translation_group,
    )
    az.tags.set(tags[1:2])
    ru = ArticleFactory(language="ru", headline="Ёлки и ели: зимний рынок", section=economy)
    ru.tags.set(tags[2:])
    ArticleFactory(headline="A draft nobody has seen", status="draft", publish_at=None)
    ArticleFactory(headline="Tomorrow's story", publish_at=now + timedelta(days=1))
    ArticleFactory(headline="Withdrawn story", status="withdrawn")
    live = ArticleFactory(headline="Election night live", kind="live", section=world)
    for article in Article.objects.all():
        record_revision(article=article, user=users["reporter"], kind="save", note="Первая")
    record_revision(article=hydrogen, user=users["editor"], kind="workflow", note="Yoxlandı")
    add_entry(
        article_id=live.pk, user=users["editor"], text="Polls close in Bakı", image_id=second.pk
    )
    add_entry(article_id=live.pk, user=users["chief"], text="Явка — 60 %", pinned=True)
    Event.objects.create(edition="en", kind="live", article=live, data={"note": "ə ş ı"})
    issue_api_token(token=ApiToken(name="Mobile app", user=users["editor"]), by=users["chief"])
    endpoint = WebhookEndpoint.objects.create(url="https://example.org/hook", events=["publish"])
    WebhookDelivery.objects.create(
        endpoint=endpoint, event="publish", article_id=hydrogen.pk, payload={"id": hydrogen.pk}
    )
    record_audit(
        user=users["chief"], action="publish", article=hydrogen, subject="Hydrogen", why="ok"
    )
    LogEntry.objects.create(
        user=users["chief"],
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(hydrogen.pk),
        object_repr=hydrogen.headline,
        action_flag=CHANGE,
        change_message="[]",
    )
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=users["chief"], name="Phone", confirmed=True)
    with translation.override("az"):
        az_search = reverse("reader:search") + "?q=günəş"
    with translation.override("en"):
        home, en_search = reverse("reader:home"), reverse("reader:search") + "?q=hydrogen"
    return {
        "pages": {
            "home": [home, hydrogen.headline],
            "article": [article_url(hydrogen), "The first crossing."],
            "live": [article_url(live), "Polls close in Bakı"],
            "az article": [article_url(az), az.headline],
            "ru article": [article_url(ru), "Ёлки и ели"],
            "search": [en_search, hydrogen.headline],
            "az search": [az_search, az.headline],
            "image": [settings.MEDIA_URL + photo.file.name, ""],
        },
    }


def media_checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup(path: Path) -> dict:
    out = io.StringIO()
    call_command("backup", str(path), verbosity=0, stdout=out)
    manifest = read_manifest(path)
    rows, files = sum(manifest["rows"].values()), len(manifest["media"])
    assert f"Backed up {rows} rows of {len(manifest['rows'])} models and {files} media" in (
        out.getvalue()
    )
    return manifest


# --- The round trip -------------------------------------------------------------


def test_every_model_is_backed_up_or_named_as_derived(tmp_path):
    manifest = backup(tmp_path / "site.zip")
    concrete = {m._meta.label_lower for m in apps.get_models() if not m._meta.proxy}
    forgotten = concrete - set(manifest["models"]) - set(DERIVED)
    assert not forgotten, f"neither backed up nor listed in DERIVED: {sorted(forgotten)}"
    assert not set(manifest["models"]) & set(DERIVED)


def test_a_restored_newsroom_is_the_same_row_by_row(settings, tmp_path, target):
    checks = build_newsroom(settings)
    archive = tmp_path / "site.zip"
    manifest = backup(archive)
    assert manifest["format"] == FORMAT_VERSION
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["media"] == media_checksums(Path(settings.MEDIA_ROOT))
    assert "content.article" in manifest["rows"] and "sessions.session" not in manifest["rows"]

    restored = target.run("restore", str(archive))

    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout and "indexed 7 articles" in restored.stdout
    source = canonical_rows(manifest["models"])
    empty = {label for label, rows in source.items() if not rows} - set(MAY_BE_EMPTY)
    assert not empty, f"add rows of {sorted(empty)} to build_newsroom, or list them in DERIVED"
    report = target.report(
        {
            "models": manifest["models"],
            "logins": PASSWORDS,
            "login_as": ["reporter", PASSWORDS["reporter"]],
            "two_factor_user": "chief",
            "pages": checks["pages"],
        }
    )
    for label in manifest["models"]:
        assert report["rows"][label] == source[label], label
    assert media_checksums(target.media) == manifest["media"]
    assert report["passwords"] == dict.fromkeys(PASSWORDS, True)
    assert report["login"][0] == 302 and report["wrong_login"] == 200
    if apps.is_installed("django_otp.plugins.otp_totp"):
        assert report["two_factor"] is True
    assert report["pages"] == {name: [200, True] for name in checks["pages"]}


# --- Restoring in this process, into the test database emptied again --------------


@pytest.fixture
def archive(settings, tmp_path) -> tuple[Path, dict]:
    """A newsroom's archive, and the test database as empty as `migrate` left it."""
    path = tmp_path / "site.zip"
    with transaction.atomic():
        build_newsroom(settings)
        manifest = backup(path)
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    return path, manifest


def restore(path: Path) -> str:
    out = io.StringIO()
    call_command("restore", str(path), verbosity=0, stdout=out)
    return out.getvalue()


def content_rows(manifest: dict) -> dict[str, int]:
    return {
        label: apps.get_model(label)._base_manager.count()
        for label in manifest["models"]
        if label not in NATURAL_PRIMARY
    }


def test_new_rows_after_a_restore_take_new_ids(archive):
    path, manifest = archive
    restore(path)
    assert ArticleFactory().pk > manifest["rows"]["content.article"]
    assert Event.objects.create(edition="en", kind="x").pk > manifest["rows"]["live.event"]


def rewrite(source: Path, target: Path, change) -> None:
    """Copy the archive, passing each member's name and bytes through `change`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info, data)


def flip_a_byte(archive: Path, member: str) -> bytes:
    """The archive's bytes with one byte inverted in the middle of the member's stored data."""
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as opened:
        info = next(i for i in opened.infolist() if member in i.filename)
    # A local file header is 30 bytes, then the name and the extra field (sizes at 26 and 28).
    name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    data[start + info.compress_size // 2] ^= 0xFF
    return bytes(data)


def test_damaged_archives_are_refused_and_the_target_stays_empty(settings, tmp_path, archive):
    good, manifest = archive
    image = "media/" + next(iter(manifest["media"]))
    damaged = {}
    damaged["truncated"] = tmp_path / "truncated.zip"
    damaged["truncated"].write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    damaged["altered image"] = tmp_path / "altered.zip"
    rewrite(good, damaged["altered image"], lambda n, b: b[:-1] + b"\0" if n == image else b)
    damaged["missing image"] = tmp_path / "missing.zip"
    rewrite(good, damaged["missing image"], lambda n, b: None if n == image else b)
    damaged["altered rows"] = tmp_path / "rows.zip"
    rewrite(
        good,
        damaged["altered rows"],
        lambda n, b: b.replace(b"Hydrogen", b"Helium") if "content.article" in n else b,
    )
    damaged["flipped bits"] = tmp_path / "flipped.zip"
    damaged["flipped bits"].write_bytes(flip_a_byte(good, "content.article"))
    damaged["newer format"] = tmp_path / "newer.zip"
    newer = json.dumps(manifest | {"format": FORMAT_VERSION + 1}).encode()
    rewrite(good, damaged["newer format"], lambda n, b: newer if n == "manifest.json" else b)
    expected = {
        "truncated": "not a readable Newsline backup",
        "altered image": f"{image} in the backup does not match its checksum",
        "missing image": f"missing: {image}",
        "altered rows": "content.article.jsonl in the backup does not match its checksum",
        "flipped bits": "content.article.jsonl in the backup",
        "newer format": f"written in format {FORMAT_VERSION + 1}",
    }
    for name, path in damaged.items():
        with pytest.raises(CommandError) as refused:
            restore(path)
        assert expected[name] in str(refused.value), name
        assert "Traceback" not in str(refused.value)

        assert set(content_rows(manifest).values()) == {0}, name
        assert media_checksums(Path(settings.MEDIA_ROOT)) == {}, name


def test_a_target_with_content_is_refused(settings, archive):
    path, manifest = archive
    restore(path)
    rows, media = content_rows(manifest), media_checksums(Path(settings.MEDIA_ROOT))

    with pytest.raises(CommandError) as refused:
        restore(path)

    assert "This installation is not empty: content.section (" in str(refused.value)
    assert "nothing was changed" in str(refused.value)
    assert content_rows(manifest) == rows and rows["content.article"] == 7
    assert media_checksums(Path(settings.MEDIA_ROOT)) == media == manifest["media"]


def test_a_backup_of_another_schema_is_refused(tmp_path):
    archive = tmp_path / "site.zip"
    manifest = backup(archive)
    future = manifest | {"migrations": manifest["migrations"] | {"content": ["9999_future"]}}
    changed = tmp_path / "future.zip"
    new_manifest = json.dumps(future).encode()
    rewrite(archive, changed, lambda n, b: new_manifest if n == "manifest.json" else b)

    with pytest.raises(CommandError, match=r"content\.9999_future.*Upgrade Newsline"):
        restore(changed)


def test_reading_a_missing_or_foreign_file_is_a_clear_error(tmp_path):
    with pytest.raises(RestoreError, match="No archive at"):
        read_manifest(tmp_path / "nothing.zip")
    (tmp_path / "notes.zip").write_text("not a zip")
    with pytest.raises(RestoreError, match="not a readable Newsline backup"):
        read_manifest(tmp_path / "notes.zip")
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as other:
        other.writestr("manifest.json", json.dumps({"format": 1, "files": []}))
    with pytest.raises(RestoreError, match="has no valid manifest"):
        read_manifest(tmp_path / "other.zip")


def test_backup_without_a_path_writes_a_dated_archive_in_the_data_directory(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    moment = datetime(2026, 3, 1, 9, 30, 5, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        call_command("backup", verbosity=0)
    assert [p.name for p in (tmp_path / "backups").iterdir()] == ["newsline-20260301-093005.zip"]


def test_natural_primary_models_are_matched_not_duplicated(tmp_path):
    """Groups, permissions and content types travel without their ids."""
    manifest = backup(tmp_path / "site.zip")
    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        for name in manifest["files"]:
            label = name.split("-", 1)[-1].removesuffix(".jsonl")
            if label in NATURAL_PRIMARY:
                first = json.loads(archive.read(name).splitlines()[0])
                assert "pk" not in first, label


def test_unsafe_member_names_are_refused():
    from newsline.server.restore import _safe_relative

    for name in ["../etc/passwd", "/etc/passwd", "media/../../x", "media\\..\\x"]:
        with pytest.raises(RestoreError, match="unsafe file name"):
            _safe_relative(name)
    assert _safe_relative("media/images/a.png") == Path("media/images/a.png")


@pytest.mark.django_db
def test_a_backup_that_cannot_be_written_says_why_and_leaves_nothing(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    blocker = folder / "a-file-not-a-folder"
    blocker.write_text("")
    for target in (blocker / "site.zip", Path("/proc/no-such-folder/site.zip")):
        with pytest.raises(CommandError, match=f"Could not write the backup to {target}"):
            call_command("backup", str(target), verbosity=0)
    assert list(folder.iterdir()) == [blocker]
