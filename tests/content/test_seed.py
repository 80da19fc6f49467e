from collections import Counter
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import F

from newsline.content.demo_data import IMAGE_COUNT
from newsline.content.models import Article, Image
from newsline.search.services import search_articles
from tests.factories import ArticleFactory, ImageFactory

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


@pytest.fixture
def demo_pictures():
    """The seed's pictures already in place, so a test does not encode 24 AVIF renditions."""
    return ImageFactory.create_batch(IMAGE_COUNT, credit="Newsline demo")


@time_machine.travel(datetime(2026, 11, 25, 12, 0, tzinfo=UTC), tick=False)
def test_a_seeded_archive_is_consistent_and_searchable(demo_pictures):
    call_command("seed", articles=300, verbosity=0)
    articles = Article.objects.all()
    seeded = sorted(articles.values_list("id", flat=True))
    assert len(seeded) == 300 and seeded == list(range(seeded[0], seeded[0] + 300))
    # Every story has one author and up to three tags of its own edition.
    Through = Article.tags.through
    assert Article.authors.through.objects.filter(article__in=articles).count() == 300
    assert Through.objects.exclude(tag__language=F("article__language")).count() == 0
    per_story = Counter(Through.objects.values_list("article_id", flat=True))
    assert per_story and max(per_story.values()) <= 3
    assert articles.filter(body__startswith="<p>", lead__gt="").count() == 300
    # The table's id sequence is ahead of the seeded rows: new stories get fresh ids.
    story = ArticleFactory()
    assert story.id > seeded[-1]
    call_command("seed", articles=310, verbosity=0)
    topped_up = Article.objects.exclude(id__in=[*seeded, story.id])
    assert topped_up.count() == 9 and min(topped_up.values_list("id", flat=True)) > story.id
    # The search index was filled: a seeded headline is found in its edition.
    visible = Article.objects.visible().filter(language="ru").order_by("-publish_at").first()
    found = search_articles("ru", visible.headline, limit=100).items
    assert visible.id in {hit.id for hit in found}
