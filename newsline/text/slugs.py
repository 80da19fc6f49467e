"""ASCII slugs with a deterministic transliteration of Azerbaijani and Russian.

Azerbaijani Latin letters lose their marks: ə→e, ı→i, İ→i, ş→s, ç→c, ğ→g, ö→o, ü→u.
Russian follows BGN/PCGN without diacritics: ж→zh, х→kh, ц→ts, ч→ch, ш→sh,
щ→shch, ы→y, й→y, ё→e, э→e, ю→yu, я→ya; the hard and soft signs are dropped.
Generic tools get these wrong (unidecode maps "ə" to "@"), so the tables are ours.
"""

import re
import unicodedata

from newsline.text.casing import normalize

_LATIN = {"ə": "e", "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u", "ß": "ss"}
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip
_TABLE = str.maketrans({**_LATIN, **_CYRILLIC, "İ": "i", "I": "i"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG_LENGTH = 80


def transliterate(text: str) -> str:
    """Return text in lowercase ASCII letters, digits and punctuation."""
    text = normalize(text).translate(_TABLE).lower().translate(_TABLE)
    # Other Latin letters (é, ñ, â…) keep their base letter.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isascii())


def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Return an ASCII slug for a headline, cut at a word boundary."""
    slug = _NON_SLUG.sub("-", transliterate(text)).strip("-")
    if len(slug) > max_length:
        slug = (
            slug[: max_length + 1].rsplit("-", 1)[0]
            if "-" in slug[:max_length]
            else slug[:max_length]
        )
    return slug.strip("-")
