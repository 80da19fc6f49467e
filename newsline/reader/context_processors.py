from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from newsline.pagecache import shells


def site(request):
    """What every reader page's frame shows; loaded only if the template uses it."""
    language = get_language()
    return {
        "site_name": settings.NEWSLINE_SITE_NAME,
        # Rendered once per edition per change and shared by every page.
        "news_line_html": SimpleLazyObject(lambda: shells.news_line(request, language)),
    }
