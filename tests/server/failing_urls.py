"""The site's URLs plus views that fail, for the 500 tests."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from newsline.urls import handler400, handler404, handler500  # noqa: F401 - Django reads them
from newsline.urls import urlpatterns as site


def fail(request):
    raise RuntimeError("the view failed near SECRET-DETAIL")


urlpatterns = [
    path("newsroom/failing/", fail),
    *i18n_patterns(path("failing/", fail)),
    *site,
]
