"""Revisions: every saved state of an article, and readable word-level differences."""

import difflib
import re

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from newsline.content.models import Article, Revision

# The fields a revision keeps and a restore brings back, with their labels for the diff.
FIELDS = {
    "headline": _("headline"),
    "slug": _("slug"),
    "lead": _("lead"),
    "body": _("body"),
    "section_id": _("section"),
    "kind": _("kind"),
    "lead_image_id": _("lead image"),
    "featured_rank": _("featured rank"),
    "tags": _("tags"),
    "authors": _("authors"),
}
_WORDS = re.compile(r"\s+|[^\s]+")


def snapshot(article: Article) -> dict:
    """The article's editable fields as plain JSON."""
    data = {name: getattr(article, name) for name in FIELDS if name not in ("tags", "authors")}
    if article.pk:
        data["tags"] = sorted(article.tags.values_list("id", flat=True))
        data["authors"] = sorted(article.authors.values_list("id", flat=True))
    data["status"] = article.status
    data["publish_at"] = article.publish_at.isoformat() if article.publish_at else None
    return data


def record_revision(
    *, article: Article, user, kind: str, data: dict | None = None, note: str = ""
) -> Revision:
    return Revision.objects.create(
        article=article,
        version=article.version,
        kind=kind,
        user=user if getattr(user, "pk", None) else None,
        data=data if data is not None else snapshot(article),
        note=note[:300],
    )


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Segments ("equal" | "delete" | "insert", text) turning old into new, word by word."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("equal", "delete", "replace") and i1 != i2:
            segments.append(("equal" if op == "equal" else "delete", "".join(a[i1:i2])))
        if op in ("insert", "replace") and j1 != j2:
            segments.append(("insert", "".join(b[j1:j2])))
    return segments


def diff(old: dict, new: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """The changed fields between two snapshots, each as word-level segments."""
    changed = []
    for name, label in FIELDS.items():
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if name == "body":
            before, after = strip_tags(before or ""), strip_tags(after or "")
        changed.append((str(label), word_diff(_text(before), _text(after))))
    return changed


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)
