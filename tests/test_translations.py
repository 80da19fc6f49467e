"""The az and ru catalogs are complete, compiled, cover every source string, and render."""

import ast
import datetime as dt
import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.utils import formats, translation

from newsline.content.models import Article

PACKAGE = Path(__file__).resolve().parents[1] / "newsline"
LANGUAGES = ["az", "ru"]
PLURAL_FORMS = {"az": 2, "ru": 3}
# What makemessages reads by default (--extension html,txt,py).
SOURCE_SUFFIXES = {".py", ".html", ".txt"}


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def parse_po(path: Path) -> list[Entry]:
    """Return the live entries of a .po file (the header included, obsolete `#~` ones not)."""
    entries, entry, last = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line or line.startswith("#~"):
            if entry is not None and not line:
                entries.append(entry)
                entry = last = None
            continue
        entry = entry or Entry()
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, last, ast.literal_eval(line))
        else:
            keyword, _, text = line.partition(" ")
            last = keyword
            _append(entry, last, "", reset=True)
            _append(entry, last, ast.literal_eval(text))
    return entries


def _append(entry: Entry, keyword: str, text: str, *, reset: bool = False) -> None:
    if keyword.startswith("msgstr"):
        index = int(keyword[7:-1]) if "[" in keyword else 0
        entry.msgstr[index] = ("" if reset else entry.msgstr[index]) + text
    else:
        name = keyword
        setattr(entry, name, ("" if reset else getattr(entry, name)) + text)


def catalog(language: str) -> Path:
    return PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sd]|%[sd]", text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    header, *entries = parse_po(catalog(language))
    assert header.msgid == "" and "fuzzy" not in header.flags, "the .po header is fuzzy"
    assert f"nplurals={PLURAL_FORMS[language]};" in header.msgstr[0]
    problems = []
    for entry in entries:
        label = f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {label}")
        forms = PLURAL_FORMS[language] if entry.msgid_plural is not None else 1
        if sorted(entry.msgstr) != list(range(forms)) or not all(entry.msgstr.values()):
            problems.append(f"untranslated: {label}")
        elif "python-format" in entry.flags and any(
            placeholders(text) != placeholders(entry.msgid) for text in entry.msgstr.values()
        ):
            problems.append(f"placeholders differ: {label}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_the_po(language):
    po = catalog(language)
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for entry in parse_po(po)[1:]:
        if entry.msgid_plural is not None:
            continue
        lookup = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if compiled._catalog.get(lookup) != entry.msgstr[0]:
            stale.append(entry.msgid)
    assert not stale, f"run `newsline compilemessages` from newsline/: {stale}"


def test_catalogs_hold_every_source_string(settings, tmp_path, monkeypatch):
    """Extract with makemessages from a copy of the package, so the real catalogs stay put."""
    copy = tmp_path / "newsline"
    for path in PACKAGE.rglob("*"):
        if path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts:
            target = copy / path.relative_to(PACKAGE)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["az"], verbosity=0)
    extracted = {entry.key for entry in parse_po(copy / "locale/az/LC_MESSAGES/django.po")[1:]}
    # The run saw templates, Python and contexts, so an empty catalog cannot pass.
    assert {(None, "News line"), (None, "headline"), ("badge", "VIDEO")} <= extracted
    for language in LANGUAGES:
        present = {entry.key for entry in parse_po(catalog(language))[1:]}
        missing = sorted(extracted - present, key=str)
        assert not missing, f"{language}: run makemessages and translate {missing}"


def test_azerbaijani_rendering():
    video = Article(kind=Article.Kind.VIDEO)
    template = Template(
        "{% load i18n reader %}{{ article|badge }}|{% translate 'All' %}|"
        "{% translate 'News line' %}"
    )
    with translation.override("az"):
        assert template.render(Context({"article": video})) == "VİDEO|Hamısı|Xəbər lenti"
        assert formats.date_format(dt.date(2024, 4, 23)) == "23 aprel 2024"


def test_russian_rendering():
    live = Article(kind=Article.Kind.LIVE)
    template = Template("{% load reader %}{{ article|badge }}|{{ day|date:'DATE_FORMAT' }}")
    with translation.override("ru"):
        rendered = template.render(Context({"article": live, "day": dt.date(2024, 4, 23)}))
    assert rendered == "ОНЛАЙН|23 апреля 2024"


def test_english_long_date():
    with translation.override("en"):
        assert formats.date_format(dt.date(2024, 4, 23)) == "23 April 2024"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("az", "14:05 23.04.2024"), ("ru", "14:05 23.04.2024"), ("en", "14:05 23.04.2024")],
)
def test_news_line_time_is_numeric_in_every_edition(language, expected):
    with translation.override(language):
        moment = dt.datetime(2024, 4, 23, 14, 5)
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == expected
