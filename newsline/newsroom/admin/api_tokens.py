"""API tokens in the newsroom: chief editors issue them and revoke them."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsline.api.models import ApiToken
from newsline.api.services import issue_api_token, revoke_api_tokens
from newsline.newsroom.admin.access import ActionRequired
from newsline.newsroom.permissions import Action


@admin.register(ApiToken)
class ApiTokenAdmin(ActionRequired, admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "scope", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", "revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    raw_id_fields = ["user"]
    fields = ["name", "user", "scope"]
    actions = ["revoke"]

    required_action = Action.MANAGE_USERS

    def has_change_permission(self, request, obj=None):
        # A token is issued, then only revoked: its user and scope are not edited later.
        return obj is None and self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        raw = issue_api_token(token=obj, by=request.user)
        messages.warning(
            request,
            _("Copy the token now; it will not be shown again: %(token)s") % {"token": raw},
        )

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = revoke_api_tokens(tokens=queryset, by=request.user)
        messages.success(request, _("%(count)d tokens revoked.") % {"count": count})
