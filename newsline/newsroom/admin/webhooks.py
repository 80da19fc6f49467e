from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsline.newsroom.admin.access import ActionRequired
from newsline.newsroom.permissions import Action
from newsline.webhooks.models import EVENTS, WebhookDelivery, WebhookEndpoint


class ChiefEditorsOnly(ActionRequired):
    """Webhooks are site settings: only chief editors see or change them."""

    required_action = Action.MANAGE_SETTINGS


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"), choices=list(EVENTS.items()), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "events", "is_active"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ChiefEditorsOnly, admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["url", "is_active", "failure_count", "disabled_at", "created_at"]
    list_filter = ["is_active", ("disabled_at", admin.EmptyFieldListFilter)]
    search_fields = ["url"]
    readonly_fields = ["secret", "failure_count", "disabled_at", "created_at"]
    actions = ["reenable"]

    def get_readonly_fields(self, request, obj=None):
        # The secret exists once the endpoint is saved; show it on the change page only.
        return self.readonly_fields if obj else []

    @admin.action(description=_("Re-enable selected endpoints"))
    def reenable(self, request, queryset):
        count = queryset.update(is_active=True, disabled_at=None, failure_count=0)
        message = ngettext("%d endpoint re-enabled.", "%d endpoints re-enabled.", count)
        self.message_user(request, message % count, messages.SUCCESS)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ChiefEditorsOnly, admin.ModelAdmin):
    """The delivery log: read-only."""

    list_display = [
        "created_at", "endpoint", "event", "article_id", "status", "status_code", "attempt",
        "duration_ms", "next_attempt_at",
    ]  # fmt: skip
    list_filter = ["status", "event", "endpoint"]
    list_select_related = ["endpoint"]
    search_fields = ["endpoint__url", "error"]
    readonly_fields = [
        "endpoint", "event", "article_id", "payload", "status", "attempt", "status_code",
        "error", "duration_ms", "created_at", "last_attempt_at", "next_attempt_at",
        "delivered_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
