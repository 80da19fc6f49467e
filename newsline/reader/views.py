"""Reader pages: each a short function from request to selector to template."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsline.content import selectors
from newsline.content.models import Article, Author, Section, Tag
from newsline.content.pagination import keyset_page, parse_cursor
from newsline.newsroom import previews
from newsline.pagecache import depends_on, fragments, shells, uncached_page
from newsline.pagecache import tags as page_tags
from newsline.reader import errors
from newsline.reader import story as story_part


def home(request):
    main = fragments.home(request, get_language())
    depends_on(request, *page_tags.frame(get_language()), *main.tags)
    # The head was rendered (and escaped) by a template when the part was kept.
    head = mark_safe(main.data["head"])
    context = {"main": main.html, "head": head}
    return shells.render(request, "reader/home.html", context, get_language())


def article(request, pk, slug=None):
    page = story_part.for_page(request, int(pk))
    if page is None:
        if selectors.is_withdrawn(int(pk)):
            return errors.story_withdrawn(request)
        raise Http404(_("There is no such story."))
    if request.path != page.data["canonical"]:
        return redirect(page.data["canonical"], permanent=True)
    language = page.data["language"]
    depends_on(request, *page_tags.frame(language), *page.tags, query=("entries",))
    return shells.render(request, "reader/article.html", _story_context(page), language)


@uncached_page
def preview(request, token):
    """An article in any state, as readers will see it, for whoever holds the signed link."""
    try:
        pk = previews.check_preview_token(token)
    except previews.PreviewLinkExpired:
        return _private(errors.preview_expired(request))
    except previews.PreviewLinkInvalid:
        message = _(
            "This preview link is damaged or incomplete. Copy the whole link, "
            "or ask the newsroom for a new one."
        )
        return _private(errors.bad_request(request, BadRequest(message)))
    story = selectors.article_for_preview(pk)
    if story is None:
        return _private(errors.page_not_found(request, None))
    if story.language != get_language():
        with translation.override(story.language):
            return _private(redirect(reverse("reader:preview", kwargs={"token": token})))
    state = _preview_state(story)
    page = story_part.render_page(request, story, preview=state)
    context = _story_context(page) | {"preview": state}
    return _private(render(request, "reader/article.html", context))


def _story_context(page: story_part.StoryPage) -> dict:
    """The article template's context: the story's part, and what the frame needs of it."""
    return {
        "story": page,
        "article_id": page.data["id"],
        "translation_urls": page.data["translation_urls"],
    }


def _preview_state(story: Article) -> str:
    """What the preview notice says: draft, review, scheduled, published or withdrawn."""
    if story.is_visible:
        return "published"
    return "scheduled" if story.status == Article.Status.PUBLISHED else story.status


def _private(response):
    """Keep a preview out of shared caches, search engines and other sites' referrer logs."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def archive(request):
    return _listing(request, title=_("All news"), archive=True)


def day(request, year, month, day):
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError as exc:
        raise BadRequest(_("There is no such date.")) from exc
    zone = ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(date, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(date + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    in_day = Q(publish_at__gte=start, publish_at__lt=end)
    return _listing(request, in_day, title=date, day=date)


def section(request, slug):
    found = get_object_or_404(Section, slug=slug)
    return _listing(request, Q(section=found), title=found.name, section=found)


def tag(request, slug):
    found = get_object_or_404(Tag, language=get_language(), slug=slug)
    return _listing(request, Q(tags=found), title=found.name, tag=found)


def author(request, slug):
    found = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    return _listing(request, Q(authors=found), title=found.display_name, author=found)


def _listing(request, where=None, *, title, **context):
    """Render one keyset page of the edition's visible stories matching `where`, newest first."""
    cursor = parse_cursor(request.GET.get("before"))
    articles = Article.objects.visible(before=cursor).edition(get_language())
    if where is not None:
        articles = articles.filter(where)
    page = keyset_page(articles.newest_first().for_listing(), settings.NEWSLINE_PAGE_SIZE)
    shown = page_tags.listing(get_language(), page.items, **context)
    depends_on(request, *shown, query=("before",))
    context.update(title=title, page=page, is_first_page="before" not in request.GET)
    return shells.render(request, "reader/listing.html", context, get_language())
