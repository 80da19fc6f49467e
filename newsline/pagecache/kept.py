"""Pieces of pages kept in the page store under tags, and in this process's hot copy.

A piece (a fragment's markup, or a figure like the edition's next scheduled change) lives
in the same store as pages, under the same tags, so the purges that refresh pages
refresh it. With Redis it is also held in this process's hot copy (hot.py), which the
same purges empty: a render then reads its pieces from memory, not over the network.
"""

import json
import time
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings

from newsline.pagecache.store import get_store, safely


class Piece(NamedTuple):
    html: str
    tags: list[str]  # what it shows, for the page built on it to declare
    data: dict  # what the page needs of it besides its markup (JSON)
    expires: float  # epoch seconds: the store's own clock (Redis's) need not be ours


def through(name: str, compute: Callable[[], Piece | None]) -> Piece | None:
    """The kept piece `name`; else compute()'s, kept unless one of its tags was purged
    while it was computed (None: nothing to keep). With fragments off, always compute()."""
    if settings.NEWSLINE_FRAGMENT_CACHE_SECONDS <= 0:
        return compute()
    if (found := read(name)) is not None:
        return found
    since = generation()  # read before computing, as for pages
    piece = compute()
    if piece is not None:
        keep(name, piece, since)
    return piece


def read(name: str) -> Piece | None:
    """The kept piece `name` if it is still fresh, else None."""
    store, key = get_store(), _key(name)
    hot, mark = _hot_copy(store), 0
    if hot is not None:
        if (held := hot.get(key)) is not None:
            return held
        mark = hot.mark()
    blob = safely(lambda: store.get(key))
    piece = _decode(blob) if blob is not None else None
    if piece is None or piece.expires <= time.time():
        return None
    if hot is not None:
        hot.keep(key, piece, mark, size=len(blob))
    return piece


def generation() -> int | None:
    """Read before computing a piece; pass to keep() (None: the store is out of reach)."""
    return safely(get_store().generation)


def keep(name: str, piece: Piece, since: int | None) -> None:
    """Keep `piece` until it expires, unless one of its tags was purged after `since`."""
    ttl = piece.expires - time.time()
    if since is None or ttl < 1:
        return
    blob = f"{piece.expires}\n{' '.join(piece.tags)}\n{json.dumps(piece.data)}\n{piece.html}"
    store = get_store()
    safely(lambda: store.store(_key(name), blob.encode(), tags=piece.tags, ttl=ttl, since=since))


def _key(name: str) -> str:
    return f"fragment:{name}"


def _decode(blob: bytes) -> Piece | None:
    # "<expiry>\n<tags>\n<data>\n<html>"
    expires, _, rest = blob.decode(errors="replace").partition("\n")
    tags, _, rest = rest.partition("\n")
    data, _, html = rest.partition("\n")
    try:
        return Piece(html, tags.split(), json.loads(data), float(expires))
    except ValueError:  # stored by another release in another layout: compute anew
        return None


def _hot_copy(store):
    make = getattr(store, "hot_pages", None)
    hot_bytes = settings.NEWSLINE_PAGE_CACHE_HOT_BYTES
    if make is None or hot_bytes <= 0:
        return None
    hot = make(hot_bytes)
    hot.start()
    return hot
