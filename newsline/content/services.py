"""Writes to content. The admin, the API and management commands all call these."""

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
