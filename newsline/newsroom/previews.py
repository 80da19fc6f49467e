"""Preview links: a signed, expiring address that shows an article as readers will see it.

The token carries the article's id, not a version, so a link keeps showing the latest text;
the signature (salted for this one use) stops anyone from writing a link of their own or
turning a link for one article into a link for another. Anyone holding a valid link sees the
page without logging in, which is the point: it goes to people outside the newsroom.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from newsline.content.models import Article

SALT = "newsline.newsroom.previews"


class PreviewLinkExpired(Exception):
    """The link was genuine, but its time has run out."""


class PreviewLinkInvalid(Exception):
    """The link was not made by us, or it was damaged or cut short on the way."""


def preview_token(article_id: int, *, expires_in: timedelta = timedelta(days=2)) -> str:
    """Sign the article's id with the moment the link stops working."""
    if expires_in <= timedelta(0):
        raise ValueError("A preview link must expire in the future.")
    expires = int((timezone.now() + expires_in).timestamp())
    return signing.dumps({"a": article_id, "e": expires}, salt=SALT)


def preview_url(article: Article, *, expires_in: timedelta = timedelta(days=2)) -> str:
    """The path of a preview link for the article, in its own edition."""
    token = preview_token(article.pk, expires_in=expires_in)
    with translation.override(article.language):
        return reverse("reader:preview", kwargs={"token": token})


def check_preview_token(token: str) -> int:
    """Return the article id a preview token stands for, or say why it does not."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise PreviewLinkInvalid from exc
    # Only we can sign, but a payload of another shape (an older format) is no link either.
    if not isinstance(payload, dict):
        raise PreviewLinkInvalid
    article_id, expires = payload.get("a"), payload.get("e")
    if type(article_id) is not int or type(expires) is not int:
        raise PreviewLinkInvalid
    if timezone.now().timestamp() >= expires:
        raise PreviewLinkExpired
    return article_id
