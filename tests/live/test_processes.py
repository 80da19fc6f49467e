"""Every server process delivers every event: separate processes, a shared event log.

These start real servers (granian running `newsline.asgi`) as separate processes on a
site of their own, and publish from a third process, as the outbox worker would.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from tests.live.sse import EventStream

PUBLISH = """
from django.db import transaction
from django.utils import timezone
from newsline.content.models import Article, Section
from newsline.live.events import record_event
with transaction.atomic():
    section, _ = Section.objects.get_or_create(slug="news", defaults={{"name_en": "News"}})
    article = Article.objects.create(
        language="en", headline={headline!r}, section=section,
        status="published", publish_at=timezone.now(),
    )
    record_event(article, "published")
print(article.pk)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis_url() -> str | None:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.RedisError:
        return None
    return url


class Site:
    """A site directory of its own (SQLite file), its servers and a way to publish."""

    def __init__(self, path: Path):
        self.env = {
            **os.environ,
            "NEWSLINE_DATA_DIR": str(path),
            "DJANGO_SETTINGS_MODULE": "newsline.settings",
        }
        self.env.pop("DATABASE_URL", None)
        self.servers: list[subprocess.Popen] = []
        self._run("migrate", "-v0")

    def _run(self, *args, **env) -> str:
        command = [sys.executable, "-m", "newsline.cli", *args]
        done = subprocess.run(
            command, env=self.env | env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def serve(self, **env) -> str:
        port = _free_port()
        command = [
            sys.executable, "-m", "granian", "--interface", "asgi", "--workers", "1",
            "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
            "newsline.asgi:application",
        ]  # fmt: skip
        self.servers.append(subprocess.Popen(command, env=self.env | env))
        url = f"http://127.0.0.1:{port}"
        for _ in range(1200):  # until it accepts connections (at most a minute)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                return url
            except OSError:
                try:
                    code = self.servers[-1].wait(timeout=0.05)
                except subprocess.TimeoutExpired:
                    continue
                raise AssertionError(f"the server exited ({code})") from None
        raise AssertionError("the server did not start")

    def publish(self, headline: str, **env) -> int:
        script = PUBLISH.format(headline=headline)
        return int(self._run("shell", "-v0", "-c", script, **env).strip())

    def stop_servers(self):
        for server in self.servers:
            server.terminate()
        for server in self.servers:
            server.wait(timeout=30)
        self.servers.clear()


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    """One migrated site for the module; each test starts its own servers."""
    return Site(tmp_path_factory.mktemp("site"))


@pytest.fixture
def site(newsroom):
    yield newsroom
    newsroom.stop_servers()


def test_redis_wakes_every_process_at_once(site):
    redis_url = _redis_url()
    if redis_url is None:
        pytest.skip("needs a Redis server")
    # Polling only once a minute: an event that arrives promptly was woken by Redis.
    env = {"REDIS_URL": redis_url, "NEWSLINE_LIVE_POLL_SECONDS": "60"}
    first, second = site.serve(**env), site.serve(**env)
    with EventStream(f"{first}/live/en/") as one, EventStream(f"{second}/live/en/") as two:
        pk = site.publish("Heard in both processes", **env)
        events = [one.next(timeout=5), two.next(timeout=5)]
    assert [(event.kind, event.data["id"]) for event in events] == [("story", pk)] * 2


def test_without_redis_or_with_redis_gone_every_process_finds_events_by_polling(site):
    """The embedded default (no Redis) and a server whose Redis is down both deliver."""
    polling = {"NEWSLINE_LIVE_POLL_SECONDS": "0.2"}
    embedded = site.serve(REDIS_URL="", **polling)
    redis_gone = site.serve(REDIS_URL="redis://127.0.0.1:9/0", **polling)  # nothing listens
    with EventStream(f"{embedded}/live/en/") as one, EventStream(f"{redis_gone}/live/en/") as two:
        pk = site.publish("Found by polling", REDIS_URL="redis://127.0.0.1:9/0")
        events = [one.next(timeout=5), two.next(timeout=5)]
    assert [(event.kind, event.data["id"]) for event in events] == [("story", pk)] * 2
