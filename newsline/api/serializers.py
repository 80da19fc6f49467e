"""Articles, sections, tags and authors as plain JSON-ready dicts."""

from newsline.content import selectors
from newsline.content.models import Article, Author, Section, Tag


def section(obj: Section, language: str | None = None) -> dict:
    """A section, named in `language` (a story's edition); else in the request's language."""
    name = obj.name_in(language) if language else obj.name
    return {"id": obj.id, "slug": obj.slug, "name": name}


def tag(obj: Tag) -> dict:
    return {"id": obj.id, "language": obj.language, "name": obj.name, "slug": obj.slug}


def author(obj: Author) -> dict:
    return {"id": obj.id, "slug": obj.slug, "display_name": obj.display_name, "bio": obj.bio}


def _url(article: Article) -> str:
    return article.get_absolute_url() if article.slug and article.publish_at else ""


def summary(article: Article) -> dict:
    return {
        "id": article.id, "language": article.language, "headline": article.headline,
        "slug": article.slug, "lead": article.lead, "kind": article.kind,
        "publish_at": article.publish_at, "is_breaking": article.is_breaking,
        "section": section(article.section, article.language), "url": _url(article),
    }  # fmt: skip


def detail(article: Article) -> dict:
    others = selectors.translations(article) if article.status == "published" else {}
    return summary(article) | {
        "body": article.body, "status": article.status, "version": article.version,
        "tags": [tag(t) for t in article.tags.all()],
        "authors": [author(a) for a in article.authors.all()],
        "translations": [
            {"id": o.id, "language": o.language, "headline": o.headline, "url": _url(o)}
            for o in others.values()
        ],
    }  # fmt: skip
