"""Sitemaps: stories by edition and month, Google News, sections, tags and authors."""

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from newsline.content.images import rendition_url
from newsline.content.models import Article, Author, Section, Tag
from newsline.pagecache import depends_on
from newsline.pagecache import tags as page_tags
from newsline.syndication import months

# Below SQLite's default limit of 32,766 bound parameters: a page's translation groups
# are looked up in one `IN (…)` query.
ARTICLE_SITEMAP_LIMIT = 10_000
# Google News reads stories of the last two days, at most 1,000 per sitemap.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1_000
IMAGE_WIDTH = 1200
ARTICLE_FIELDS = (
    "id", "language", "slug", "headline", "translation_group", "publish_at", "corrected_at",
    "lead_image_id", "lead_image__id", "lead_image__file", "lead_image__renditions",
    "lead_image__width", "lead_image__height",  # ImageField reads its dimension fields
)  # fmt: skip
MONTH_KEY = re.compile(r"^articles-(?P<language>[a-z-]+)-(?P<year>\d{4})-(?P<month>\d{2})$")


def _w3c(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


class ArticleSitemapBase(Sitemap):
    """Stories with their lead image and their translations as hreflang alternates."""

    def location(self, item: Article) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Article) -> datetime:
        return _w3c(item.corrected_at or item.publish_at)

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        siblings = _translations({url["item"].translation_group for url in urls})
        origin = f"{protocol}://{domain}"
        for url in urls:
            item = url["item"]
            group = siblings.get(item.translation_group, [])
            if len(group) > 1:
                url["alternates"] = [
                    {"lang_code": other.language, "location": origin + other.get_absolute_url()}
                    for other in group
                ]
            if item.lead_image_id and item.lead_image.file:
                src = rendition_url(item.lead_image, IMAGE_WIDTH)
                url["images"] = [src if "://" in src else origin + src]
        return urls


def _translations(groups: set) -> dict:
    """Return the visible stories of each translation group, in one query."""
    found = defaultdict(list)
    if groups:
        articles = (
            Article.objects.visible()
            .filter(translation_group__in=groups)
            .only("id", "language", "slug", "translation_group")
            .order_by("language")
        )
        for article in articles:
            found[article.translation_group].append(article)
    return found


class ArticleMonthSitemap(ArticleSitemapBase):
    """One edition's visible stories first published in one month (UTC), oldest first."""

    limit = ARTICLE_SITEMAP_LIMIT

    def __init__(self, language: str, year: int, month: int, *, lastmod=None, count=None):
        self.language = language
        self.start = datetime(year, month, 1, tzinfo=UTC)
        self.end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
        self.known_lastmod, self.known_count = lastmod, count

    def items(self):
        # Language and a publish_at range: the article_newsline index answers it.
        return (
            Article.objects.visible()
            .edition(self.language)
            .filter(publish_at__gte=self.start, publish_at__lt=self.end)
            .select_related("lead_image")
            .only(*ARTICLE_FIELDS)
            .order_by("publish_at", "id")
        )

    @property
    def paginator(self):
        pages = Paginator(self._items(), self.limit)
        if self.known_count is not None:
            pages.count = self.known_count  # the index counted every month in one query
        return pages

    def get_latest_lastmod(self):
        return self.known_lastmod


class NewsSitemap(ArticleSitemapBase):
    """Google News: every edition's stories of the last 48 hours, newest first."""

    limit = NEWS_LIMIT

    def items(self):
        now = timezone.now()
        return (
            Article.objects.visible(now)
            .filter(publish_at__gte=now - NEWS_WINDOW)
            .select_related("lead_image")
            .only(*ARTICLE_FIELDS)
            .newest_first()[:NEWS_LIMIT]
        )

    def get_latest_lastmod(self):
        # The index needs only this and the page count (a COUNT): two small queries, where
        # loading the stories twice took 100 ms once the last 48 hours held 1,000.
        shown = Article.objects.filter(pk__in=self.items().values("pk"))
        latest = shown.aggregate(latest=Max(Coalesce("corrected_at", "publish_at")))["latest"]
        return _w3c(latest) if latest else None

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            item = url["item"]
            url["news"] = {
                "name": settings.NEWSLINE_SITE_NAME,
                "language": item.language,
                "publication_date": _w3c(item.publish_at),
                "title": item.headline,
            }
        return urls


