"""Embeds: https addresses on an allow-list of platforms; YouTube ids read from any link form."""

import pytest
from django.core.exceptions import ValidationError

from newsline.live.embeds import check_embed_url, platform, youtube_id


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube"),
        ("https://youtu.be/dQw4w9WgXcQ", "YouTube"),
        ("https://x.com/someone/status/123", "X"),
        ("https://twitter.com/someone/status/123", "X"),
        ("https://www.facebook.com/page/posts/1", "Facebook"),
        ("https://www.instagram.com/p/abc/", "Instagram"),
        ("https://t.me/channel/42", "Telegram"),
        ("  https://t.me/channel/42  ", "Telegram"),
    ],
)
def test_allowed_platforms_pass(url, name):
    assert check_embed_url(url) == url.strip() and platform(url.strip()) == name


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # not https
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//youtube.com/watch",
        "https://youtube.com.evil.example/watch",
        "https://evil.example/?u=https://youtube.com/",
        "https://notyoutube.com/",
        "https://youtube.com@evil.example/",
        "https://user:pw@youtube.com/",
        "https://youtube.com:8443/",
        "https://youtube.com:99999999/",
        "https://[::1]/",
        "https://x.com/" + "a" * 500,
        "youtube.com/watch?v=dQw4w9WgXcQ",
    ],
)
def test_everything_else_is_refused(url):
    with pytest.raises(ValidationError):
        check_embed_url(url)


def test_an_empty_address_means_no_embed():
    assert check_embed_url("") == "" and check_embed_url("   ") == ""


@pytest.mark.parametrize(
    ("url", "video"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/@channel", None),  # a channel: shown as a link
        ('https://www.youtube.com/watch?v="><script>', None),
        ("https://youtu.be/short", None),
        ("https://x.com/dQw4w9WgXcQ", None),
    ],
)
def test_youtube_video_ids(url, video):
    assert youtube_id(url) == video
