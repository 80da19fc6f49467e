"""The access log: one line per request, written by the ASGI front, whoever answered."""

import asyncio
import json
import os
import re
import subprocess
import sys
import threading

import httpx
import pytest

from newsline.server import access_log
from tests.factories import ArticleFactory
from tests.live.sse import EventStream

pytestmark = pytest.mark.django_db(transaction=True)


class Lines:
    """Stands in for the front's line writer and hands the lines to the test."""

    def __init__(self):
        self.lines: list[dict] = []
        self.written = threading.Condition()

    def write(self, line: bytes) -> None:
        with self.written:
            self.lines.append(json.loads(line))
            self.written.notify_all()

    def flush(self) -> None:
        pass

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict]:
        """The first `count` lines; the front writes a line after the response has left."""
        with self.written:
            assert self.written.wait_for(lambda: len(self.lines) >= count, timeout), self.lines
            return self.lines[:count]


@pytest.fixture
def lines(monkeypatch):
    lines = Lines()
    monkeypatch.setattr(access_log, "writer", lines)
    return lines


def test_a_page_cache_hit_and_the_miss_before_it(asgi_live_server, lines):
    url = ArticleFactory(headline="Bridge opens").get_absolute_url()
    miss = httpx.get(asgi_live_server.url + url)
    hit = httpx.get(asgi_live_server.url + url)
    assert hit.headers["x-page-cache"] == "hit"
    first, second = lines.wait_for(2)
    assert first["via"] == "django" and second["via"] == "cache"
    for line, response in ((first, miss), (second, hit)):
        assert line["method"] == "GET" and line["path"] == url and line["query"] == ""
        assert line["status"] == 200 and line["bytes"] == len(response.content) > 0
        assert line["client"] == "127.0.0.1" and line["duration_ms"] >= 0
        assert line["logger"] == "newsline.access" and line["time"].endswith("Z")


def test_a_not_found_page(asgi_live_server, lines):
    response = httpx.get(asgi_live_server.url + "/en/no-such-page/?q=x")
    assert response.status_code == 404
    [line] = lines.wait_for(1)
    assert (line["status"], line["via"], line["path"], line["query"]) == (
        404, "django", "/en/no-such-page/", "q=x"
    )  # fmt: skip
    assert line["bytes"] == len(response.content)


def test_health_checks(asgi_live_server, lines):
    httpx.get(asgi_live_server.url + "/healthz")
    httpx.get(asgi_live_server.url + "/readyz")
    healthz, readyz = sorted(lines.wait_for(2), key=lambda line: line["path"])
    assert (healthz["path"], healthz["status"], healthz["via"]) == ("/healthz", 200, "health")
    assert (readyz["path"], readyz["status"], readyz["via"]) == ("/readyz", 200, "health")


def test_a_live_stream_gets_one_line_when_it_ends(asgi_live_server, lines):
    with EventStream(f"{asgi_live_server.url}/live/en/") as stream:
        assert stream.status == 200  # the response has started: the stream is open
        assert lines.lines == []  # and nothing is logged while it runs
    [line] = lines.wait_for(1)
    assert (line["path"], line["status"], line["via"]) == ("/live/en/", 200, "stream")
    assert line["bytes"] > 0 and line["duration_ms"] > 0


def test_the_client_behind_a_trusted_proxy(asgi_live_server, lines, settings):
    settings.NEWSLINE_TRUSTED_PROXIES = ["127.0.0.1"]
    httpx.get(asgi_live_server.url + "/healthz", headers={"X-Forwarded-For": "203.0.113.9"})
    assert lines.wait_for(1)[0]["client"] == "203.0.113.9"


def test_no_header_and_no_capability_reaches_the_log(asgi_live_server, lines):
    httpx.get(
        asgi_live_server.url + "/en/preview/abc.secret-token/?reset_token=t0p&page=2",
        headers={"Authorization": "Bearer s3cret-api-token", "Cookie": "sessionid=s3cret"},
    )
    [line] = lines.wait_for(1)
    assert line["path"] == "/en/preview/REDACTED/"
    assert line["query"] == "reset_token=REDACTED&page=2"
    assert "s3cret" not in json.dumps(line) and "t0p" not in json.dumps(line)


def test_text_lines_cannot_be_forged_with_a_line_break():
    line = access_log.text_line(
        "GET", "/en/\nFAKE 200", "", 404, 10, 1.5, "django", "127.0.0.1"
    ).decode()
    assert line.count("\n") == 1 and line.endswith('GET "/en/\\nFAKE 200" 404 10 1.50ms django\n')


def test_the_writer_batches_lines_without_splitting_one(tmp_path):
    path = tmp_path / "access.log"
    with path.open("wb") as file:
        writer = access_log.LineWriter(file.fileno())
        for n in range(100):  # no event loop: each line is written at once
            writer.write(f"line {n} {'x' * 100}\n".encode())
        writer.flush()
    assert path.read_text().splitlines() == [f"line {n} {'x' * 100}" for n in range(100)]


def healthz_through_the_front() -> None:
    from newsline.asgi import front

    async def call():
        async def receive():
            return {"type": "http.request", "body": b""}

        async def send(message):
            pass

        scope = {"type": "http", "method": "GET", "path": "/healthz", "query_string": b"",
                 "headers": [], "client": ("192.0.2.7", 5000)}  # fmt: skip
        await front(None)(scope, receive, send)

    asyncio.run(call())


class RawLines(list):
    def write(self, line: bytes) -> None:
        self.append(line.decode())


def test_text_lines_for_a_person_and_no_lines_when_turned_off(settings, monkeypatch):
    written = RawLines()
    monkeypatch.setattr(access_log, "writer", written)
    settings.NEWSLINE_LOG_FORMAT = "text"
    healthz_through_the_front()
    [line] = written
    assert re.fullmatch(
        r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO newsline.access 192.0.2.7 GET "/healthz" '
        r"200 16 \d+\.\d\dms health\n",
        line,
    )
    settings.NEWSLINE_ACCESS_LOG = False
    healthz_through_the_front()
    assert len(written) == 1


def test_a_log_format_that_does_not_exist_fails_at_start(tmp_path):
    code = "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'newsline.settings'; "
    code += "import django; django.setup()"
    env = os.environ | {"NEWSLINE_DATA_DIR": str(tmp_path), "NEWSLINE_LOG_FORMAT": "xml"}
    failed = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert failed.returncode != 0 and "NEWSLINE_LOG_FORMAT must be json or text" in failed.stderr
