"""Real Varnish in front of Newsline, with deploy/varnish/newsline.vcl: hits, exact purges."""

import http.client
import shutil
import socket
import subprocess
import time
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from newsline.content.workflow import publish_article
from tests.factories import ArticleFactory, SectionFactory, newsroom_user

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "newsline.vcl"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(VARNISHD).exists(), reason="varnishd is not installed (apt-get install varnish)"
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"varnishd exited: {process.stderr.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("varnishd did not start listening")


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    """varnishd on a free loopback port, the deploy VCL pointed at the live server."""
    backend = urlsplit(live_server.url)
    vcl = VCL.read_text().replace('.port = "8000";', f'.port = "{backend.port}";', 1)
    assert f'.port = "{backend.port}"' in vcl
    (tmp_path / "test.vcl").write_text(vcl)
    port = free_port()
    process = subprocess.Popen(
        [
            VARNISHD, "-F", "-j", "none", "-n", str(tmp_path / "varnish"),
            "-a", f"127.0.0.1:{port}", "-T", "none", "-f", str(tmp_path / "test.vcl"),
            "-s", "malloc,32m",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_until_listening(port, process)
        settings.NEWSLINE_PURGE_URLS = [f"http://127.0.0.1:{port}/"]
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(port: int, path: str) -> tuple[str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200, (path, response.status)
        return response.getheader("X-Cache"), body
    finally:
        connection.close()


def run_worker():
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=True, lease=60, interval=0)


def test_varnish_serves_hits_and_a_publish_purges_exactly_its_pages(varnish):
    politics = SectionFactory(slug="politics")
    SectionFactory(slug="sport")
    story = ArticleFactory(headline="Budget passes", section=politics)
    ArticleFactory(language="az", headline="Büdcə qəbul edildi", section=politics)
    pages = [story.get_absolute_url(), "/en/", "/az/", "/en/section/sport/feed/rss/"]
    for path in pages:
        assert get(varnish, path)[0] == "MISS", path
        assert get(varnish, path)[0] == "HIT", path

    draft = ArticleFactory(
        headline="Minister resigns", section=politics, status="draft",
        publish_at=None, first_published_at=None,
    )  # fmt: skip
    publish_article(article_id=draft.pk, user=newsroom_user("editor"))
    run_worker()

    # The English pages show the new story in the news line, fetched afresh …
    for path in (story.get_absolute_url(), "/en/"):
        state, body = get(varnish, path)
        assert state == "MISS" and b"Minister resigns" in body, path
    # … while the other edition and a feed the story is not in stay cached.
    assert get(varnish, "/az/")[0] == "HIT"
    state, body = get(varnish, "/en/section/sport/feed/rss/")
    assert state == "HIT" and b"Minister resigns" not in body


def test_varnish_refuses_a_purge_without_keys(varnish):
    connection = http.client.HTTPConnection("127.0.0.1", varnish, timeout=10)
    connection.request("PURGE", "/")
    assert connection.getresponse().status == 400
    connection.close()
