"""robots.txt: where the sitemap index is, and what crawlers should leave alone."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from newsline.pagecache import cached_page

DISALLOW = (
    "/newsroom/",
    "/*/preview/",  # unpublished drafts shared by token (also noindex)
)


# The same text until the code changes: no content, so no tag but the site's own.
@cached_page("site")
@require_GET
def robots_txt(request):
    """Name the sitemap index by its absolute URL and keep crawlers out of the newsroom."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOW), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
