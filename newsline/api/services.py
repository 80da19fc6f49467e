"""Issuing and revoking API tokens: chief editors only."""

from django.utils import timezone

from newsline.api.models import ApiToken
from newsline.newsroom.permissions import Action, check


def issue_api_token(*, token: ApiToken, by) -> str:
    """Save a new token with a fresh secret; return the full token, shown only once."""
    check(by, Action.MANAGE_USERS)
    raw = token.set_new_secret()
    token.save()
    return raw


def revoke_api_tokens(*, tokens, by) -> int:
    """Revoke the still-live tokens among `tokens`; return how many were revoked."""
    check(by, Action.MANAGE_USERS)
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
