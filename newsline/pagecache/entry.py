"""A stored page: status, headers and body in one blob, so a hit is one lookup and one decode."""

import struct
from dataclasses import dataclass

# expires, stored_at (epoch seconds), status, length of the header block. The block is
# "name\0value\0…" in latin-1: HTTP forbids NUL in headers, and splitting on it is several
# times faster than parsing JSON on every hit.
_HEAD = struct.Struct("!ddHI")


@dataclass(frozen=True, slots=True)
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]  # as ASGI sends them: lower-case names
    body: bytes
    expires: float
    stored_at: float
    etag: bytes
    last_modified: bytes


def encode(
    *, status: int, headers: list[tuple[str, str]], body: bytes, expires: float, stored_at: float
) -> bytes:
    meta = b"\0".join(
        part.encode("latin-1") for name, value in headers for part in (name.lower(), value)
    )
    return _HEAD.pack(expires, stored_at, status, len(meta)) + meta + body


def decode(blob: bytes) -> Entry:
    expires, stored_at, status, length = _HEAD.unpack_from(blob)
    start = _HEAD.size
    parts = blob[start : start + length].split(b"\0")
    headers = list(zip(parts[0::2], parts[1::2], strict=True))
    found = dict(headers)
    return Entry(
        status,
        headers,
        blob[start + length :],
        expires,
        stored_at,
        found.get(b"etag", b""),
        found.get(b"last-modified", b""),
    )


def expires_of(blob: bytes) -> float:
    return _HEAD.unpack_from(blob)[0]
