"""Search latency benchmark: p50/p95 of the backend's search() per edition, in-process.

The database is the one the settings select: the embedded SQLite in the data directory,
or PostgreSQL when DATABASE_URL is set. Queries are 1, 2 and 3 words drawn from the seeded
stories of each edition (2 and 3 words consecutive in one headline or lead, so most
queries find something); each is timed through `search()` with snippets, as a view calls it.

    # SQLite: prepare a 100,000-story archive once (migrate, seed, reindex; timed), then measure
    .venv/bin/python bench/search.py --prepare 100000
    .venv/bin/python bench/search.py

    # PostgreSQL: a bench database made for the purpose, dropped afterwards
    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE newsline_bench_search"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsline_bench_search \\
        .venv/bin/python bench/search.py --data-dir bench/out/search-pg --prepare 100000
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE newsline_bench_search"
"""

import argparse
import gc
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT / "bench" / "out" / "search-data"
P95_TARGET_MS = {"postgresql": 50.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--prepare", type=int, metavar="N", help="migrate, seed N, reindex")
    parser.add_argument("--queries", type=int, default=100, help="per edition and word count")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    args.data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["NEWSLINE_DATA_DIR"] = str(args.data_dir.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsline.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if args.prepare:
        prepare(args.prepare)
    measure(args.queries, random.Random(args.seed))


def prepare(articles: int) -> None:
    """Migrate, seed the archive up to `articles` stories and rebuild the index, timed."""
    from django.core.management import call_command

    for name, options in [
        ("migrate", {}),
        ("seed", {"articles": articles}),
        ("reindex", {}),
    ]:
        started = time.perf_counter()
        call_command(name, verbosity=0, **options)
        print(f"{name}: {time.perf_counter() - started:.1f} s")


def sample_queries(language: str, count: int, rng: random.Random) -> dict[int, list[str]]:
    """Return `count` queries of 1, 2 and 3 words from the edition's visible stories."""
    from newsline.content.models import Article
    from newsline.search.analysis import WORD

    texts = list(
        Article.objects.visible()
        .edition(language)
        .order_by("?")
        .values_list("headline", "lead")[:2000]
    )
    runs = [
        [w for w in WORD.findall(text) if len(w) > 2]
        for headline, lead in texts
        for text in (headline, lead)
    ]
    runs = [run for run in runs if len(run) >= 3]
    queries: dict[int, list[str]] = {1: [], 2: [], 3: []}
    for size, chosen in queries.items():
        while len(chosen) < count:
            run = rng.choice(runs)
            start = rng.randrange(len(run) - size + 1)
            chosen.append(" ".join(run[start : start + size]))
    return queries


def measure(count: int, rng: random.Random) -> None:
    from django.conf import settings
    from django.db import connection

    from newsline.content.models import Article
    from newsline.search.backends import get_backend

    backend, vendor = get_backend(), connection.vendor
    print(f"backend: {type(backend).__name__} ({vendor}), {Article.objects.count():,} articles")
    print(f"{'edition':8} {'words':>5} {'queries':>7} {'hits/page':>9} {'p50 ms':>7} {'p95 ms':>7}")
    worst_p95 = 0.0
    for language, _name in settings.LANGUAGES:
        queries = sample_queries(language, count, rng)
        for query in queries[1][:5]:  # warm the caches and the stemmer
            backend.search(language, query)
        gc.collect()
        gc.freeze()  # as `newsline serve`'s workers do once loaded (newsline/asgi.py)
        timings, hits = [], []
        for size, chosen in queries.items():
            sized = []
            for query in chosen:
                started = time.perf_counter()
                page = backend.search(language, query)
                sized.append((time.perf_counter() - started) * 1000)
                hits.append(len(page.items))
            timings += sized
            report(language, str(size), sized, hits[-len(chosen) :])
        worst_p95 = max(worst_p95, report(language, "all", timings, hits))
    target = P95_TARGET_MS.get(vendor)
    if target:
        verdict = "meets" if worst_p95 < target else "MISSES"
        print(f"worst p95 {worst_p95:.1f} ms {verdict} the {target:.0f} ms target")


def report(language: str, words: str, timings: list[float], hits: list[int]) -> float:
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    p50, p95 = cuts[49], cuts[94]
    mean_hits = sum(hits) / len(hits)
    print(f"{language:8} {words:>5} {len(timings):>7} {mean_hits:>9.1f} {p50:>7.1f} {p95:>7.1f}")
    return p95


if __name__ == "__main__":
    main()
