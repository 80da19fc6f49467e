"""The XSS corpus (xss_vectors.txt) and its packing into as few stories as the fields allow."""

import re
from pathlib import Path

CORPUS = Path(__file__).with_name("xss_vectors.txt")
# Names of sections and tags hold 80 characters: every vector fits in one.
LONGEST = 80
_ESCAPE = re.compile(r"\\(t|n|r|0|x[0-9a-fA-F]{2})")
_CHARS = {"t": "\t", "n": "\n", "r": "\r", "0": "\x00"}


def _decode(line: str) -> str:
    return _ESCAPE.sub(lambda m: _CHARS.get(m[1]) or chr(int(m[1][1:], 16)), line)


def load_vectors() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    vectors = [_decode(line) for line in lines if line and not line.startswith("# ")]
    assert all(len(v) <= LONGEST for v in vectors), "a vector too long for a tag's name"
    return vectors


VECTORS = load_vectors()


def batches(vectors: list[str], limit: int) -> list[list[str]]:
    """Pack vectors in order into batches whose text, joined by spaces, fits `limit`."""
    packed: list[list[str]] = [[]]
    for vector in vectors:
        if packed[-1] and len(" ".join([*packed[-1], vector])) > limit:
            packed.append([])
        packed[-1].append(vector)
    return packed


def storable(text: str) -> str:
    """The text as the newsroom's forms accept it: Django's form fields refuse NUL characters
    (and PostgreSQL cannot store them), so a NUL reaches a stored field only as its absence."""
    return text.replace("\x00", "")
