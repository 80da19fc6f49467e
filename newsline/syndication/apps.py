from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    name = "newsline.syndication"
    verbose_name = _("Feeds and sitemaps")

    def ready(self):
        from newsline.content.outbox import register_effect
        from newsline.syndication.months import forget_for_change

        register_effect(forget_for_change)
