"""Embeds in live blog entries: an allow-list of hosts, shown without third-party scripts.

Readers get a plain link to the post, except for YouTube, which gets an iframe from
youtube-nocookie.com (no cookies until the reader presses play). Platforms' own embed
scripts track every reader of the page, so none is ever loaded.
"""

import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Host → platform name shown on the link.
HOSTS = {
    "youtube.com": "YouTube",
    "www.youtube.com": "YouTube",
    "m.youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "x.com": "X",
    "twitter.com": "X",
    "mobile.twitter.com": "X",
    "facebook.com": "Facebook",
    "www.facebook.com": "Facebook",
    "m.facebook.com": "Facebook",
    "instagram.com": "Instagram",
    "www.instagram.com": "Instagram",
    "t.me": "Telegram",
}
MAX_LENGTH = 500
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_https_only = URLValidator(schemes=["https"])


def check_embed_url(url: str) -> str:
    """Return the URL, stripped, or raise ValidationError unless it is https on an allowed host."""
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > MAX_LENGTH:
        raise ValidationError(_("The address is too long."), code="too_long")
    try:
        _https_only(url)
        parts = urlsplit(url)
        port = parts.port
    except (ValidationError, ValueError):
        raise ValidationError(_("Give a full https:// address."), code="invalid") from None
    if parts.username or parts.password or port not in (None, 443):
        raise ValidationError(_("Give a full https:// address."), code="invalid")
    if (parts.hostname or "") not in HOSTS:
        raise ValidationError(
            _("Only posts from YouTube, X, Facebook, Instagram and Telegram can be embedded."),
            code="host",
        )
    return url


def platform(url: str) -> str:
    """Return the platform's name for an allowed URL ("" for any other)."""
    return HOSTS.get(urlsplit(url).hostname or "", "") if url else ""


def youtube_id(url: str) -> str | None:
    """Return the video id of a YouTube watch, short, shorts or embed link, else None."""
    if platform(url) != "YouTube":
        return None
    parts = urlsplit(url)
    if parts.hostname == "youtu.be":
        candidate = parts.path.strip("/")
    elif parts.path == "/watch":
        candidate = parse_qs(parts.query).get("v", [""])[0]
    else:
        kind, _slash, candidate = parts.path.strip("/").partition("/")
        candidate = candidate if kind in ("embed", "shorts", "live") else ""
    return candidate if _VIDEO_ID.match(candidate) else None
