"""Unicode normalisation and language-aware case folding."""

import unicodedata

# Turkic alphabets pair dotted İ/i and dotless I/ı; Python's str.lower() maps
# "İ" to "i" + U+0307 COMBINING DOT ABOVE and "I" to "i", both wrong for Azerbaijani.
TURKIC_LANGUAGES = frozenset({"az", "tr"})
_TURKIC_UPPER = str.maketrans({"İ": "i", "I": "ı"})


# C0 controls other than tab, newline and carriage return: invisible, and PostgreSQL
# refuses NUL in text outright.
_CONTROLS = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


def normalize(text: str) -> str:
    """Return text in Unicode NFC, the form Newsline stores and searches, without C0 controls."""
    return unicodedata.normalize("NFC", text.translate(_CONTROLS))


def fold_case(text: str, language: str) -> str:
    """Return text case-folded by the rules of the given language."""
    text = normalize(text)
    if language in TURKIC_LANGUAGES:
        return text.translate(_TURKIC_UPPER).lower()
    return text.casefold()
