from django.urls import path, re_path, reverse
from django.utils import translation

from newsline.reader import views

app_name = "reader"
urlpatterns = [
    path("", views.home, name="home"),
    path("archive/", views.archive, name="archive"),
    re_path(r"^archive/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/$", views.day, name="day"),
    path("section/<slug:slug>/", views.section, name="section"),
    path("tag/<slug:slug>/", views.tag, name="tag"),
    path("author/<slug:slug>/", views.author, name="author"),
    # The id decides; the slug is for people and search engines (a stale one redirects).
    re_path(r"^(?P<pk>\d{1,18})(?:-(?P<slug>[^/]*))?/$", views.article, name="article"),
]


def article_url(article) -> str:
    """The canonical path of an article, in its own edition."""
    with translation.override(article.language):
        if article.slug:
            return reverse("reader:article", kwargs={"pk": article.pk, "slug": article.slug})
        return reverse("reader:article", kwargs={"pk": article.pk})
