"""Django's admin app, whose `admin.site` is the newsroom's site (newsline.newsroom.site)."""

from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    # Its own module: in apps.py a second AppConfig would stop Django from choosing
    # the newsroom's own config automatically.
    default_site = "newsline.newsroom.site.NewsroomSite"
