"""Sitemaps and robots.txt, at the site's root."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from newsline.syndication.robots import robots_txt
from newsline.syndication.sitemaps import SITEMAPS, cached_sitemap

urlpatterns = [
    path(
        "sitemap.xml",
        cached_sitemap(sitemap_views.index),
        {
            "sitemaps": SITEMAPS,
            "sitemap_url_name": "sitemap_section",
            "template_name": "syndication/sitemap_index.xml",
        },
        name="sitemap_index",
    ),
    path(
        "sitemap-<str:section>.xml",
        cached_sitemap(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS, "template_name": "syndication/sitemap.xml"},
        name="sitemap_section",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
]
