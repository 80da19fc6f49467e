"""axe-core finds no accessibility violations on reader pages; keyboard users can skip ahead."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from django.utils.translation import override
from playwright.sync_api import expect

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)

KINDS = ["news", "video", "live", "opinion", "interview", "photo"]
REPORTERS = {"en": "Jane Doe", "az": "Aysel Məmmədova"}


def make_edition(language):
    """Stories of every kind in one edition; return the one with a picture, tags and authors."""
    now = timezone.now()
    sections = [
        SectionFactory(slug="politics", name_en="Politics", name_az="Siyasət"),
        SectionFactory(slug="economy", name_en="Economy", name_az="İqtisadiyyat"),
    ]
    tag = TagFactory(language=language, name=f"Elections {language}")
    for n, kind in enumerate(KINDS * 2):
        story = ArticleFactory(
            language=language,
            headline=f"{kind.title()} story {n} ({language})",
            section=sections[n % 2],
            kind=kind,
            lead_image=ImageFactory() if n % 4 == 0 else None,
            publish_at=now - timedelta(minutes=10 * n + 5),
            featured_rank=n + 1 if n < 3 else None,
        )
        story.tags.add(tag)
    story = ArticleFactory(
        language=language,
        headline=f"Parliament passes the budget ({language})",
        section=sections[0],
        kind="live",
        lead_image=ImageFactory(),
        body="<h2>The vote</h2><p>Eighty to twenty.</p><blockquote><p>A quote.</p></blockquote>",
        publish_at=now - timedelta(minutes=1),
    )
    story.tags.add(tag, TagFactory(language=language, name=f"Budget {language}"))
    story.authors.add(AuthorFactory(display_name=REPORTERS[language]), AuthorFactory())
    return story


def violations_report(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.append(f"      {node['failureSummary']}".replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["en", "az"])
@pytest.mark.parametrize("page_name", ["home", "article", "archive"])
def test_reader_page_has_no_axe_violations(page, language, page_name, page_problems):
    story = make_edition(language)
    # The other edition exists too, so the edition switcher links to a translation.
    other = make_edition("az" if language == "en" else "en")
    other.translation_group = story.translation_group
    other.save()
    with override(language):
        url = {
            "home": f"/{language}/",
            "article": story.get_absolute_url(),
            "archive": f"/{language}/archive/",
        }[page_name]

    page.goto(url)
    expect(page.locator("h1")).to_be_visible()
    results = Axe().run(page)

    violations = results.response["violations"]
    assert not violations, f"axe on {url}:\n{violations_report(violations)}"
    assert page_problems == []


def test_skip_link_moves_focus_to_main_content(page):
    make_edition("en")
    page.goto("/en/")

    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    expect(skip_link).to_have_css("outline-style", "solid")

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/#main$"))
    expect(page.locator("main#main")).to_be_focused()

    # The next Tab lands on the first link of the content, with a visible focus ring.
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(page.locator("main a:focus")).to_have_count(1)
    expect(focused).to_have_css("outline-style", "solid")
    expect(focused).to_have_css("outline-width", "3px")
