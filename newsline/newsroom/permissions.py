"""Who may do what in the newsroom: one table, asked by the admin, previews and the API.

Roles are Django groups (created by a migration); a superuser holds every role.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class Role(StrEnum):
    REPORTER = "reporter"
    EDITOR = "editor"
    CHIEF = "chief editor"


class Action(StrEnum):
    CREATE = "create"  # start a new article
    EDIT = "edit"  # change an article's text and placement (see OWN_DRAFTS_ONLY)
    SUBMIT = "submit"  # draft → in review
    RETURN = "return"  # in review → draft
    PUBLISH = "publish"  # → published now
    SCHEDULE = "schedule"  # → published at a future minute
    WITHDRAW = "withdraw"  # published → withdrawn (410 Gone)
    CORRECT = "correct"  # change a published story, recorded as an update
    BREAKING = "breaking"  # mark or clear breaking news
    RESTORE = "restore"  # restore an earlier revision
    TRANSLATE = "translate"  # create the story's draft in another edition
    DELETE = "delete"
    UPLOAD_IMAGE = "upload image"
    MANAGE_TAXONOMY = "manage sections and tags"
    MANAGE_USERS = "manage users and roles"
    MANAGE_SETTINGS = "manage site settings"
    VIEW_AUDIT = "view audit log"
    # post, edit, remove and pin a live story's entries; close or reopen its coverage
    LIVE_BLOG = "run a live blog"


R, E, C = Role.REPORTER, Role.EDITOR, Role.CHIEF
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.CREATE: frozenset({R, E, C}),
    Action.EDIT: frozenset({R, E, C}),
    Action.SUBMIT: frozenset({R, E, C}),
    Action.RETURN: frozenset({E, C}),
    Action.PUBLISH: frozenset({E, C}),
    Action.SCHEDULE: frozenset({E, C}),
    Action.WITHDRAW: frozenset({E, C}),
    Action.CORRECT: frozenset({E, C}),
    Action.BREAKING: frozenset({E, C}),
    Action.RESTORE: frozenset({R, E, C}),
    Action.TRANSLATE: frozenset({R, E, C}),
    Action.DELETE: frozenset({C}),
    Action.UPLOAD_IMAGE: frozenset({R, E, C}),
    Action.MANAGE_TAXONOMY: frozenset({E, C}),
    Action.MANAGE_USERS: frozenset({C}),
    Action.MANAGE_SETTINGS: frozenset({C}),
    Action.VIEW_AUDIT: frozenset({C}),
    # An entry shows to readers the moment it is posted, with no review step, so it is an
    # editor's call, like publishing.
    Action.LIVE_BLOG: frozenset({E, C}),
}
# A reporter acts on an article only while it is their own and not yet published.
OWN_DRAFTS_ONLY = frozenset({Action.EDIT, Action.SUBMIT, Action.RESTORE, Action.TRANSLATE})


def roles_of(user) -> frozenset[Role]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Role)
    cached = getattr(user, "_newsline_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        user._newsline_roles = cached
    return cached


def can(user, action: Action, article=None) -> bool:
    """Whether the user may take the action (on the article, where it matters)."""
    roles = roles_of(user) & PERMISSIONS[action]
    if not roles:
        return False
    if roles == {Role.REPORTER} and action in OWN_DRAFTS_ONLY and article is not None:
        return article.created_by_id == user.pk and article.status in {"draft", "review"}
    return True


def check(user, action: Action, article=None) -> None:
    """Raise PermissionDenied unless the user may take the action."""
    if not can(user, action, article):
        raise PermissionDenied(_("You are not allowed to do this."))
