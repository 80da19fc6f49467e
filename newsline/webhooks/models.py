"""Webhook endpoints that hear about publishing, and the log of every delivery to them."""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

EVENTS = {
    "published": _("published"),
    "updated": _("updated"),
    "withdrawn": _("withdrawn"),
}


def generate_secret() -> str:
    return secrets.token_hex(32)


def default_events() -> list[str]:
    return list(EVENTS)


def validate_events(value) -> None:
    if not isinstance(value, list) or not value or set(value) - set(EVENTS):
        raise ValidationError(
            _("Choose one or more of: %(events)s."), params={"events": ", ".join(EVENTS)}
        )


class WebhookEndpoint(models.Model):
    """A receiver's URL, its signing secret and the events it subscribes to."""

    url = models.URLField(
        _("URL"), max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    secret = models.CharField(
        _("secret"),
        max_length=64,
        default=generate_secret,
        editable=False,
        help_text=_("Signs every delivery (HMAC-SHA256); give it to the receiver."),
    )
    events = models.JSONField(_("events"), default=default_events, validators=[validate_events])
    is_active = models.BooleanField(_("active"), default=True)
    failure_count = models.PositiveIntegerField(
        _("consecutive failures"), default=0, editable=False
    )
    disabled_at = models.DateTimeField(
        _("disabled at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when deliveries kept failing; re-enable the endpoint to resume."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["url"]

    def __str__(self):
        return self.url

    @property
    def is_enabled(self) -> bool:
        return self.is_active and self.disabled_at is None


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one endpoint: the delivery log."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    event = models.CharField(_("event"), max_length=20)
    article_id = models.PositiveIntegerField(_("article id"))
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempt = models.PositiveSmallIntegerField(_("attempts made"), default=0)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["endpoint", "-created_at"])]

    def __str__(self):
        return f"{self.event} #{self.article_id} → {self.endpoint}"
