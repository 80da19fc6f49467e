from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """A change readers' open pages should learn about; written only by the outbox.

    The id orders events and is what a reconnecting client sends as Last-Event-ID.
    """

    edition = models.CharField(_("edition"), max_length=8)
    kind = models.CharField(_("kind"), max_length=20)
    article = models.ForeignKey(
        "content.Article", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    data = models.JSONField(_("data"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["edition", "id"], name="event_tail")]

    def __str__(self):
        return f"{self.id} {self.edition} {self.kind}"
