"""Writes to content. The admin, the API and management commands all call these."""

from django.db import transaction
from django.utils import timezone

from newsline.content.models import Article
from newsline.content.sanitize import sanitize_html
from newsline.text import normalize, slugify


def prepare_article(article: Article) -> Article:
    """Normalise an article's text before it is stored: NFC, sanitized body, slug, times."""
    article.headline = normalize(article.headline).strip()
    article.lead = normalize(article.lead).strip()
    article.body = sanitize_html(normalize(article.body))
    article.slug = slugify(article.slug or article.headline) or "story"
    if article.status == Article.Status.PUBLISHED:
        article.publish_at = article.publish_at or timezone.now()
        article.first_published_at = article.first_published_at or article.publish_at
    return article


def translate_article(*, article: Article, language: str, user=None) -> Article:
    """Return the story's draft in `language`, creating it linked to the same translation group.

    The draft starts from the original's text so the translator works side by side with it;
    section, kind, lead image and authors carry over. Tags belong to one edition and do not.
    """
    existing = Article.objects.filter(
        translation_group=article.translation_group, language=language
    ).first()
    if existing:
        return existing
    draft = Article(
        language=language,
        translation_group=article.translation_group,
        headline=article.headline,
        lead=article.lead,
        body=article.body,
        section_id=article.section_id,
        kind=article.kind,
        lead_image_id=article.lead_image_id,
        status=Article.Status.DRAFT,
        created_by=user if getattr(user, "pk", None) else None,
    )
    prepare_article(draft)
    with transaction.atomic():
        draft.save()
        draft.authors.set(article.authors.all())
    return draft
