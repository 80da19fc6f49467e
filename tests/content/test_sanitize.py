"""DESIGN invariant 3: stored HTML is reduced to an allow-list when it is written."""

import pytest

from newsline.content.sanitize import sanitize_html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
        ('<img src="x" onerror="steal()">', ""),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ('<p style="color:red">Hi</p>', "<p>Hi</p>"),
        ("<style>p{}</style><p>Hi</p>", "<p>Hi</p>"),
        ('<iframe src="https://evil.example"></iframe>', ""),
        ("<p>a<!-- note -->b</p>", "<p>ab</p>"),
        ("<p></p>", ""),
    ],
)
def test_dangerous_markup_is_removed(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_allowed_markup_is_kept():
    html = (
        "<h2>Heading</h2><p><strong>bold</strong> <em>it</em> <u>u</u> <s>s</s> x<sub>2</sub>"
        '<br><a href="https://example.org/a?b=1" rel="noopener noreferrer nofollow">link</a></p>'
        "<blockquote><p>quote</p></blockquote><ul><li>one</li></ul>"
        '<ol start="3"><li>three</li></ol>'
    )
    assert sanitize_html(html) == html


def test_text_in_any_script_survives():
    html = "<p>Əliyev İ ı ş ğ — Привет, мир 🎉 &amp; &lt;tags&gt;</p>"
    assert sanitize_html(html) == html
