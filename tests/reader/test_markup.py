"""Reader pages are valid HTML, as the W3C Nu HTML checker (vnu.jar) sees them.

Java starts slowly (~2 s), so every page is rendered first and the checker runs once.
"""

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.test import RequestFactory
from django.utils import timezone

from newsline.content.images import make_renditions
from newsline.newsroom.previews import preview_url
from newsline.reader.errors import server_error
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"


def make_content():
    """Fill two editions; return a showcase story, its translation and an author."""
    now = timezone.now()
    politics = SectionFactory(slug="politics", name_en="Politics", name_az="Siyasət")
    sport = SectionFactory(slug="sport", name_en="Sport", name_az="İdman")
    tag = TagFactory(name="Elections")
    author = AuthorFactory(display_name="Aysel Məmmədova", bio="Covers politics.")
    kinds = ["news", "video", "live", "opinion", "interview", "photo"]
    for n in range(12):
        teaser = ArticleFactory(
            headline=f"Story {n}",
            section=politics if n % 2 else sport,
            kind=kinds[n % len(kinds)],
            lead_image=ImageFactory() if n % 3 == 0 else None,
            publish_at=now - timedelta(minutes=10 * n + 5),
            featured_rank=1 if n == 0 else None,
        )
        teaser.tags.add(tag)
        if n == 3:
            make_renditions(teaser.lead_image)
    story = ArticleFactory(
        headline="Parliament passes the budget",
        section=politics,
        kind="video",
        lead_image=ImageFactory(),
        body="<p>The vote was 80 to 20.</p><blockquote><p>A quote.</p></blockquote>",
        publish_at=now - timedelta(minutes=1),
        corrected_at=now,
    )
    # Renditions are normally made by the worker; pages must be valid before and after.
    make_renditions(story.lead_image)
    story.tags.add(tag, TagFactory(name="Budget"))
    story.authors.add(author, AuthorFactory())
    az_story = ArticleFactory(
        language="az",
        headline="Parlament büdcəni qəbul etdi",
        section=politics,
        translation_group=story.translation_group,
        lead_image=ImageFactory(),
        # The az edition's pages carry the breaking banner; the en edition's do not.
        is_breaking=True,
    )
    return story, az_story, author


def vnu_messages(paths: list[Path]) -> list[dict]:
    """Check the files with one run of the Nu HTML checker; return its messages."""
    if not VNU_JAR.is_file():
        pytest.fail(
            f"The Nu HTML checker is missing at {VNU_JAR}; run `make test` "
            "(or `npm ci --ignore-scripts`) to install it."
        )
    if shutil.which("java") is None:
        pytest.fail("The Nu HTML checker needs Java; run `make test`, which installs it.")
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", "--stdout"]
        + [str(path) for path in paths],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)["messages"]


@pytest.mark.django_db
def test_reader_pages_are_valid_html(client, tmp_path):
    story, az_story, author = make_content()
    withdrawn = ArticleFactory(headline="Withdrawn story", status="withdrawn")
    draft = ArticleFactory(
        headline="A draft", status="draft", publish_at=None, section=story.section
    )
    draft_preview = preview_url(draft)
    scheduled = ArticleFactory(headline="Later", publish_at=timezone.now() + timedelta(hours=5))
    pages = {
        "home-en": ("/en/", 200),
        "home-az": ("/az/", 200),
        "home-ru-empty": ("/ru/", 200),
        "article-en": (story.get_absolute_url(), 200),
        "article-az": (az_story.get_absolute_url(), 200),
        "archive-en": ("/en/archive/", 200),
        "archive-az": ("/az/archive/", 200),
        "section-en": ("/en/section/politics/", 200),
        "author-en": (author.get_absolute_url(), 200),
        "not-found": ("/en/no-such-page/", 404),
        "bad-cursor": ("/en/archive/?before=damaged", 400),
        "bad-date": ("/en/archive/2025/02/30/", 400),
        "withdrawn": (withdrawn.get_absolute_url(), 410),
        "withdrawn-az": (f"/az/{withdrawn.pk}/", 410),
        "preview-draft": (draft_preview, 200),
        "preview-published-az": (preview_url(az_story), 200),
        "preview-scheduled": (preview_url(scheduled), 200),
        "preview-expired": (draft_preview, 410),
        "preview-damaged": (draft_preview[:-5] + "/", 400),
    }
    files = []
    for name, (url, status) in pages.items():
        if name == "preview-expired":
            with time_machine.travel(timezone.now() + timedelta(days=3)):
                response = client.get(url)
        else:
            response = client.get(url)
        assert response.status_code == status, f"{name}: GET {url} -> {response.status_code}"
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    # The 500 page renders without context processors or the database.
    files.append(tmp_path / "server-error.html")
    files[-1].write_bytes(server_error(RequestFactory().get("/en/")).content)

    messages = vnu_messages(files)

    errors = [m for m in messages if m.get("type") in {"error", "non-document-error"}]
    report = "\n".join(
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()}"
        for m in errors
    )
    assert not errors, f"The Nu HTML checker found {len(errors)} errors:\n{report}"
