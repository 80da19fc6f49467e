"""Feeds under each edition: /<lang>/feed/rss/, /<lang>/section/<slug>/feed/atom/ …"""

from django.urls import path

from newsline.syndication.feeds import feed_view

app_name = "syndication"
urlpatterns = [
    path("feed/rss/", feed_view("edition", "rss"), name="edition_rss"),
    path("feed/atom/", feed_view("edition", "atom"), name="edition_atom"),
]
for _kind in ("section", "tag", "author"):
    urlpatterns += [
        path(f"{_kind}/<slug:slug>/feed/rss/", feed_view(_kind, "rss"), name=f"{_kind}_rss"),
        path(f"{_kind}/<slug:slug>/feed/atom/", feed_view(_kind, "atom"), name=f"{_kind}_atom"),
    ]
