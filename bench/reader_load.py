"""Load benchmark of the reader site: seed a large archive, serve it, measure it with wrk.

Steps (each bounded in time):
  1. a private data directory (default bench/out/data; DATABASE_URL and REDIS_URL are
     removed from the environment, so this measures the embedded SQLite default);
  2. `newsline migrate`, `newsline collectstatic --no-input`, and, timed,
     `newsline seed --articles N` (skipped with --reuse if the archive is already that big);
  3. `newsline serve --host 127.0.0.1 --port <free> --workers W`, polled until it answers;
  4. `wrk --latency` against the home page, one article page, the archive's first page and
     an archive page deep in the English edition (cursor built in `newsline shell`);
  5. a table of req/s, p50 and p99, and the deep/first archive page ratios (target <= 1.5x);
  6. optionally (--nginx) the ceiling: nginx serving a saved copy of the home page.

The server (and nginx) are stopped by the process id this script started, never by name.

    .venv/bin/python bench/reader_load.py                # full run, 100,000 articles
    .venv/bin/python bench/reader_load.py --reuse        # keep the seeded archive
    .venv/bin/python bench/reader_load.py --articles 5000 --duration 3   # a quick look
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
MARKER = ".reader-load-bench"  # marks a data directory this script made and may wipe
SEED_TARGET_SECONDS = 180
DEEP_RATIO_TARGET = 1.5
WRK = shutil.which("wrk") or "/usr/bin/wrk"

# Runs inside `newsline shell -c`: facts about the archive and the URLs to measure.
PROBE = """
import json, sqlite3, sys
import django
from django.conf import settings
from django.db import connection
from newsline.content.models import Article
from newsline.content.pagination import Cursor

deep, language = {deep}, {language!r}
visible = Article.objects.visible().edition(language).newest_first()
count = visible.count()
by_language = {{
    code: Article.objects.visible().edition(code).count()
    for code, _name in settings.LANGUAGES
}}
position = max(0, min(deep, count - 100))
page_article = visible[min(100, max(count - 1, 0))] if count else None
deep_article = visible[position] if count else None
print("PROBE " + json.dumps({{
    "total": Article.objects.count(),
    "visible": count,
    "visible_by_language": by_language,
    "article_url": page_article.get_absolute_url() if page_article else None,
    "deep_position": position,
    "deep_cursor": Cursor.of(deep_article).encode() if deep_article else None,
    "python": sys.version.split()[0],
    "django": django.get_version(),
    "sqlite": sqlite3.sqlite_version,
    "database": connection.vendor,
}}))
"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def newsline_command() -> list[str]:
    local = ROOT / ".venv" / "bin" / "newsline"
    if local.exists():
        return [str(local)]
    found = shutil.which("newsline")
    if not found:
        sys.exit("newsline is not installed: run `make setup` first.")
    return [found]


def run(args: list[str], env: dict, timeout: float, *, quiet: bool = True) -> str:
    """Run a newsline command; return its stdout, or exit with its output on failure."""
    command = newsline_command() + args
    try:
        done = subprocess.run(
            command,
            env=env,
            cwd=ROOT,
            timeout=timeout,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE if quiet else None,
            text=True,
        )
    except subprocess.TimeoutExpired:
        sys.exit(f"`{' '.join(command)}` did not finish within {timeout:.0f} s.")
    if done.returncode:
        sys.exit(
            f"`{' '.join(command)}` failed ({done.returncode}):\n{done.stdout}\n{done.stderr or ''}"
        )
    return done.stdout


def prepare_data_dir(path: Path, reuse: bool) -> None:
    if path.exists() and not reuse:
        if any(path.iterdir()) and not (path / MARKER).exists():
            sys.exit(f"{path} is not empty and was not made by this script; choose another.")
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / MARKER).touch()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 10) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Language": "en"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_until_up(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server exited with {process.returncode}; see {OUT / 'serve.log'}.")
        try:
            if fetch(url, timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer 200 within {timeout:.0f} s")


def stop(process: subprocess.Popen, name: str) -> None:
    """Stop a process this script started (and its children, in its own session) by id."""
    if process.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)  # the group whose leader is our child's pid
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            log(f"{name} (pid {process.pid}) stopped.")
            return
        except subprocess.TimeoutExpired:
            continue
    log(f"warning: {name} (pid {process.pid}) did not stop.")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url: str, *, threads: int, connections: int, duration: int) -> dict:
    command = [
        WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
        "--latency", url,
    ]  # fmt: skip
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 60, check=False
    )
    output = done.stdout
    if done.returncode or "Requests/sec" not in output:
        raise RuntimeError(f"wrk failed on {url}:\n{output}\n{done.stderr}")
    (OUT / "wrk.log").open("a").write(f"$ {' '.join(command)}\n{output}\n")
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)[ \t]*$", output, re.MULTILINE))
    if "50" not in latency or "99" not in latency:
        raise RuntimeError(f"cannot read wrk's latency distribution:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(latency["50"]),
        "p99": to_ms(latency["99"]),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
    }


