"""Text analysis shared by both backends: HTML to text, words, and index terms per language.

A term is what the index stores for a word and what a query word must equal to match:
Azerbaijani words are Turkic-folded and transliterated (`Əliyev`, `ƏLİYEV` and `eliyev` are
all `eliyev`); English and Russian words are case-folded and stemmed with Snowball, the
algorithms PostgreSQL's `english` and `russian` configurations use, since SQLite's FTS5 has
no Russian stemmer; other languages are case-folded only.
"""

import html
import re
import threading
from functools import lru_cache

import snowballstemmer

from newsline.text import fold_case, normalize, transliterate
from newsline.text.casing import TURKIC_LANGUAGES

# Letters and digits of any script; "_", punctuation and marks separate words, as in FTS5's
# unicode61 tokenizer, so no query word can carry an operator or a quote.
WORD = re.compile(r"[^\W_]+")
# A tag, with quoted attribute values that may hold ">" (nh3 quotes every attribute value).
_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_STEMMERS = {"en": "english", "ru": "russian"}


def plain_text(body_html: str) -> str:
    """Return the text of sanitized body HTML, blocks separated by spaces."""
    # A space per tag keeps "<p>end</p><p>start" two words; sanitized HTML has no
    # comments, scripts or styles whose content could leak in (content.sanitize).
    return " ".join(html.unescape(_TAG.sub(" ", body_html or "")).split())


_local = threading.local()


def _stemmer(language: str):
    """This thread's stemmer: a snowball stemmer keeps the word it works on in itself, and
    one shared by the server's threads stemmed two words at once (IndexError, a 500)."""
    stemmers = _local.__dict__.setdefault("stemmers", {})
    if (found := stemmers.get(language)) is None:
        found = stemmers[language] = snowballstemmer.stemmer(_STEMMERS[language])
    return found


@lru_cache(maxsize=2**18)
def word_term(word: str, language: str) -> str:
    """Return the index term of one word (letters and digits only) in a language."""
    if language not in TURKIC_LANGUAGES:
        # str.casefold() turns "İ" into "i" + U+0307, which would split the word in two.
        word = word.replace("İ", "i")
    folded = fold_case(word, language)
    if language in TURKIC_LANGUAGES:
        return transliterate(folded) or folded
    if language in _STEMMERS:
        return _stemmer(language).stemWord(folded.replace("ё", "е"))
    return folded


def terms(text: str, language: str) -> list[str]:
    """Return the index terms of a text, in order."""
    return [word_term(word, language) for word in WORD.findall(normalize(text))]


def index_text(text: str, language: str) -> str:
    """Return a text as the space-separated terms FTS5 or PostgreSQL's `simple` indexes."""
    return " ".join(terms(text, language))
