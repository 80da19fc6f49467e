"""Admin access decided by the permission table, for admins that one action governs."""

from newsline.newsroom.permissions import Action, can


class ActionRequired:
    """Mix into a ModelAdmin: every admin permission asks the table for `required_action`."""

    required_action: Action

    def _allowed(self, request) -> bool:
        return can(request.user, self.required_action)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)
