import functools

from django.urls import get_script_prefix, path, re_path, reverse
from django.utils import translation

from newsline.reader import search, views

app_name = "reader"
urlpatterns = [
    path("", views.home, name="home"),
    path("archive/", views.archive, name="archive"),
    path("search/", search.search, name="search"),
    re_path(r"^archive/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/$", views.day, name="day"),
    path("section/<slug:slug>/", views.section, name="section"),
    path("tag/<slug:slug>/", views.tag, name="tag"),
    path("author/<slug:slug>/", views.author, name="author"),
    path("preview/<str:token>/", views.preview, name="preview"),
    # The id decides; the slug is for people and search engines (a stale one redirects).
    re_path(r"^(?P<pk>\d{1,18})(?:-(?P<slug>[^/]*))?/$", views.article, name="article"),
]


@functools.lru_cache(maxsize=64)
def _edition_prefix(language: str, script_prefix: str) -> str:
    with translation.override(language):
        return reverse("reader:home")


def article_url(article) -> str:
    """The canonical path of an article, in its own edition.

    Built from the edition's cached prefix: pages link to a hundred stories, and a
    reverse() under a language switch for each was a tenth of the page's render time.
    """
    prefix = _edition_prefix(article.language, get_script_prefix())
    return f"{prefix}{article.pk}-{article.slug}/" if article.slug else f"{prefix}{article.pk}/"