class SectionSitemap(Sitemap):
    """Each section's front in every edition."""

    i18n = True
    alternates = True
    changefreq = "hourly"

    def items(self):
        return list(Section.objects.order_by("id"))


class AuthorSitemap(Sitemap):
    """Each author's page in every edition."""

    i18n = True
    alternates = True
    changefreq = "daily"

    def items(self):
        return list(Author.objects.order_by("id"))


class TagSitemap(Sitemap):
    """Each tag with visible stories, in the tag's own edition."""

    changefreq = "daily"

    def items(self):
        # Without this, tags of only withdrawn or scheduled stories would list empty pages.
        used = Article.objects.visible().filter(tags=OuterRef("pk"))
        return Tag.objects.exclude(slug="").filter(Exists(used)).order_by("language", "id")

    def location(self, item: Tag) -> str:
        with translation.override(item.language):
            return item.get_absolute_url()


class Sitemaps(Mapping):
    """The index's sections: fixed ones, and one per edition and month with stories.

    A mapping, as django.contrib.sitemaps wants, whose months are read when the index
    lists them (newsline.syndication.months), not when the URLconf loads.
    """

    fixed = {
        "news": NewsSitemap,
        "sections": SectionSitemap,
        "tags": TagSitemap,
        "authors": AuthorSitemap,
    }

    # URL patterns compare their default kwargs when reversing; iterating would query.
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __getitem__(self, key: str) -> Sitemap:
        if key in self.fixed:
            return self.fixed[key]()
        month = _month(key)
        if month is None:
            raise KeyError(key)
        return ArticleMonthSitemap(*month)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _sitemap in self.items())

    def __len__(self) -> int:
        return sum(1 for _key in self)

    def items(self):
        for key, sitemap in self.fixed.items():
            yield key, sitemap()
        for row in months.months():
            month = timezone.localtime(row["month"], UTC)
            key = f"articles-{row['language']}-{month:%Y-%m}"
            lastmod = max(t for t in (row["published"], row["corrected"]) if t is not None)
            yield (
                key,
                ArticleMonthSitemap(
                    row["language"],
                    month.year,
                    month.month,
                    lastmod=_w3c(lastmod),
                    count=row["count"],
                ),
            )


SITEMAPS = Sitemaps()


def cached_sitemap(view):
    """Cache a sitemap view's pages, tagged with every edition (they list all of them) and
    with what they list: one edition's month, or the whole site's (pagecache.tags)."""

    def cached(request, *args, **kwargs):
        listed = _listed(kwargs.get("section", ""))
        depends_on(request, "sitemap", listed, *page_tags.editions(), query=("p",))
        return view(request, *args, **kwargs)

    cached.page_cache = "cached"
    return cached


def _listed(section: str) -> str:
    """The tag of what a sitemap lists: one edition's month, or the whole site's."""
    if month := _month(section):
        language, year, number = month
        return page_tags.sitemap_month(language, datetime(year, number, 1, tzinfo=UTC))
    return "sitemap:site"  # the index and the sitemaps of the whole site (or a 404)


def _month(key: str) -> tuple[str, int, int] | None:
    """The edition, year and month a monthly sitemap's key names; None for any other key."""
    match = MONTH_KEY.match(key)
    if match is None or match["language"] not in dict(settings.LANGUAGES):
        return None
    year, month = int(match["year"]), int(match["month"])
    if not (1 <= month <= 12 and year >= 1):
        return None
    return match["language"], year, month
