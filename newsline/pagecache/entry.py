"""A stored page: status, headers and body in one blob, so a hit is one lookup and one decode."""

import json
import struct
from dataclasses import dataclass

# expires, stored_at (epoch seconds), status, length of the JSON header block.
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
    meta = json.dumps([[name.lower(), value] for name, value in headers]).encode("latin-1")
    return _HEAD.pack(expires, stored_at, status, len(meta)) + meta + body


def decode(blob: bytes) -> Entry:
    expires, stored_at, status, length = _HEAD.unpack_from(blob)
    start = _HEAD.size
    pairs = json.loads(blob[start : start + length])
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in pairs]
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
