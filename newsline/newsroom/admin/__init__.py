"""The newsroom: Django's admin, one module per kind of content."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from newsline.newsroom.admin import (  # noqa: F401 - registers the admins
    api_tokens,
    articles,
    audit,
    images,
    lockouts,
    taxonomy,
    two_factor,
    users,
    webhooks,
)

admin.site.site_header = _("Newsline newsroom")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Stories and sections")
