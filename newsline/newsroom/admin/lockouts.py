"""Failed logins and lockouts (django-axes), for chief editors: read them, unlock accounts."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsline.newsroom.admin.access import ActionRequired
from newsline.newsroom.permissions import Action


@admin.register(AccessAttempt)
class LockoutAdmin(ActionRequired, AccessAttemptAdmin):
    required_action = Action.MANAGE_USERS
    actions = ["unlock"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a record of what happened: read it, or unlock (delete) it

    @admin.action(description=_("Unlock: forget these failed logins"))
    def unlock(self, request, queryset):
        # With axes' database handler a lockout is these rows; without them, logins proceed.
        count, _by_model = queryset.delete()
        self.message_user(
            request,
            ngettext("Unlocked %(count)d record.", "Unlocked %(count)d records.", count)
            % {"count": count},
        )
