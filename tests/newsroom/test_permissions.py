"""The whole role × action matrix, allowed and refused, from the one permission table."""

import pytest

from newsline.newsroom.permissions import Action, can
from tests.factories import ArticleFactory, newsroom_user

pytestmark = pytest.mark.django_db

R, E, C, NONE = "reporter", "editor", "chief editor", None
EXPECTED = {
    Action.CREATE: {R, E, C},
    Action.EDIT: {R, E, C},
    Action.SUBMIT: {R, E, C},
    Action.RETURN: {E, C},
    Action.PUBLISH: {E, C},
    Action.SCHEDULE: {E, C},
    Action.WITHDRAW: {E, C},
    Action.CORRECT: {E, C},
    Action.BREAKING: {E, C},
    Action.RESTORE: {R, E, C},
    Action.TRANSLATE: {R, E, C},
    Action.DELETE: {C},
    Action.UPLOAD_IMAGE: {R, E, C},
    Action.MANAGE_TAXONOMY: {E, C},
    Action.MANAGE_USERS: {C},
    Action.MANAGE_SETTINGS: {C},
    Action.VIEW_AUDIT: {C},
    Action.LIVE_BLOG: {E, C},
}


def test_the_table_names_every_action():
    assert set(EXPECTED) == set(Action)


@pytest.mark.parametrize("role", [R, E, C, NONE])
@pytest.mark.parametrize("action", list(Action))
def test_role_action_matrix(role, action):
    user = newsroom_user(role)
    assert can(user, action) is (role in EXPECTED[action])


@pytest.mark.parametrize("action", [Action.EDIT, Action.SUBMIT, Action.RESTORE, Action.TRANSLATE])
def test_reporters_act_only_on_their_own_unpublished_articles(action):
    reporter, other = newsroom_user(R), newsroom_user(R)
    own = ArticleFactory(status="draft", publish_at=None, created_by=reporter)
    in_review = ArticleFactory(status="review", publish_at=None, created_by=reporter)
    published = ArticleFactory(created_by=reporter)
    theirs = ArticleFactory(status="draft", publish_at=None, created_by=other)
    assert can(reporter, action, own) and can(reporter, action, in_review)
    assert not can(reporter, action, published)
    assert not can(reporter, action, theirs)
    editor = newsroom_user(E)
    assert all(can(editor, action, a) for a in (own, published, theirs))


def test_anonymous_and_inactive_users_can_do_nothing():
    from django.contrib.auth.models import AnonymousUser

    inactive = newsroom_user(C)
    inactive.is_active = False
    assert not any(can(AnonymousUser(), action) for action in Action)
    assert not any(can(inactive, action) for action in Action)


def test_superusers_hold_every_role():
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "r@example.org", "pw-12345678")
    assert all(can(root, action) for action in Action)
