"""The newsroom's article list on a large archive: queries and p50/p95 per filter and search.

Renders /newsroom/content/article/ through Django's test client (no HTTP), logged in as a
chief editor, against the database in DATABASE_URL (seed it first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsline_bench_1m \\
        .venv/bin/python bench/newsroom_list.py --repeats 30

Prints, per case, the SQL queries of one view, p50 and p95 of N timed views, and the
slowest query; the target is p95 < 300 ms at 1,000,000 stories.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsline.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"

URL = "/newsroom/content/article/"


def chief_editor():
    """A chief editor to log in as (the role groups come with the migrations)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, _ = get_user_model().objects.get_or_create(
        username="bench-chief", defaults={"is_staff": True}
    )
    user.groups.add(Group.objects.get(name="chief editor"))
    return user


def cases() -> list[tuple[str, dict]]:
    """The list as editors use it: each filter alone, two together, search, later pages."""
    from newsline.content.models import Article, Section

    section = Section.objects.order_by("order").first()
    recent = Article.objects.filter(language="en").order_by("-publish_at", "-id").first()
    old = Article.objects.filter(language="ru").order_by("publish_at", "id").first()
    word = max(recent.headline.split(), key=len).strip(".,")
    return [
        ("all stories", {}),
        ("status: published", {"status__exact": "published"}),
        ("status: draft", {"status__exact": "draft"}),
        ("status: withdrawn", {"status__exact": "withdrawn"}),
        ("language: az", {"language__exact": "az"}),
        ("section", {"section__id__exact": section.pk}),
        ("kind: interview", {"kind__exact": "interview"}),
        ("breaking", {"is_breaking__exact": "1"}),
        ("published: past 7 days", {"publish_at__gte": _days_ago(7)}),
        (
            "language + section + kind",
            {"language__exact": "az", "section__id__exact": section.pk, "kind__exact": "photo"},
        ),  # fmt: skip
        (f"search: {word!r}", {"q": word}),
        (f"search: {old.headline[:40]!r}", {"q": old.headline[:40]}),
        ("search: a story's number", {"q": str(old.pk)}),
        ("search + language", {"q": word, "language__exact": "en"}),
        ("page 2", {"p": "2"}),
        ("page 50", {"p": "50"}),
    ]


def _days_ago(days: int) -> str:
    from datetime import timedelta

    from django.utils import timezone

    # As the filter's own links give it: local midnight, with the offset.
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return str(midnight - timedelta(days=days))


class QueryLog:
    """Every SQL statement run while installed, with its time (connection.execute_wrapper)."""

    def __init__(self):
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - started) * 1000, sql))


def timed(client, url: str, params: dict, repeats: int) -> tuple[list[tuple[float, str]], list]:
    """Return one view's queries and the sorted times (ms) of `repeats` more views."""
    from django.db import connection

    log = QueryLog()
    with connection.execute_wrapper(log):
        response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
    return log.queries, sorted(times)


def percentile(times: list[float], share: float) -> float:
    return times[min(len(times) - 1, round(share * (len(times) - 1)))]


def measure(client, params: dict, repeats: int) -> dict:
    queries, times = timed(client, URL, params, repeats)
    slowest_ms, slowest_sql = max(queries)
    return {
        "queries": len(queries),
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "slowest": f"{slowest_ms:.0f} ms {slowest_sql[:70]}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    from newsline.content.models import Article

    client = Client()
    client.force_login(chief_editor())
    print(f"{Article.objects.count():,} stories; {args.repeats} views per case")
    print(f"{'case':<44} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}  slowest query")
    worst = 0.0
    for name, params in cases():
        row = measure(client, params, args.repeats)
        worst = max(worst, row["p95"])
        print(f"{name[:44]:<44} {row['queries']:>7} {row['p50']:>8.1f} {row['p95']:>8.1f}  "
              f"{row['slowest']}")  # fmt: skip
    print(f"worst p95: {worst:.1f} ms (target < 300 ms)")


if __name__ == "__main__":
    main()
