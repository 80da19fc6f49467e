from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what, when: written by the services, never edited."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("user")
    )
    action = models.CharField(_("action"), max_length=40)
    article = models.ForeignKey(
        "content.Article", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("article"),
    )  # fmt: skip
    subject = models.CharField(_("subject"), max_length=300)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.subject}"
