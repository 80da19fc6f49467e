"""The script finder itself: it must see what a browser runs, or the XSS tests prove nothing."""

import pytest

from tests.security.markup import assert_feed_safe, dangerous_url, script_problems
from tests.security.vectors import VECTORS


def test_most_of_the_corpus_is_caught_when_sent_unescaped():
    caught = [v for v in VECTORS if script_problems(v)]
    # The rest are payloads for other contexts: template syntax, attribute breakouts, text.
    assert len(caught) >= 100, len(caught)


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        "<ScRiPt>alert(1)",
        '<img src=x oNeRrOr="alert(1)">',
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href=" \x01javascript:alert(1)">x</a>',
        '<iframe srcdoc="&lt;b&gt;"></iframe>',
        '<iframe src="https://evil.example/"></iframe>',
        '<svg><a><animate attributeName=href values="javascript:alert(1)"/></a></svg>',
        '<object data="x"></object>',
        '<base href="//evil.example/">',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<div style="width:expression(alert(1))"></div>',
        "<style>a{background:url(javascript:alert(1))}</style>",
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>',
        '<script src="https://evil.example/x.js"></script>',
        '<form><button formaction="data:text/html,x">x</button></form>',
    ],
)
def test_executable_markup_is_caught(markup):
    assert script_problems(markup)


@pytest.mark.parametrize(
    "markup",
    [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        '<a href="https://example.org/?q=javascript:">x</a>',
        '<p title="&lt;img src=x onerror=alert(1)&gt;">x</p>',
        '<script src="/static/reader/live.js" defer></script>',
        '<script type="application/ld+json">{"name": "\\u003c/script\\u003e"}</script>',
        '<iframe src="https://www.youtube-nocookie.com/embed/x" sandbox="allow-scripts"></iframe>',
        '<img src="data:image/png;base64,AAAA" alt="">',
    ],
)
def test_inert_markup_passes(markup):
    assert not script_problems(markup)


def test_urls_browsers_would_run():
    assert dangerous_url("JAVASCRIPT:alert(1)")
    assert dangerous_url("\x00 java\nscript:x")
    assert dangerous_url("data:text/html,x") and not dangerous_url("data:image/webp;base64,x")
    assert not dangerous_url("/en/1-javascript-alert/") and not dangerous_url("%6aavascript:x")


def test_feed_html_is_read_as_html():
    rss = b"<rss><channel><item><description>&lt;img src=x onerror=alert(1)&gt;</description>"
    with pytest.raises(AssertionError):
        assert_feed_safe(rss + b"</item></channel></rss>", "rss")
    atom = b'<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">&lt;b&gt;</title></feed>'
    assert_feed_safe(atom, "atom")
