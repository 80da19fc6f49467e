from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from newsline.content import selectors


def site(request):
    """What every reader page's frame shows; loaded only if the template uses it."""
    language = get_language()
    return {
        "site_name": settings.NEWSLINE_SITE_NAME,
        "nav_sections": SimpleLazyObject(selectors.sections),
        "news_line": SimpleLazyObject(lambda: selectors.news_line(language)),
        "news_line_length": settings.NEWSLINE_NEWS_LINE_LENGTH,
        "breaking_story": SimpleLazyObject(lambda: selectors.breaking_story(language)),
    }
