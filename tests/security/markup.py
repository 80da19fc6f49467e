"""Find executable script in markup the site sends: what a browser would run, not string matches.

A real HTML parser (the standard library's) reads the page as a browser tokenizes it; each
start tag is then judged by its name and attributes. The site's own scripts are allowed:
files under /static/ (and the admin's translation catalog), and JSON blocks that parse.
"""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Attributes whose value a browser follows as a URL (or runs, for animation values).
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "poster", "background", "cite", "ping",
    "manifest", "codebase", "lowsrc", "dynsrc", "xlink:href", "srcset", "values", "to", "from",
    "by", "longdesc", "usemap", "icon", "profile", "archive", "classid",
}  # fmt: skip
FORBIDDEN_TAGS = {"frame", "frameset", "object", "embed", "applet", "base", "isindex"}
# Live blog video embeds: the only frames a page may hold, and only sandboxed.
EMBED_HOSTS = {"www.youtube-nocookie.com"}
OWN_SCRIPT_PREFIXES = ("/static/", "/newsroom/jsi18n/")
DATA_TYPES = {"application/ld+json", "application/json", "importmap"}
# The Content Security Policy allows no inline script: none is the site's own.
OWN_INLINE_SCRIPTS: set[str] = set()
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_STRIPPED = dict.fromkeys(map(ord, "\t\n\r\x00"))
_SAFE_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp|avif)[;,]")
_BAD_STYLE = re.compile(r"expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding", re.I)


def dangerous_url(value: str) -> bool:
    """Whether a browser would run script when following or loading this URL."""
    url = value.translate(_STRIPPED).lstrip("".join(map(chr, range(0x21)))).lower()
    found = _SCHEME.match(url)
    if not found:
        return False
    scheme = found.group(1)
    if scheme == "data":
        return not _SAFE_DATA.match(url)
    return scheme in {"javascript", "vbscript", "livescript", "mocha"}


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: dict | None = None
        self._style = False

    def handle_starttag(self, tag, attrs):
        self._judge(tag, attrs)
        if tag == "script":
            self._script = {"attrs": dict(attrs), "text": []}
        self._style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self._judge(tag, attrs)
        if tag == "script":
            self._end_script({"attrs": dict(attrs), "text": []})

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self._end_script(self._script)
            self._script = None
        if tag == "style":
            self._style = False

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"].append(data)
        elif self._style and _BAD_STYLE.search(data):
            self.problems.append(f"script in a style element: {data[:80]!r}")

    def close(self):
        super().close()
        if self._script is not None:  # an unclosed script still runs what it holds
            self._end_script(self._script)

    def _judge(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        shown = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)[:160]}>"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}: {shown}")
            elif name == "srcdoc":
                self.problems.append(f"srcdoc: {shown}")
            elif name == "style" and _BAD_STYLE.search(value):
                self.problems.append(f"script in a style attribute: {shown}")
            elif name == "srcset":
                if any(dangerous_url(part.strip()) for part in value.split(",")):
                    self.problems.append(f"script URL in srcset: {shown}")
            elif name in URL_ATTRIBUTES and dangerous_url(value):
                self.problems.append(f"script URL in {name}: {shown}")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"forbidden element: {shown}")
        if tag == "iframe" and not (
            urlsplit(values.get("src", "")).hostname in EMBED_HOSTS and "sandbox" in values
        ):
            self.problems.append(f"frame from outside the embed allow-list: {shown}")
        if tag == "meta" and values.get("http-equiv", "").strip().lower() in {
            "refresh",
            "set-cookie",
            "content-security-policy",
        }:
            self.problems.append(f"meta http-equiv: {shown}")
        animated = values.get("attributename", "").lower()
        if tag in {"animate", "set", "animatetransform", "animatemotion"} and animated.startswith(
            ("on", "href", "xlink:href")
        ):
            self.problems.append(f"animation of a handler or link: {shown}")

    def _end_script(self, script):
        attrs, text = script["attrs"], "".join(script["text"])
        kind = (attrs.get("type") or "").strip().lower()
        src = attrs.get("src")
        if src is not None:
            if not src.startswith(OWN_SCRIPT_PREFIXES) or text.strip():
                self.problems.append(f"foreign script src={src!r} text={text[:60]!r}")
        elif kind in DATA_TYPES:
            try:
                json.loads(text)
            except ValueError:
                self.problems.append(f"{kind} block that is not JSON: {text[:120]!r}")
            if "<!--" in text or "</script" in text.lower():
                self.problems.append(f"{kind} block that can break out: {text[:120]!r}")
        elif text.strip() not in OWN_INLINE_SCRIPTS:
            self.problems.append(f"inline script: {text[:120]!r}")


def script_problems(html: str) -> list[str]:
    """Everything in the markup that would run script, described; empty if nothing would."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def assert_no_script(html: str, where: str) -> None:
    problems = script_problems(html)
    assert not problems, f"{where}: " + "\n".join(problems)


def assert_feed_safe(xml: bytes, where: str) -> None:
    """Parse a feed or sitemap; its links are safe and the HTML it carries runs no script."""
    root = ET.fromstring(xml)
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        for attribute in ("href", "url", "src"):
            if dangerous_url(element.get(attribute, "")):
                raise AssertionError(f"{where}: script URL in <{name} {attribute}>")
        text = element.text or ""
        if name in {"link", "loc", "guid", "id", "uri", "url"}:
            assert not dangerous_url(text), f"{where}: script URL in <{name}>: {text!r}"
        # RSS descriptions are HTML to every reader; Atom says which of its texts are.
        if name in {"description", "encoded"} or element.get("type") in {"html", "xhtml"}:
            assert_no_script(text, f"{where} <{name}>")
