from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from newsline.content.media import serve_media

urlpatterns = [
    # Before the admin's own pages, whose catch-all would otherwise answer these.
    path("newsroom/", include("newsline.newsroom.account_urls")),
    path("newsroom/", admin.site.urls),
    path("api/v1/", include("newsline.api.urls")),
    path("", include("newsline.syndication.root_urls")),
]
if settings.NEWSLINE_SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve_media),
    ]
urlpatterns += i18n_patterns(
    path("", include("newsline.syndication.urls")),
    path("", include("newsline.reader.urls")),
)

handler404 = "newsline.reader.errors.page_not_found"
handler500 = "newsline.reader.errors.server_error"
handler400 = "newsline.reader.errors.bad_request"
