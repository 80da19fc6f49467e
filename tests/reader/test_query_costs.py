"""DESIGN invariant 6 in numbers: a deep page costs the database what the first page does.

SQLite counts the virtual-machine steps a query takes, which depends on the plan and the
data, not on the machine, so the test can compare costs without a timer.
"""

import pytest
from django.db import connection

from newsline.content.models import Article
from newsline.content.pagination import Cursor, keyset_page
from newsline.content.statistics import refresh_planner_statistics
from tests.factories import AuthorFactory, ImageFactory, SectionFactory, TagFactory
from tests.reader.test_query_counts import grow_archive

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite VM steps"),
]


def vm_steps(run) -> int:
    steps = 0

    def count():
        nonlocal steps
        steps += 1
        return 0

    connection.ensure_connection()
    connection.connection.set_progress_handler(count, 10)
    try:
        run()
    finally:
        connection.connection.set_progress_handler(None, 0)
    return steps


@pytest.mark.parametrize("analyzed", [False, True])
def test_deep_archive_pages_cost_what_the_first_page_costs(analyzed):
    sections = [SectionFactory(slug=f"s{i}") for i in range(4)]
    grow_archive(3000, sections, ImageFactory(), TagFactory(), AuthorFactory())
    if analyzed:
        refresh_planner_statistics()
    ids = Article.objects.visible().newest_first().values_list("id", flat=True)

    def page(depth):
        cursor = Cursor.of(Article.objects.get(id=ids[depth])) if depth else None
        queryset = Article.objects.visible(before=cursor).edition("en").newest_first()
        return lambda: keyset_page(queryset.for_listing(), 30)

    first, deep = page(0), page(2900)
    assert vm_steps(deep) <= 1.5 * vm_steps(first)


def test_translations_use_the_translation_group_index():
    from newsline.content.selectors import translations
    from tests.factories import ArticleFactory

    grow_archive(3000, [SectionFactory()], ImageFactory(), TagFactory(), AuthorFactory())
    story = ArticleFactory()
    ArticleFactory(language="az", translation_group=story.translation_group)
    other = Article.objects.visible().first()
    assert vm_steps(lambda: translations(story)) <= 2 * vm_steps(lambda: translations(other)) + 50
    assert vm_steps(lambda: translations(story)) < 500
