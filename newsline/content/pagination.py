"""Keyset pagination with opaque, signed cursors (DESIGN invariant 6).

A cursor names the last article of a page by its (publish_at, id) key, so the next
page is an index range scan: page 10,000 costs what page 1 costs, and stories
published between two page loads cause neither duplicates nor gaps.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core import signing
from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

_signer = signing.Signer(salt="newsline.cursor")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class Cursor:
    publish_at: datetime
    id: int

    def encode(self) -> str:
        return _signer.sign(f"{to36(micros(self.publish_at))}-{to36(self.id)}")

    @classmethod
    def of(cls, article) -> "Cursor":
        return cls(article.publish_at, article.id)

    @classmethod
    def decode(cls, token: str) -> "Cursor":
        """Return the cursor in token, or raise BadRequest (400) if it is not one we made."""
        try:
            value = _signer.unsign(token)
            at, pk = (int(part, 36) for part in value.split("-"))
            return cls(moment(at), pk)
        except (signing.BadSignature, ValueError, OverflowError, OSError) as exc:
            raise BadRequest(_("This page link is damaged or out of date.")) from exc


def micros(at: datetime) -> int:
    """Microseconds since the epoch: a cursor's exact, integer form of a time."""
    return (at - _EPOCH) // _MICROSECOND


def moment(micros_since_epoch: int) -> datetime:
    return _EPOCH + micros_since_epoch * _MICROSECOND


def to36(number: int) -> str:
    """A non-negative integer in base 36, the compact form cursors carry (int(x, 36) reads it)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if number < 0:
        raise ValueError("negative cursor key")
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


@dataclass
class Page:
    items: list
    next_cursor: str | None


def parse_cursor(token: str | None) -> Cursor | None:
    """Return the cursor a page link carries, None for the first page; BadRequest if damaged."""
    return None if token is None else Cursor.decode(token)


def keyset_page(queryset, size: int) -> Page:
    """Return the first `size` items of a newest-first queryset, and the cursor of the rest.

    The queryset is already limited to the items after the current cursor, e.g. with
    `Article.objects.visible(before=cursor)`.
    """
    items = list(queryset[: size + 1])
    more = len(items) > size
    items = items[:size]
    return Page(items, Cursor.of(items[-1]).encode() if more else None)
