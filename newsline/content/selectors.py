"""Reads for reader pages. Each runs a fixed number of queries, whatever the archive's size."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Value
from django.utils import timezone

from newsline.content.models import Article, Author, Section


def news_line(language: str, *, limit: int | None = None) -> list[Article]:
    """The edition's latest visible headlines, newest first."""
    limit = limit or settings.NEWSLINE_NEWS_LINE_LENGTH
    return list(Article.objects.visible().edition(language).newest_first().for_listing()[:limit])


def sections() -> list[Section]:
    return list(Section.objects.all())


@dataclass
class HomePage:
    lead: Article | None
    featured: list[Article]
    by_section: list[tuple[Section, list[Article]]]


def home_page(
    language: str, *, sections: list[Section], featured: int = 4, per_section: int = 4
) -> HomePage:
    """The lead story, the featured stories and the latest of each section."""
    visible = Article.objects.visible().edition(language).for_listing()
    # Featured stories are picked among the latest ones, so an old rank never outranks the
    # news and the query reads a fixed number of index entries at any archive size.
    recent = visible.newest_first().values("id")[: settings.NEWSLINE_FEATURED_WINDOW]
    top = list(
        visible.filter(featured_rank__isnull=False, id__in=recent).order_by(
            "featured_rank", "-publish_at", "-id"
        )[: featured + 1]
    )
    if not top:
        top = list(visible.newest_first()[:1])
    shown = {a.id for a in top}
    # One indexed LIMIT query per section: cheap at any archive size, unlike a
    # window function, which would rank every story of the edition.
    by_section = []
    for section in sections:
        latest = list(
            visible.filter(section=section).exclude(id__in=shown).newest_first()[:per_section]
        )
        if latest:
            by_section.append((section, latest))
    return HomePage(top[0] if top else None, top[1:], by_section)


def article_for_page(pk: int) -> Article | None:
    """A visible article with everything its page shows, or None."""
    return _with_page_relations(Article.objects.visible()).filter(pk=pk).first()


def related(article: Article, *, limit: int = 5) -> list[Article]:
    """Recent stories of the article's section, those sharing its tags first.

    Candidates are the section's latest stories (a bounded index read), so the cost does
    not grow with the archive or with how popular a tag is.
    """
    visible = Article.objects.visible().edition(article.language)
    recent = (
        visible.filter(section_id=article.section_id)
        .exclude(pk=article.pk)
        .newest_first()
        .values("id")[: settings.NEWSLINE_RELATED_WINDOW]
    )
    tag_ids = [tag.id for tag in article.tags.all()]
    shared = Count("tags", filter=Q(tags__in=tag_ids)) if tag_ids else Value(0)
    return list(
        Article.objects.filter(id__in=recent)
        .for_listing()
        .annotate(shared_tags=shared)
        .order_by("-shared_tags", "-publish_at", "-id")[:limit]
    )


def translations(article: Article) -> dict[str, Article]:
    """The visible versions of the article's story in other editions, by language."""
    others = (
        Article.objects.visible()
        .filter(translation_group=article.translation_group)
        .exclude(pk=article.pk)
        .only("id", "slug", "language", "headline")
    )
    return {other.language: other for other in others}


def breaking_story(language: str) -> Article | None:
    """The edition's newest visible breaking story whose banner has not run out, or None."""
    # Served by the partial index article_breaking: it holds only breaking stories, so the
    # usual answer, "none", costs one empty index probe on every page.
    now = timezone.now()
    return (
        Article.objects.visible(now)
        .edition(language)
        .filter(is_breaking=True)
        .filter(Q(breaking_until__isnull=True) | Q(breaking_until__gt=now))
        .newest_first()
        .only("id", "language", "headline", "slug", "publish_at")
        .first()
    )


def is_withdrawn(pk: int) -> bool:
    """Whether the article exists and was withdrawn: its address answers 410 Gone."""
    return Article.objects.filter(pk=pk, status=Article.Status.WITHDRAWN).exists()


def article_for_preview(pk: int) -> Article | None:
    """An article in any state, with what its page shows and whether readers see it yet."""
    visible = Article.objects.visible().filter(pk=OuterRef("pk"))
    queryset = Article.objects.annotate(is_visible=Exists(visible))
    return _with_page_relations(queryset).filter(pk=pk).first()


def _with_page_relations(queryset):
    """Load what an article page shows besides the article, in two more queries."""
    return queryset.select_related("section", "lead_image").prefetch_related(
        "tags", Prefetch("authors", queryset=Author.objects.select_related("photo"))
    )
