"""A reader's query, cleaned: words to hand to PostgreSQL, terms to match, FTS5 literals.

Queries are user input and never become query syntax. Only letters and digits survive
(`analysis.WORD`), so operators, quotes, control characters and NUL cannot reach the
database; every FTS5 term is quoted as a string literal besides. A long query is cut, not
refused: it is read up to its 500th character and its 16th word. Every word must match.
"""

import unicodedata
from dataclasses import dataclass

from newsline.search.analysis import WORD, word_term
from newsline.text import normalize

MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 16
# Controls (Cc), NUL among them, which PostgreSQL refuses in text, separate words;
# invisible format characters (Cf, e.g. a soft hyphen inside a word) and lone surrogates
# (Cs, which cannot even be encoded) are dropped.
_REPLACED = {"Cc": " ", "Cf": "", "Cs": ""}


@dataclass(frozen=True)
class Query:
    language: str
    words: tuple[str, ...]  # the reader's words, as typed, for PostgreSQL's own parser
    terms: tuple[str, ...]  # their index terms, without repeats

    def __bool__(self) -> bool:
        return bool(self.terms)

    def fts5(self) -> str:
        """Return the query as FTS5 syntax: every term a quoted literal, all required."""
        return " ".join('"' + term.replace('"', '""') + '"' for term in self.terms)


def clean(raw: str) -> str:
    """Return raw input cut to MAX_QUERY_CHARS, in NFC, without control characters."""
    cut = str(raw or "")[:MAX_QUERY_CHARS]
    return normalize("".join(_REPLACED.get(unicodedata.category(ch), ch) for ch in cut))


def parse_query(raw: str, language: str) -> Query:
    """Return the query a reader typed; it is false when nothing searchable is left."""
    words = tuple(WORD.findall(clean(raw))[:MAX_QUERY_WORDS])
    terms = tuple(dict.fromkeys(word_term(word, language) for word in words))
    return Query(language, words, terms)
