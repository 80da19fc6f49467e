"""Snippets: a story's text around the first match, escaped, with matching words in <mark>.

Both backends build snippets here, from plain text and the query's terms, so highlighting
follows the same folding, transliteration and stemming as matching. The HTML is made only
of escaped text and the literal `<mark>`/`</mark>` (DESIGN invariant 3).
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsline.search.analysis import WORD, plain_text, word_term
from newsline.text import normalize

SNIPPET_WORDS = 30
# Words of context shown before the first match.
LEAD_IN_WORDS = 6
ELLIPSIS = "…"


def highlight(
    text: str, terms: frozenset[str], language: str, *, window: int | None = None
) -> SafeString | None:
    """Return text with matches marked, cut to `window` words; None if nothing matches."""
    text = normalize(text)
    words = list(WORD.finditer(text))
    first = next(
        (i for i, word in enumerate(words) if word_term(word.group(), language) in terms), None
    )
    if first is None:
        return None
    start, end = 0, len(words)
    if window is not None:
        start = max(0, first - LEAD_IN_WORDS)
        end = min(len(words), start + window)
    begin = words[start].start() if start else 0
    stop = words[end - 1].end() if end < len(words) else len(text)
    pieces = [ELLIPSIS] if start else []
    position = begin
    for word in words[start:end]:
        if word_term(word.group(), language) in terms:
            pieces += [escape(text[position : word.start()]), "<mark>", escape(word.group())]
            pieces.append("</mark>")
            position = word.end()
    pieces.append(escape(text[position:stop]))
    if end < len(words):
        pieces.append(ELLIPSIS)
    return mark_safe("".join(pieces))


def excerpt(text: str, words: int = SNIPPET_WORDS) -> SafeString:
    """Return the first `words` words of text, escaped."""
    found = list(WORD.finditer(text))
    if len(found) <= words:
        return escape(text)
    return mark_safe(escape(text[: found[words - 1].end()]) + ELLIPSIS)


def add_snippets(articles: list, terms: tuple[str, ...], language: str) -> None:
    """Set `.snippet` and `.headline_html` on each article of a results page."""
    wanted = frozenset(terms)
    for article in articles:
        body = plain_text(article.body)
        article.headline_html = highlight(article.headline, wanted, language) or escape(
            article.headline
        )
        article.snippet = (
            highlight(article.lead, wanted, language, window=SNIPPET_WORDS)
            or highlight(body, wanted, language, window=SNIPPET_WORDS)
            or excerpt(article.lead or body)
        )
