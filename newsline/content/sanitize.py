"""The allow-list for stored article HTML (DESIGN invariant 3: sanitize once, on write)."""

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "figure", "figcaption", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)

# The editor produces these; nh3 receives the same list so what an editor can make survives.
EDITOR_EXTENSIONS = {
    "Bold": {}, "Italic": {}, "Underline": {}, "Strike": {}, "Subscript": {}, "Superscript": {},
    "Heading": {"levels": [2, 3, 4]}, "BulletList": {}, "OrderedList": {}, "ListItem": {},
    "Blockquote": {}, "HorizontalRule": {}, "HardBreak": {}, "Link": {"enableTarget": False},
}  # fmt: skip


def sanitize_html(html: str) -> str:
    """Return html reduced to the allow-list: no scripts, handlers, styles or unsafe URLs."""
    cleaned = _cleaner.clean(html or "")
    # ProseMirror always emits one empty paragraph for an empty document.
    return "" if cleaned.strip() in {"", "<p></p>"} else cleaned
