"""Newsroom logins: chief editors manage them, and every change of roles is audited."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from newsline.newsroom.admin.access import ActionRequired
from newsline.newsroom.audit import record_audit
from newsline.newsroom.permissions import Action

User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


class ChiefOnly(ActionRequired):
    required_action = Action.MANAGE_USERS


@admin.register(User)
class NewsroomUserAdmin(ChiefOnly, UserAdmin):
    def save_related(self, request, form, formsets, change):
        before = self._access(form.instance) if change else None
        super().save_related(request, form, formsets, change)
        after = self._access(form.instance)
        if after != before:
            record_audit(
                user=request.user, action="roles changed",
                subject=form.instance.get_username(), before=before, after=after,
            )  # fmt: skip

    def delete_model(self, request, obj):
        record_audit(user=request.user, action="user deleted", subject=obj.get_username())
        super().delete_model(request, obj)

    @staticmethod
    def _access(user) -> dict:
        user.refresh_from_db(fields=["is_active", "is_staff", "is_superuser"])
        return {
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "active": user.is_active, "staff": user.is_staff, "superuser": user.is_superuser,
        }  # fmt: skip


@admin.register(Group)
class RoleAdmin(ChiefOnly, GroupAdmin):
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_audit(
            user=request.user, action="role permissions changed", subject=form.instance.name,
            permissions=sorted(form.instance.permissions.values_list("codename", flat=True)),
        )  # fmt: skip
