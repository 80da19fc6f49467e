"""Live blogs in a real browser: the newsroom's fast entry form, and an accessible reader page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_accessibility import violations_report
from tests.browser.test_newsroom import log_in, problems
from tests.factories import ImageFactory, newsroom_user
from tests.live.support import LiveEntryFactory, LiveStoryFactory, entries


@pytest.mark.usefixtures("newsroom_roles")
def test_an_editor_posts_entries_one_after_another_without_leaving_the_keyboard(
    page, page_problems
):
    story = LiveStoryFactory(headline="Election night")
    log_in(page, newsroom_user("editor"))
    page.goto(f"/newsroom/content/article/{story.pk}/change/")
    page.get_by_role("link", name="Live entries").click()
    text = page.get_by_label("Text:")
    expect(text).to_be_focused()
    for words in ("Polls close", "First results"):
        page.keyboard.type(words)
        page.get_by_role("button", name="Post the entry").click()
        expect(page.locator(".messagelist")).to_contain_text("The entry is posted.")
        # Back on the same page: an empty form, the cursor in it, the entry in the list.
        expect(text).to_be_focused()
        expect(text).to_have_value("")
        expect(page.locator(".newsroom-live__entries")).to_contain_text(words)
    page.get_by_role("button", name="Post the entry").click()  # nothing typed
    expect(page.locator(".errorlist")).to_contain_text("This field is required.")
    assert problems(page_problems) == []


def test_a_live_story_page_with_entries_has_no_axe_violations(page, page_problems):
    story = LiveStoryFactory()
    entries(story, 25)
    LiveEntryFactory(article=story, is_pinned=True, image=ImageFactory(caption="Queues"))
    LiveEntryFactory(article=story, embed_url="https://t.me/channel/42")
    page.goto(story.get_absolute_url())
    expect(page.locator(f'[data-live-entries="{story.pk}"] > li')).to_have_count(20 + 1)
    violations = Axe().run(page).response["violations"]
    assert not violations, violations_report(violations)
    page.get_by_role("link", name="Older entries").click()
    expect(page.locator(".liveblog__entries > li")).to_have_count(26 - 20)
    assert page_problems == []
