"""The page cache's one query per stored page costs the same at any archive size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from newsline.content.statistics import refresh_planner_statistics
from newsline.pagecache.freshness import next_change
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory
from tests.reader.test_query_costs import vm_steps
from tests.reader.test_query_counts import grow_archive

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite VM steps"),
]


def test_the_next_scheduled_story_is_found_without_reading_the_archive():
    parts = [SectionFactory()], ImageFactory(), TagFactory(), AuthorFactory()
    soon = timezone.now() + timedelta(minutes=5)
    ArticleFactory(publish_at=soon)
    grow_archive(50, *parts)
    refresh_planner_statistics()
    small = vm_steps(lambda: next_change(["en"], timezone.now()))
    grow_archive(3000, *parts)
    refresh_planner_statistics()
    assert next_change(["en"], timezone.now()) == soon
    assert vm_steps(lambda: next_change(["en"], timezone.now())) <= small + 50
