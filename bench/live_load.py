"""Live stream load: N open streams, stories published at a steady rate, end to end.

Starts `newsline serve` (the production front, its task worker beside it) against the
database and Redis in the environment, opens N `/live/en/` streams from this process
(asyncio, raw sockets), publishes stories through the newsroom's publish service (so
each goes through the outbox and the worker, as in the newsroom), and reports
publish-to-receive latency, delivered/expected events and server memory per stream.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsline_bench \\
    REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/live_load.py -n 5000

The database must be migrated (`newsline migrate`); a few hundred stories are enough.
Raise the open-files limit first (`ulimit -n 65536`): each stream is a socket here and
one in the server.
"""

import argparse
import asyncio
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVENT_ID = re.compile(rb'"id":(\d+)')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--connections", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=2.0, help="stories per second")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of publishing")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    env = {**os.environ, "NEWSLINE_LIVE_MAX_PER_ADDRESS": str(args.connections + 100)}
    server = subprocess.Popen(
        [sys.executable, "-m", "newsline.cli", "serve", "--port", str(args.port),
         "--workers", str(args.workers)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for_port(args.port)
        asyncio.run(run(args, server.pid))
    finally:
        server.terminate()
        server.wait(timeout=60)


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def _rss_of_tree(pid: int) -> int:
    """Resident memory of the server and its children (granian workers), in bytes."""
    total, pids = 0, [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except FileNotFoundError:
            continue
        total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) * 1024
        pids += [int(child) for child in children]
    return total


class Stream:
    def __init__(self, arrivals: dict):
        self.arrivals = arrivals
        self.connected = asyncio.Event()
        self.failed = False

    async def run(self, port: int):
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET /live/en/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            status = await reader.readline()
            if b" 200 " not in status:
                raise ConnectionError(status)
            self.connected.set()
            while chunk := await reader.read(65536):
                now = time.perf_counter()
                for match in EVENT_ID.finditer(chunk):
                    self.arrivals.setdefault(int(match.group(1)), []).append(now)
        except (OSError, ConnectionError):
            self.failed = True
            self.connected.set()


async def run(args, server_pid: int):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsline.settings")
    django.setup()
    from asgiref.sync import sync_to_async

    published: dict[int, float] = {}
    arrivals: dict[int, list[float]] = {}
    publish = sync_to_async(await sync_to_async(_publisher)())
    await publish("Warm-up")  # the worker and the server's tail are running

    streams = [Stream(arrivals) for _ in range(args.connections)]
    tasks = []
    opened = time.perf_counter()
    # The first batch starts every worker's tail; memory per stream is measured after it.
    warm = min(100, len(streams) // 2)
    before = 0
    for start in [0, warm, *range(warm + 250, len(streams), 250)]:
        if start == warm:
            await asyncio.sleep(1)
            before = _rss_of_tree(server_pid)
        batch = streams[start : start + (warm if start == 0 else 250)]
        tasks += [asyncio.create_task(stream.run(args.port)) for stream in batch]
        await asyncio.gather(*(stream.connected.wait() for stream in batch))
    failed = sum(stream.failed for stream in streams)
    print(f"{args.connections} streams opened in {time.perf_counter() - opened:.1f} s, "
          f"{failed} refused or failed")  # fmt: skip
    await asyncio.sleep(2)
    after = _rss_of_tree(server_pid)
    connected = args.connections - failed

    count = int(args.rate * args.duration)
    begin = time.perf_counter()
    for i in range(count):
        await asyncio.sleep(max(0.0, begin + i / args.rate - time.perf_counter()))
        pk, at = await publish(f"Load story {i}")
        published[pk] = at
    # Let the last ones arrive (the worker looks for tasks five times a second).
    drain_until = time.perf_counter() + 10
    while time.perf_counter() < drain_until:
        if all(len(arrivals.get(pk, ())) >= connected for pk in published):
            break
        await asyncio.sleep(0.2)

    latencies = sorted(
        arrival - published[pk] for pk in published for arrival in arrivals.get(pk, ())
    )
    expected, delivered = len(published) * connected, len(latencies)
    for task in tasks:
        task.cancel()
    print(f"streams: {connected}, stories: {len(published)} at {args.rate}/s, "
          f"server workers: {args.workers}")  # fmt: skip
    print(f"delivered/expected events: {delivered}/{expected}")
    if latencies:
        q = statistics.quantiles(latencies, n=100)
        print(f"publish-to-receive latency: p50 {q[49] * 1000:.0f} ms, "
              f"p95 {q[94] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms, "
              f"max {latencies[-1] * 1000:.0f} ms")  # fmt: skip
    per_stream = (after - before) / max(connected - warm, 1) / 1024
    print(
        f"server memory: {before / 2**20:.0f} MiB with {warm} streams, {after / 2**20:.0f} MiB "
        f"with all open: {per_stream:.1f} KiB per stream"
    )


def _publisher():
    """Publish a new story the way the newsroom does; return (id, time of commit)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from newsline.content.models import Article, Section
    from newsline.content.workflow import publish_article

    editor, _ = get_user_model().objects.get_or_create(username="live-bench-editor")
    editor.groups.add(Group.objects.get(name="editor"))
    section = Section.objects.order_by("order").first() or Section.objects.create(
        slug="news", name_en="News"
    )

    def publish(headline: str) -> tuple[int, float]:
        article = Article.objects.create(
            language="en", headline=headline, lead="Load test.", section=section,
            body="<p>Load test.</p>", created_by=editor,
        )  # fmt: skip
        publish_article(article_id=article.pk, user=editor)
        return article.pk, time.perf_counter()

    return publish


if __name__ == "__main__":
    main()
