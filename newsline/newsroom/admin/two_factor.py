"""Who has two-factor sign-in, for chief editors; turning it off for someone who lost
their phone. Secrets are never shown (django-otp's own admin would show them)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsline.newsroom.admin.access import ActionRequired
from newsline.newsroom.permissions import Action

admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TwoFactorAdmin(ActionRequired, admin.ModelAdmin):
    required_action = Action.MANAGE_USERS
    list_display = ["user", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__email"]
    fields = readonly_fields = ["user", "confirmed", "created_at", "last_used_at"]
    list_select_related = ["user"]
    actions = ["turn_off"]

    def has_add_permission(self, request):
        return False  # each person sets up their own app, from Your account

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Turn off two-factor sign-in (a lost phone)"))
    def turn_off(self, request, queryset):
        count, _by_model = queryset.delete()
        self.message_user(
            request,
            ngettext(
                "Two-factor sign-in turned off for %(count)d account; it can be set up again.",
                "Two-factor sign-in turned off for %(count)d accounts; they can set it up again.",
                count,
            )
            % {"count": count},
        )
