"""Sitemaps and robots.txt, at the site's root (filled in by the sitemaps work)."""

urlpatterns = []
