"""Live blog test support: a live story published an hour ago, its entries, the worker."""

from datetime import timedelta

import factory
from django.utils import timezone

from newsline.live.models import LiveEntry
from tests.factories import ArticleFactory


class LiveStoryFactory(ArticleFactory):
    kind = "live"
    headline = factory.Sequence(lambda n: f"Live: the count, hour by hour {n}")


class LiveEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveEntry

    article = factory.SubFactory(LiveStoryFactory)
    body = factory.Sequence(lambda n: f"<p>Update number {n}.</p>")
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5))


def entries(article, count: int, *, start=None) -> list[LiveEntry]:
    """Bulk-create `count` entries a minute apart, the newest first in the returned list."""
    start = start or timezone.now() - timedelta(minutes=1)
    created = LiveEntry.objects.bulk_create(
        LiveEntry(
            article=article, body=f"<p>Entry {i}.</p>", published_at=start - timedelta(minutes=i)
        )
        for i in range(count)
    )
    return created


def run_worker() -> None:
    """Run the outbox's due tasks in this process, inside the test's transaction.

    As in tests/content/test_outbox.py: the worker would close the test's own connection.
    """
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=True, lease=60, interval=0)
