"""Purges for changes that do not go through the outbox: schedules, deletions, taxonomy."""

from django.conf import settings
from django.utils import timezone

from newsline.content.models import Article, Author
from newsline.pagecache.purge import purge_after_commit
from newsline.pagecache.tags import in_every_edition, sitemap_month


def article_saved(sender, instance: Article, **kwargs) -> None:
    """A story scheduled before already-cached pages would expire: let them go now.

    Its outbox effects run only at its minute, but pages stored earlier were given a
    lifetime without knowing of it (freshness.py); only those that would outlive the
    minute need to go, so a story scheduled far ahead costs nothing.
    """
    if instance.status != Article.Status.PUBLISHED or instance.publish_at is None:
        return
    ahead = (instance.publish_at - timezone.now()).total_seconds()
    # Fragments and the edition's kept next change (freshness.py) live as long as pages.
    horizon = max(
        settings.NEWSLINE_PAGE_CACHE_SECONDS + settings.NEWSLINE_PAGE_CACHE_STALE_SECONDS,
        settings.NEWSLINE_FRAGMENT_CACHE_SECONDS,
    )
    if 0 < ahead <= horizon:
        purge_after_commit([f"edition:{instance.language}", "sitemap"])


def article_deleted(sender, instance: Article, **kwargs) -> None:
    """A deleted story (the admin's delete, rare) may be on any page of its edition."""
    purge_after_commit(
        [f"edition:{instance.language}", f"story:{instance.translation_group}", "sitemap"]
    )


def section_changed(sender, instance, **kwargs) -> None:
    # Section names are in every page's menu.
    purge_after_commit([*in_every_edition("section", instance.pk), "sections", "sitemap"])


def tag_changed(sender, instance, **kwargs) -> None:
    purge_after_commit([f"tag:{instance.pk}", "sitemap"])


def author_changed(sender, instance, **kwargs) -> None:
    purge_after_commit([*in_every_edition("author", instance.pk), "sitemap"])


def image_changed(sender, instance, **kwargs) -> None:
    """A lead image or author photo recropped or re-described: the pages showing it."""
    leads = Article.objects.filter(lead_image=instance)
    tags = [f"article:{pk}" for pk in leads.values_list("pk", flat=True)]
    # The monthly sitemaps give each story's lead image too.
    months = leads.exclude(publish_at=None).values_list("language", "publish_at")
    tags += dict.fromkeys(sitemap_month(language, moment) for language, moment in months)
    for pk in Author.objects.filter(photo=instance).values_list("pk", flat=True):
        tags += in_every_edition("author", pk)
    if tags:
        purge_after_commit(tags)
