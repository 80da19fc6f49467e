"""A stored page: status, headers and body in one blob, so a hit is one lookup and one decode."""

import struct
from dataclasses import dataclass

# expires, stored_at (epoch seconds), status, length of the header block. The block is
# "name\0value\0…" in latin-1: HTTP forbids NUL in headers, and splitting on it is several
# times faster than parsing JSON on every hit.
_HEAD = struct.Struct("!4sddHI")
# Bumped when the layout or the headers every page carries change: entries an older
# release stored read as misses (NLP3: the security headers).
FORMAT = b"NLP3"


@dataclass(frozen=True, slots=True)
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]  # as ASGI sends them: lower-case names
    body: bytes
    expires: float
    stored_at: float

    def header(self, name: bytes) -> bytes:
        """One header's value, b"" if absent (looked up only for conditional requests)."""
        for found, value in self.headers:
            if found == name:
                return value
        return b""


def encode(
    *, status: int, headers: list[tuple[str, str]], body: bytes, expires: float, stored_at: float
) -> bytes:
    meta = b"\0".join(
        part.encode("latin-1") for name, value in headers for part in (name.lower(), value)
    )
    return _HEAD.pack(FORMAT, expires, stored_at, status, len(meta)) + meta + body


def decode(blob: bytes) -> Entry | None:
    """The entry, or None for a blob of another format or a damaged one."""
    try:
        version, expires, stored_at, status, length = _HEAD.unpack_from(blob)
    except struct.error:
        return None
    if version != FORMAT:
        return None
    start = _HEAD.size
    parts = blob[start : start + length].split(b"\0")
    if len(parts) % 2:
        return None
    headers = list(zip(parts[0::2], parts[1::2], strict=True))
    return Entry(status, headers, blob[start + length :], expires, stored_at)


def expires_of(blob: bytes) -> float:
    try:
        return _HEAD.unpack_from(blob)[1]
    except struct.error:
        return 0.0
