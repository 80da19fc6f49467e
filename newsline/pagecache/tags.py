"""The tag vocabulary: what a page shows, and what a change to a story touches.

edition:<lang>     every page of an edition (its lifetime ends at the edition's next
                   scheduled story); pages spanning editions carry each edition's tag
newsline:<lang>    the news line, on every page of the edition
breaking:<lang>    the breaking banner, on every page of the edition
sections           the section menu, on every page
archive:<lang>     the edition's newest-first stream (archive, edition feed)
day:<lang>:<date>  one day's archive
home:<lang>        the front page's choice of stories
article:<id>       anything showing the story: its page, a headline in a list
entries:<id>       a live blog's entries (its own page only)
story:<group>      the links between a story's language versions
section:<id>:<lang>, author:<id>:<lang>, tag:<id>
                   their pages and feeds in an edition, and their names wherever shown
                   (a tag belongs to one edition already)
sitemap            every sitemap (deletions, names, a story scheduled within their lifetime)
sitemap:site       the sitemaps any story may change: the index, Google News, tags
sitemap:<lang>:<YYYY-MM>
                   an edition's sitemap of one month (UTC), each of its pages; a story's
                   month does not change while it is on the site (its time is set when
                   it is published, and a published story cannot be rescheduled)
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from newsline.content import outbox
from newsline.content.models import Article


def frame(language: str) -> list[str]:
    """What every reader page of an edition shows around its content."""
    return [f"edition:{language}", f"newsline:{language}", f"breaking:{language}", "sections"]


def stories(articles: Iterable[Article]) -> list[str]:
    return [f"article:{article.pk}" for article in articles]


def story_page(story: Article, related: Iterable[Article], translations: dict) -> list[str]:
    """An article page's own part, without the frame (newsline.reader.story)."""
    tags = story_data(story) + [f"entries:{story.pk}"]
    return list(dict.fromkeys(tags + stories(related) + stories(translations.values())))


def story_data(story: Article) -> list[str]:
    """A story with its section, tags, authors and language versions (the API's article)."""
    tags = [f"edition:{story.language}", f"article:{story.pk}", f"story:{story.translation_group}"]
    if story.section_id:
        tags.append(f"section:{story.section_id}:{story.language}")
    tags += [f"tag:{tag.pk}" for tag in story.tags.all()]
    tags += [f"author:{author.pk}:{story.language}" for author in story.authors.all()]
    return tags


def stream(language: str, items: Iterable[Article]) -> list[str]:
    """A page of the edition's stories, newest first, outside the site (the API's list)."""
    return [f"edition:{language}", f"archive:{language}", "sections", *stories(items)]


def listing(language: str, items: Iterable[Article], **subject) -> list[str]:
    """An archive, day, section, tag or author page: its subject and the stories it lists."""
    tags = frame(language)
    if subject.get("archive"):
        tags.append(f"archive:{language}")
    if day := subject.get("day"):
        tags.append(f"day:{language}:{day.isoformat()}")
    for kind in ("section", "tag", "author"):
        if found := subject.get(kind):
            tags.append(subject_tag(kind, found.pk, language))
    return tags + stories(items)


def home(language: str, page) -> list[str]:
    """The front page's own content: its choice of stories, under section headings."""
    shown = [page.lead] if page.lead else []
    shown += page.featured
    for _section, latest in page.by_section:
        shown += latest
    return [f"edition:{language}", "sections", f"home:{language}", *stories(shown)]


def feed(language: str, kind: str, subject, items: Iterable[Article]) -> list[str]:
    tags = [f"edition:{language}"]
    if subject is None:
        tags.append(f"archive:{language}")
    else:
        tags.append(subject_tag(kind, subject.pk, language))
    return tags + stories(items)


def subject_tag(kind: str, pk: int, language: str) -> str:
    """A section's or author's pages in one edition; a tag belongs to one edition already."""
    return f"tag:{pk}" if kind == "tag" else f"{kind}:{pk}:{language}"


def in_every_edition(kind: str, pk: int) -> list[str]:
    """A section's or author's tags in all editions (a rename shows in each)."""
    return [f"{kind}:{pk}:{code}" for code, _name in settings.LANGUAGES]


def editions() -> list[str]:
    """Every edition's tag, for pages that list stories of all editions (sitemaps)."""
    return [f"edition:{code}" for code, _name in settings.LANGUAGES]


def affected(article: Article, event: str) -> list[str]:
    """The tags of every page a change of `article` alters, and of no other page."""
    language = article.language
    if event == outbox.ENTRY:
        return [f"entries:{article.pk}"]
    if event == outbox.BREAKING:
        # The banner, on every page of the edition, is the only place the flag shows.
        return [f"breaking:{language}"]
    tags = [f"article:{article.pk}", f"story:{article.translation_group}"]
    if article.section_id:
        tags.append(f"section:{article.section_id}:{language}")
    tags += [f"tag:{pk}" for pk in article.tags.values_list("pk", flat=True)]
    tags += [f"author:{pk}:{language}" for pk in article.authors.values_list("pk", flat=True)]
    tags += [f"home:{language}", "sitemap:site", *sitemap_months(article)]
    if event in (outbox.PUBLISHED, outbox.WITHDRAWN):
        # The story enters or leaves the lists of its edition.
        tags += [f"archive:{language}", f"day:{language}:{_local_date(article.publish_at)}"]
    if event == outbox.WITHDRAWN or article.is_breaking:
        # The banner shows a breaking story's headline. Leaving the site also takes its
        # banner down if it had one; withdrawal clears the flag, so whether it had one is
        # no longer known and the banner is purged anyway.
        tags.append(f"breaking:{language}")
    if event == outbox.PUBLISHED or in_news_line(article):
        tags.append(f"newsline:{language}")
    return tags


def sitemap_month(language: str, moment: datetime) -> str:
    """An edition's sitemap of the month (UTC) of `moment`."""
    return f"sitemap:{language}:{moment.astimezone(UTC):%Y-%m}"


def sitemap_months(article: Article) -> list[str]:
    """The monthly sitemaps listing the story or, as an alternate, its language versions."""
    versions = Article.objects.filter(translation_group=article.translation_group)
    times = versions.exclude(publish_at=None).values_list("language", "publish_at")
    return [sitemap_month(language, moment) for language, moment in times]


def in_news_line(article: Article) -> bool:
    """Whether the story is (or, withdrawn, was) among its edition's latest headlines."""
    if article.publish_at is None:
        return False
    others = (
        Article.objects.visible()
        .edition(article.language)
        .exclude(pk=article.pk)
        .newest_first()
        .values_list("publish_at", "id")
    )
    line = settings.NEWSLINE_NEWS_LINE_LENGTH
    last = list(others[line - 1 : line])
    return not last or (article.publish_at, article.pk) > last[0]


def _local_date(moment: datetime | None) -> str:
    if moment is None:
        return "none"
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date().isoformat()