def nginx_ceiling(html: bytes, args) -> dict | None:
    """wrk against nginx serving the saved home page as a static file (the ceiling)."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not nginx:
        log("nginx is not installed; skipping the ceiling (apt-get install -y nginx-light).")
        return None
    prefix = OUT / "nginx"
    shutil.rmtree(prefix, ignore_errors=True)
    (prefix / "html").mkdir(parents=True)
    (prefix / "logs").mkdir()
    (prefix / "html" / "index.html").write_bytes(html)
    port = free_port()
    (prefix / "nginx.conf").write_text(
        f"""daemon off;
worker_processes {args.workers};
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types {{ text/html html; }}
    client_body_temp_path {prefix}/tmp;
    proxy_temp_path {prefix}/tmp;
    fastcgi_temp_path {prefix}/tmp;
    uwsgi_temp_path {prefix}/tmp;
    scgi_temp_path {prefix}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {prefix}/html;
        location / {{ try_files /index.html =404; }}
    }}
}}
"""
    )
    process = subprocess.Popen(
        [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=open(prefix / "logs" / "stderr.log", "wb"),  # noqa: SIM115
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_up(url, process, timeout=15)
        log(f"nginx (pid {process.pid}) serving a {len(html):,}-byte copy of /en/; wrk…")
        return wrk(url, threads=args.threads, connections=args.connections, duration=args.duration)
    finally:
        stop(process, "nginx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="archive size (100000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per URL (10)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (32)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--workers", type=int, default=2, help="server workers (2)")
    parser.add_argument(
        "--deep", type=int, default=50_000, help="position of the deep archive page (50000)"
    )
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded data dir")
    parser.add_argument("--data-dir", type=Path, default=OUT / "data")
    parser.add_argument("--seed-timeout", type=int, default=1200, help="seconds (1200)")
    parser.add_argument("--nginx", action="store_true", help="also measure the nginx ceiling")
    parser.add_argument(
        "--no-calibration",
        action="store_true",
        help="skip the extra row: a static file through Django's WhiteNoise middleware",
    )
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="run ANALYZE before serving (diagnostic: gives SQLite's planner statistics)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    if not Path(WRK).exists():
        sys.exit("wrk is not installed.")

    data_dir = args.data_dir.resolve()
    OUT.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(NEWSLINE_DATA_DIR=str(data_dir), DEBUG="0", PYTHONUNBUFFERED="1")
    env.pop("NEWSLINE_LANGUAGES", None)

    prepare_data_dir(data_dir, args.reuse)
    log(f"data directory {data_dir}")
    run(["migrate", "--no-input", "-v", "0"], env, timeout=300)
    run(["collectstatic", "--no-input", "-v", "0"], env, timeout=300)
    probe = PROBE.format(deep=args.deep, language="en")

    def archive_facts() -> dict:
        out = run(["shell", "-c", probe], env, timeout=300)
        line = next(line for line in out.splitlines() if line.startswith("PROBE "))
        return json.loads(line.removeprefix("PROBE "))

    seed_seconds = None
    facts = archive_facts()
    if args.reuse and facts["total"] >= args.articles:
        log(f"reusing the archive: {facts['total']:,} articles, seeding skipped.")
    else:
        log(f"seeding {args.articles:,} articles…")
        started = time.monotonic()
        run(["seed", "--articles", str(args.articles), "-v", "0"], env, args.seed_timeout)
        seed_seconds = time.monotonic() - started
        verdict = "within" if seed_seconds <= SEED_TARGET_SECONDS else "OVER"
        log(
            f"seeding took {seed_seconds:.1f} s ({verdict} the {SEED_TARGET_SECONDS} s target, "
            f"{args.articles / seed_seconds:,.0f} articles/s)"
        )
        facts = archive_facts()
    if args.analyze:
        # Diagnostic, off by default: the app does not gather planner statistics itself.
        log("running ANALYZE (--analyze)…")
        analyze = "from django.db import connection; connection.cursor().execute('ANALYZE')"
        run(["shell", "-c", analyze], env, timeout=600)
    log(
        f"archive: {facts['total']:,} articles; visible by edition {facts['visible_by_language']}; "
        f"{facts['database']}, Python {facts['python']}, Django {facts['django']}, "
        f"SQLite {facts['sqlite']}"
    )
    if not facts["visible"]:
        sys.exit("no visible English article: nothing to measure.")
    if facts["deep_position"] < args.deep:
        log(
            f"the English edition has {facts['visible']:,} visible stories (fewer than "
            f"{args.deep:,} + 100): the deep page starts at position "
            f"{facts['deep_position']:,} instead."
        )

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    urls = {
        "home /en/": "/en/",
        "article": facts["article_url"],
        "archive, first page": "/en/archive/",
        f"archive, {facts['deep_position']:,} deep": f"/en/archive/?before={facts['deep_cursor']}",
    }
    serve_log = open(OUT / "serve.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        newsline_command()
        + ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers)],
        env=env,
        cwd=ROOT,
        stdout=serve_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so its workers stop with it
    )
    results: dict[str, dict] = {}
    home_html = b""
    try:
        log(f"server pid {server.pid} on {base} with {args.workers} worker(s); waiting…")
        wait_until_up(base + "/en/", server, timeout=60)
        # Calibration: a response Django's middleware answers without a view or a query.
        stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', fetch(base + "/en/")[1])
        if stylesheet and not args.no_calibration:
            urls["static CSS (WhiteNoise)"] = stylesheet.group(1).decode()
        for name, path in urls.items():
            status, body = fetch(base + path)
            if status != 200:
                raise RuntimeError(f"{name}: {path} answered {status}, not 200")
            if path == "/en/":
                home_html = body
            # Other jobs on the machine skew the figures; the load average shows if any ran.
            load = os.getloadavg()[0]
            log(f"wrk {name}: {path[:70]} ({len(body):,} bytes, load {load:.1f})…")
            results[name] = wrk(
                base + path,
                threads=args.threads,
                connections=args.connections,
                duration=args.duration,
            )
            results[name]["bytes"] = len(body)
    finally:
        stop(server, "server")
        serve_log.close()

    if args.nginx and home_html:
        ceiling = nginx_ceiling(home_html, args)
        if ceiling:
            ceiling["bytes"] = len(home_html)
            results["nginx, static copy of /en/"] = ceiling

    print()
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency, "
        f"{args.workers} granian worker(s), {facts['total']:,} articles"
    )
    header = f"{'page':<28} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'bytes':>8}  errors"
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        errors = ", ".join(
            part
            for part in (f"{r['non_2xx']} non-2xx" if r["non_2xx"] else "", r["socket_errors"])
            if part
        )
        print(
            f"{name:<28} {r['rps']:>10,.0f} {r['p50']:>9.2f} {r['p99']:>9.2f} "
            f"{r['bytes']:>8,}  {errors or '-'}"
        )
    first = results["archive, first page"]
    deep = results[f"archive, {facts['deep_position']:,} deep"]
    p50_ratio = deep["p50"] / first["p50"]
    rps_ratio = first["rps"] / deep["rps"]
    ok = p50_ratio <= DEEP_RATIO_TARGET and rps_ratio <= DEEP_RATIO_TARGET
    print()
    print(f"deep page p50 / first page p50: {p50_ratio:.2f}x")
    print(f"first page req/s / deep page req/s: {rps_ratio:.2f}x")
    print(f"target <= {DEEP_RATIO_TARGET}x: {'met' if ok else 'NOT met'}")
    if seed_seconds is not None:
        print(f"seeding {args.articles:,} articles: {seed_seconds:.1f} s")

    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "facts": {k: v for k, v in facts.items() if k != "deep_cursor"},
                    "seed_seconds": seed_seconds,
                    "wrk": {
                        "threads": args.threads,
                        "connections": args.connections,
                        "duration": args.duration,
                        "workers": args.workers,
                    },
                    "results": results,
                    "deep_p50_ratio": p50_ratio,
                    "deep_rps_ratio": rps_ratio,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
