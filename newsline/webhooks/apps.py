from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "newsline.webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from newsline.content.outbox import register_effect
        from newsline.webhooks.delivery import enqueue_deliveries

        register_effect(enqueue_deliveries)
