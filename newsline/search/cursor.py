"""Signed keyset cursors for ranked results (DESIGN invariant 6).

Results are ordered by (score, publish_at, id), highest first; a cursor names the last hit
of a page by that key. The score includes a recency boost, so the cursor also carries the
moment the first page was ranked at (`as_of`): every later page ranks, and decides what is
visible, as of that moment, and a story's score cannot move between two page loads.
A fingerprint of the language, terms and filters ties a cursor to the search that made it.
"""

import hashlib
import struct
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core import signing
from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

_signer = signing.Signer(salt="newsline.search.cursor")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
MAX_TOKEN_LENGTH = 200


def fingerprint(
    language: str,
    terms: tuple[str, ...],
    *,
    section: str | None,
    kind: str | None,
    date_from: date | None,
    date_to: date | None,
) -> str:
    """Return a short digest of what a search asks for."""
    key = repr((language, terms, section, kind, date_from, date_to))
    return hashlib.blake2b(key.encode(), digest_size=6).hexdigest()


@dataclass(frozen=True)
class SearchCursor:
    score: float
    publish_at: datetime
    id: int
    as_of: datetime
    fingerprint: str

    def encode(self) -> str:
        # The score's exact IEEE 754 bits: a decimal rendering could round it.
        (bits,) = struct.unpack(">Q", struct.pack(">d", self.score))
        fields = (bits, _micros(self.publish_at), self.id, _micros(self.as_of))
        return _signer.sign("-".join([*map(_to36, fields), self.fingerprint]))

    @classmethod
    def decode(cls, token: str, expected_fingerprint: str) -> "SearchCursor":
        """Return the cursor in token for this search, or raise BadRequest (400)."""
        try:
            if len(token) > MAX_TOKEN_LENGTH:
                raise ValueError("cursor too long")
            *numbers, print_ = _signer.unsign(token).split("-")
            bits, published, pk, as_of = (int(part, 36) for part in numbers)
            if print_ != expected_fingerprint or min(bits, published, pk, as_of) < 0:
                raise ValueError("cursor of another search")
            (score,) = struct.unpack(">d", struct.pack(">Q", bits))
            return cls(score, _moment(published), pk, _moment(as_of), print_)
        except (signing.BadSignature, ValueError, OverflowError, struct.error) as exc:
            raise BadRequest(_("This page link is damaged or out of date.")) from exc


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // _MICROSECOND


def _moment(micros: int) -> datetime:
    return _EPOCH + micros * _MICROSECOND


def _to36(number: int) -> str:
    if number < 0:
        raise ValueError("negative cursor key")
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = _DIGITS[rest] + out
        if not number:
            return out
