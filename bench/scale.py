"""What a page costs on a small and a large archive: SQL queries and server time per render.

Each database (seeded beforehand, e.g. 10,000 and 1,000,000 stories) is measured in its own
process, since settings are read once from DATABASE_URL; pages are rendered through Django's
test client (no HTTP, no page cache: every request renders). Prints, per page, the queries
and median render time on each database and the ratio large/small (target <= 1.2x); for a
page that lists more on the large archive (a day's or a month's stories), the ratio per item.

    .venv/bin/python bench/scale.py \\
        postgres://postgres@127.0.0.1:5432/newsline_bench_10k \\
        postgres://postgres@127.0.0.1:5432/newsline_bench_1m --repeats 30
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))
import reader_load as rl  # noqa: E402 - runs newsline commands

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsline.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"
# What a page lists: stories (HTML), sitemap URLs and sitemaps, feed entries.
ITEM = re.compile(rb"<(?:article|url|sitemap|item|entry)[\s>]")


def pages() -> list[tuple[str, str, dict]]:
    """(name, path, query) of each page measured, found in the seeded archive."""
    from datetime import timedelta

    from django.db.models import Count
    from django.utils import timezone

    from newsline.content.models import Article, Author, Section, Tag
    from newsline.content.pagination import Cursor

    visible = Article.objects.visible().edition("en").newest_first()
    count = visible.count()
    article = visible[min(100, count - 1)]
    deep = visible[max(0, count - 100)]  # the archive's last page but one
    section = Section.objects.order_by("order").first()
    tag = Tag.objects.filter(language="en").annotate(n=Count("articles")).order_by("-n").first()
    author = Author.objects.order_by("id").first()
    day = timezone.localdate() - timedelta(days=30)
    month = timezone.now() - timedelta(days=180)
    word = max(article.headline.split(), key=len).strip(".,")
    return [
        ("home", "/en/", {}),
        ("article", article.get_absolute_url(), {}),
        ("section", f"/en/section/{section.slug}/", {}),
        ("tag", f"/en/tag/{tag.slug}/", {}),
        ("author", f"/en/author/{author.slug}/", {}),
        ("archive, first page", "/en/archive/", {}),
        ("archive, last page", "/en/archive/", {"before": Cursor.of(deep).encode()}),
        ("day archive", f"/en/archive/{day:%Y/%m/%d}/", {}),
        ("RSS feed", "/en/feed/rss/", {}),
        ("Atom feed", "/en/feed/atom/", {}),
        ("section RSS feed", f"/en/section/{section.slug}/feed/rss/", {}),
        ("sitemap index", "/sitemap.xml", {}),
        ("monthly sitemap", f"/sitemap-articles-en-{month:%Y-%m}.xml", {}),
        ("Google News sitemap", "/sitemap-news.xml", {}),
        ("API list", "/api/v1/articles", {"edition": "en"}),
        ("API list, section", "/api/v1/articles", {"edition": "en", "section": section.slug}),
        ("API article", f"/api/v1/articles/{article.id}", {}),
        ("search", "/en/search/", {"q": word}),
        ("newsroom article list", "/newsroom/content/article/", {}),
        ("newsroom list, search", "/newsroom/content/article/", {"q": word}),
    ]


def measure(repeats: int) -> dict:
    """Measure every page on the database in DATABASE_URL; return {name: figures}."""
    import django

    django.setup()
    from django.test import Client
    from newsroom_list import chief_editor, timed

    from newsline.content.models import Article

    client = Client()
    client.force_login(chief_editor())
    results = {"_stories": Article.objects.count()}
    for name, path, params in pages():
        queries, times = timed(client, path, params, 1)
        if times[0] < 2000:  # a page of seconds is measured twice, or a run takes an hour
            queries, times = timed(client, path, params, repeats)
        else:
            times += timed(client, path, params, 1)[1]
        results[name] = {
            "items": len(ITEM.findall(client.get(path, params).content)),
            "queries": len(queries),
            "times": times,
            "sql_ms": sum(ms for ms, _sql in queries),
            "slowest": max(queries)[1][:200] if queries else "",
        }
    return results


def run(url: str, repeats: int) -> dict:
    """Measure one database in a child process (settings are read once, at start).

    Each database gets its own machine-local cache: with one cache for both, a page of one
    archive would show the news line kept from the other.
    """
    data = BENCH / "out" / f"scale-{url.rsplit('/', 1)[-1]}"
    data.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": url, "NEWSLINE_DATA_DIR": str(data)}
    env.pop("REDIS_URL", None)
    if not (data / "static" / "staticfiles.json").exists():
        rl.run(["collectstatic", "--no-input", "-v", "0"], env, timeout=300)
    out = subprocess.run(
        [sys.executable, __file__, "--measure", "--repeats", str(repeats)],
        env=env, check=True, capture_output=True, text=True, timeout=3600,
    ).stdout  # fmt: skip
    return json.loads(out.splitlines()[-1])


def merge(rounds: list[dict]) -> dict:
    """One database's rounds as one: all render times, the first round's queries."""
    merged = {"_stories": rounds[0]["_stories"]}
    for name, first in rounds[0].items():
        if not name.startswith("_"):
            times = sorted(t for r in rounds for t in r[name]["times"])
            merged[name] = {**first, "times": times, "median_ms": statistics.median(times)}
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", nargs="*", help="database URLs, small archive first")
    parser.add_argument("--repeats", type=int, default=10, help="renders per page and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per database")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # the child: one database, figures as JSON on stdout
        print(json.dumps(measure(args.repeats)))
        return
    small, large = args.databases or [
        "postgres://postgres@127.0.0.1:5432/newsline_bench_10k",
        "postgres://postgres@127.0.0.1:5432/newsline_bench_1m",
    ]
    # Rounds alternate between the databases, so both see the machine's load alike.
    rounds = {small: [], large: []}
    for _ in range(args.rounds):
        for url in (small, large):
            rounds[url].append(run(url, args.repeats))
    figures = [merge(rounds[small]), merge(rounds[large])]
    a, b = figures
    if args.json:
        Path(args.json).write_text(json.dumps({"small": a, "large": b}, indent=1))
    renders = args.rounds * args.repeats
    print(f"{a['_stories']:,} vs {b['_stories']:,} stories; median of {renders} renders "
          f"(of {2 * args.rounds} for a page of seconds)")  # fmt: skip
    print(f"{'page':<30} {'queries':>9} {'small ms':>9} {'large ms':>9} {'ratio':>6}  "
          f"{'SQL ms small/large':>19}")  # fmt: skip
    for name in a:
        if name.startswith("_"):
            continue
        x, y = a[name], b[name]
        queries = f"{x['queries']}/{y['queries']}" if x["queries"] != y["queries"] else x["queries"]
        ratio = y["median_ms"] / x["median_ms"]
        flag = "  <-- over 1.2x" if ratio > 1.2 else ""
        if x["items"] and y["items"] != x["items"]:
            # A day's or a month's stories: the large archive has more of them to list.
            per_item = ratio * x["items"] / y["items"]
            flag += f" (lists {x['items']:,} vs {y['items']:,}: {per_item:.2f}x per item)"
        print(f"{name[:30]:<30} {queries!s:>9} {x['median_ms']:>9.1f} {y['median_ms']:>9.1f} "
              f"{ratio:>5.2f}x  {x['sql_ms']:>8.1f} / {y['sql_ms']:<8.1f}{flag}")  # fmt: skip


if __name__ == "__main__":
    main()
