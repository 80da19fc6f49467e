"""Private service instances for the fault tests: a Redis, a PostgreSQL cluster, the app.

Each runs on a free loopback port of its own, so stopping or restarting it never touches
the machine's PostgreSQL and Redis that the rest of the suite uses. The app runs as real
processes (`newsline serve`, `newsline worker`) against them.
"""

import contextlib
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import redis
import requests

from tests.live.test_processes import _free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ROOT = Path(__file__).resolve().parents[2]


def wait_until(condition, *, timeout: float, what: str, every: float = 0.05):
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


def _stop(process: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 20) -> None:
    """Stop `process` and what it started (it leads a process group of its own)."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=timeout)
    with contextlib.suppress(ProcessLookupError):  # a server's workers, if they linger
        os.killpg(process.pid, signal.SIGKILL)


class RedisServer:
    """A `redis-server` of our own, without persistence: stopping it loses its data."""

    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> "RedisServer":
        command = [
            shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True)
        wait_until(self.answers, timeout=10, what="redis-server to answer")
        return self

    def answers(self) -> bool:
        try:
            return redis.Redis.from_url(self.url, socket_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)
            self.process = None


class PostgresCluster:
    """A PostgreSQL cluster in a temporary directory, run as the `postgres` user when root."""

    def __init__(self):
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="newsline-faults-pg-"))
        self.data = self.dir / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/newsline"
        self._as = []
        if os.geteuid() == 0:  # initdb and pg_ctl refuse to run as root
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _pg(self, tool: str, *args: str, timeout: float = 60) -> None:
        command = [*self._as, str(PG_BIN / tool), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, f"{tool}: {done.stdout}\n{done.stderr}"

    def init(self) -> "PostgresCluster":
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-N", "-E",
                 "UTF8", "--locale=C.UTF-8")  # fmt: skip
        self.start()
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute("CREATE DATABASE newsline")
        return self

    @property
    def admin_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _options(self) -> str:
        # No durability needed for a throwaway cluster; a short shutdown wait.
        return (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off"
        )

    def start(self) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-t", "30",
                 "-o", self._options(), "start")  # fmt: skip

    def stop(self) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop")

    def restart(self) -> None:
        # -l here too: without it the new server writes to (and keeps open) our pipe.
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-m", "fast",
                 "-w", "-t", "30", "-o", self._options(), "restart")  # fmt: skip

    def query(self, sql: str, *params):
        """Rows of `sql` in the app's database (a connection of its own, closed after)."""
        with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def destroy(self) -> None:
        with contextlib.suppress(AssertionError):  # already stopped
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


SETUP = """
import json
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from django.contrib.auth import get_user_model
from newsline.api.models import ApiToken
from tests.factories import ArticleFactory, SectionFactory, role_group
section = SectionFactory(slug="news")
stories = [ArticleFactory(section=section, headline=f"Seeded story {n}") for n in range(3)]
chief = get_user_model().objects.create_user("chief", password="pw-correct-horse", is_staff=True)
chief.groups.add(role_group("chief editor"))
token = ApiToken(name="faults", user=chief, scope="write")
raw = token.set_new_secret()
token.save()
# A newsroom session as a browser would hold after signing in.
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
session = SessionStore()
session[SESSION_KEY] = str(chief.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = chief.get_session_auth_hash()
session.create()
print(json.dumps({
    "token": raw, "section": section.pk, "article": stories[0].get_absolute_url(),
    "session": session.session_key,
}))
"""


class App:
    """Newsline's processes against given DATABASE_URL and REDIS_URL, in a data dir of its own."""

    def __init__(self, data_dir: Path, *, database_url: str, redis_url: str, **env):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsline.settings",
            "NEWSLINE_DATA_DIR": str(data_dir),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "NEWSLINE_LIVE_POLL_SECONDS": "0.2",
            "PYTHONPATH": str(ROOT),
            **env,
        }
        self.processes: list[subprocess.Popen] = []

    def run(self, *args: str, **env) -> str:
        command = [sys.executable, "-m", "newsline.cli", *args]
        done = subprocess.run(
            command, env=self.env | env, capture_output=True, text=True, timeout=120, cwd=ROOT
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def setup(self) -> dict:
        """Migrate, collect static files, seed a section, three stories, a chief editor
        and a write token (one process: each start of Django costs seconds)."""
        return json.loads(self.run("shell", "-v0", "-c", SETUP).strip().splitlines()[-1])

    def serve(self, **env) -> str:
        """Start the server `newsline serve` runs (granian, the ASGI front, one process);
        return its address. Started directly: `newsline serve` would collect static
        files again at each start, and they are collected once in setup()."""
        port = _free_port()
        command = [
            sys.executable, "-m", "granian", "--interface", "asgi", "--workers", "1",
            "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
            "newsline.asgi:application",
        ]  # fmt: skip
        process = self._start(command, env)
        url = f"http://127.0.0.1:{port}"

        def answers():
            if process.poll() is not None:
                raise AssertionError(f"the server exited ({process.returncode})")
            try:
                return requests.get(f"{url}/healthz", timeout=1).status_code == 200
            except requests.RequestException:
                return False

        wait_until(answers, timeout=60, what="the server to answer")
        return url

    def worker(self, *args: str, **env) -> subprocess.Popen:
        """Start `newsline worker` (with `args`)."""
        command = [sys.executable, "-m", "newsline.cli", "worker", "--interval", "0.05", *args]
        return self._start(command, env)

    def _start(self, command: list[str], env: dict) -> subprocess.Popen:
        # A session of its own: stopping it stops granian's worker processes too.
        process = subprocess.Popen(command, env=self.env | env, cwd=ROOT, start_new_session=True)
        self.processes.append(process)
        return process

    def stop(self, process: subprocess.Popen, sig=signal.SIGTERM) -> None:
        _stop(process, sig)
        if process in self.processes:
            self.processes.remove(process)

    def draft(self, server: str, headline: str) -> int:
        """Start a story through the JSON API, as a newsroom system would; its id."""
        draft = {"language": "en", "headline": headline, "section_id": self.info["section"]}
        created = requests.post(
            f"{server}/api/v1/articles", json=draft, headers=self._auth(), timeout=10
        )
        assert created.status_code == 201, created.text
        return created.json()["article"]["id"]

    def publish(self, server: str, headline: str = "", *, pk: int | None = None) -> int:
        """Publish story `pk`, or a new one with `headline`, through the JSON API; its id."""
        pk = pk or self.draft(server, headline)
        published = requests.post(
            f"{server}/api/v1/articles/{pk}/publish", headers=self._auth(), timeout=10
        )
        assert published.status_code == 200, published.text
        return pk

    def newsroom(self) -> requests.Session:
        """A browser signed in to the newsroom as the chief editor."""
        session = requests.Session()
        session.cookies.set("sessionid", self.info["session"])
        return session

    def _auth(self) -> dict:
        return {"Authorization": f"Bearer {self.info['token']}"}

    def stop_all(self) -> None:
        for process in self.processes:  # all at once: each may take a moment to finish
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in list(self.processes):
            self.stop(process)


def have_binaries() -> str | None:
    """Why the private services cannot run here, or None if they can."""
    if not shutil.which("redis-server"):
        return "redis-server is not installed"
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL's initdb is not at {PG_BIN}"
    return None


def csrf_token(html: str) -> str:
    """The CSRF token of the first form in `html`."""
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
