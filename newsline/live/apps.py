from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "newsline.live"
    verbose_name = _("Live")

    def ready(self):
        from newsline.content.outbox import register_effect
        from newsline.live.events import record_event

        register_effect(record_event)
