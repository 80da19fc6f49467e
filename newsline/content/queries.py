"""What readers see, and in what order: the vocabulary every reader page, feed and API uses."""

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from newsline.content.pagination import Cursor

# Listing pages never need the body; leaving it out keeps a 50-item news line small.
LISTING_FIELDS = (
    "id", "language", "headline", "slug", "lead", "kind", "publish_at", "is_breaking",
    "featured_rank", "section_id", "lead_image_id", "coverage_ended_at",
    "section__id", "section__slug", "section__name_en", "section__name_az", "section__name_ru",
    "lead_image__id", "lead_image__renditions", "lead_image__alt_text",
    "lead_image__width", "lead_image__height", "lead_image__file",
)  # fmt: skip


class ArticleQuerySet(models.QuerySet):
    def visible(
        self, now: datetime | None = None, *, before: Cursor | None = None
    ) -> "ArticleQuerySet":
        """Articles readers may see: published, and their time has come (DESIGN invariant 1).

        With `before`, only those after the keyset cursor in newest-first order.
        """
        now = now or timezone.now()
        if before is None:
            return self.filter(status="published", publish_at__lte=now)
        # One upper bound on publish_at, not two: SQLite narrows its index search with the
        # first bound only, so "now" and the cursor as two bounds made deep pages scan.
        return self.filter(status="published", publish_at__lte=min(now, before.publish_at)).filter(
            Q(publish_at__lt=before.publish_at) | Q(id__lt=before.id)
        )

    def edition(self, language: str) -> "ArticleQuerySet":
        return self.filter(language=language)

    def newest_first(self) -> "ArticleQuerySet":
        return self.order_by("-publish_at", "-id")

    def for_listing(self) -> "ArticleQuerySet":
        """Load what a headline in a list shows, in the same query."""
        return self.select_related("section", "lead_image").only(*LISTING_FIELDS)
