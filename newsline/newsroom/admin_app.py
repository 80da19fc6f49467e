"""App configs for the newsroom's admin and the account apps it shows.

Their own module: in apps.py a second AppConfig would stop Django from choosing the
newsroom's own config automatically.
"""

from axes.apps import AppConfig as AxesConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class NewsroomAdminConfig(AdminConfig):
    """Django's admin app, whose `admin.site` is the newsroom's (newsline.newsroom.site)."""

    default_site = "newsline.newsroom.site.NewsroomSite"


class LockoutsConfig(AxesConfig):
    """django-axes, named for the newsroom's list of failed logins."""

    verbose_name = _("Failed logins")


class TwoFactorConfig(TOTPConfig):
    """django-otp's authenticator apps, named for the newsroom."""

    verbose_name = _("Two-factor sign-in")
