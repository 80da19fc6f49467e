from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import call_command

from newsline.content.models import Article, Image

pytestmark = pytest.mark.django_db(transaction=False)


@time_machine.travel(datetime(2026, 11, 25, 12, 0, tzinfo=UTC), tick=False)
def test_seed_makes_a_realistic_archive_and_is_idempotent():
    call_command("seed", articles=240, verbosity=0)
    articles = Article.objects.all()
    assert articles.count() == 240
    assert set(articles.values_list("language", flat=True)) == {"en", "az", "ru"}
    assert set(articles.values_list("kind", flat=True)) == {k for k, _ in Article.Kind.choices}
    assert articles.values("section").distinct().count() == 8
    # Stories are linked across editions, some are scheduled, some still in the newsroom.
    groups = articles.values_list("translation_group", flat=True)
    assert len(set(groups)) < len(groups)
    scheduled = articles.filter(status="published").exclude(pk__in=Article.objects.visible())
    assert scheduled.exists() and articles.filter(status__in=["draft", "review"]).exists()
    assert articles.filter(lead_image__isnull=False).exists()
    assert all(image.renditions for image in Image.objects.all())
    # Running it again tops up only what is missing.
    call_command("seed", articles=240, verbosity=0)
    assert Article.objects.count() == 240
    call_command("seed", articles=250, verbosity=0)
    assert Article.objects.count() == 250
