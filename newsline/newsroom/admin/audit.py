from django.contrib import admin

from newsline.newsroom.admin.access import ActionRequired
from newsline.newsroom.models import AuditEntry
from newsline.newsroom.permissions import Action


@admin.register(AuditEntry)
class AuditEntryAdmin(ActionRequired, admin.ModelAdmin):
    """The audit log: chief editors read it; nobody writes or deletes through the admin."""

    list_display = ["created_at", "user", "action", "subject"]
    list_filter = ["action", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["subject", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["created_at", "user", "action", "article", "subject", "details"]

    required_action = Action.VIEW_AUDIT

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
