"""Language-aware text: normalisation, Turkic casing, transliteration and slugs."""

from newsline.text.casing import fold_case, normalize
from newsline.text.slugs import slugify, transliterate

__all__ = ["fold_case", "normalize", "slugify", "transliterate"]
