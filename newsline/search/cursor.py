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
from datetime import date, datetime

from django.core import signing
from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from newsline.content.pagination import micros, moment, to36

_signer = signing.Signer(salt="newsline.search.cursor")
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
        fields = (bits, micros(self.publish_at), self.id, micros(self.as_of))
        return _signer.sign("-".join([*map(to36, fields), self.fingerprint]))

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
            return cls(score, moment(published), pk, moment(as_of), print_)
        except (signing.BadSignature, ValueError, OverflowError, struct.error) as exc:
            raise BadRequest(_("This page link is damaged or out of date.")) from exc
