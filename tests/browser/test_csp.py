"""Every page works under the Content Security Policy: the browser refuses nothing anywhere.

Chromium reports each refusal as a `securitypolicyviolation` event on the document and as
a console error; the pages below are used as a person would (typing in the editor, saving,
uploading a picture, posting a live entry), and neither may appear.
"""

import re

import pytest
from playwright.sync_api import expect

from newsline.content.models import Article
from tests.browser.conftest import watch
from tests.browser.test_live import open_live, serve_static
from tests.browser.test_newsroom import CHANGE_URL, body_editor, log_in, problems
from tests.factories import ArticleFactory, SectionFactory, newsroom_user, png_bytes
from tests.live.support import LiveEntryFactory, LiveStoryFactory

# Recorded from the first script on, so a refusal during parsing is caught too.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || document.location.pathname}:${event.lineNumber}) ` +
    (event.sample || "")
  );
}, true);
"""
YOUTUBE = re.compile(r"^https://www\.youtube-nocookie\.com/")
# What the YouTube player frame shows here, without the network.
PLAYER = {
    "status": 200,
    "content_type": "text/html",
    "body": "<!DOCTYPE html><title>Player</title><p>The player</p>",
}


class Refusals:
    """The policy refusals of every page opened in a context, as events and console errors."""

    def __init__(self, context, page_problems):
        self.pages = []
        self.page_problems = page_problems
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("page", lambda page: self.pages.append(page))

    def collect(self, page) -> list[str]:
        """The page's refusals so far, with the console's CSP errors of every page."""
        events = page.evaluate("window.__cspViolations")
        console = [p for p in self.page_problems if "Content Security Policy" in p]
        return events + console


@pytest.fixture
def newsroom(browser, live_server, page_problems):
    context = browser.new_context(base_url=live_server.url)
    context.route(YOUTUBE, lambda route: route.fulfill(**PLAYER))
    refusals = Refusals(context, page_problems)
    page = context.new_page()
    watch(page, page_problems)
    yield page, refusals
    context.close()


@pytest.mark.usefixtures("newsroom_roles")
def test_the_newsroom_works_under_the_policy(newsroom, page_problems):
    page, refusals = newsroom
    SectionFactory(name_en="Politics")
    editor = newsroom_user("editor")
    log_in(page, editor)
    assert refusals.collect(page) == []

    # The media library: a picture previewed before upload, saved, its focal point clicked.
    page.goto("/newsroom/content/image/add/")
    page.locator("#id_file").set_input_files(
        files=[{"name": "harbour.png", "mimeType": "image/png", "buffer": png_bytes(600, 400)}]
    )
    picker = page.locator("[data-focal-point]")
    expect(picker.locator("img")).to_have_attribute("src", re.compile(r"^blob:"))
    expect(picker.locator("img")).to_be_visible()
    page.get_by_label("Alternative text:", exact=True).fill("Cranes over the harbour")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    picker.locator("img").click(position={"x": 10, "y": 10})
    expect(page.locator("#id_focal_x")).not_to_have_value("0.500")
    expect(picker.locator("span")).to_be_visible()
    assert refusals.collect(page) == []

    # The article editor: its import map runs with the nonce; typing, bold, saving.
    page.goto("/newsroom/content/article/add/")
    page.get_by_label("Language:", exact=True).select_option("en")
    page.get_by_label("Headline:", exact=True).fill("Port expansion approved")
    page.get_by_label("Lead:", exact=True).fill("The harbour will double its capacity.")
    page.get_by_label("Section:", exact=True).select_option(label="Politics")
    body = body_editor(page)
    body.click()
    body.press_sequentially("The vote was ")
    page.locator(".prose-menubar__button[data-name=bold]").click()
    body.press_sequentially("unanimous")
    expect(body.locator("strong")).to_have_text("unanimous")
    page.locator(".field-lead_image .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Cranes")
    page.locator(".select2-results__option", has_text="Cranes over the harbour").click()
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page).to_have_url(CHANGE_URL)
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(pk=CHANGE_URL.search(page.url)[1])
    assert refusals.collect(page) == []
    assert "<strong>unanimous</strong>" in article.body
    expect(body_editor(page).locator("strong")).to_have_text("unanimous")
    body_editor(page).press("End")
    body_editor(page).press_sequentially(" Work starts in May.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert "Work starts in May." in article.body
    assert refusals.collect(page) == []

    # A live story's entries page: an entry with a YouTube embed.
    story = LiveStoryFactory(headline="Election night")
    page.goto(f"/newsroom/content/article/{story.pk}/live/")
    page.get_by_label("Text:").fill("Polls close")
    page.get_by_label(re.compile("^Embed")).fill("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    page.get_by_role("button", name="Post the entry").click()
    expect(page.locator(".messagelist")).to_contain_text("The entry is posted.")
    assert refusals.collect(page) == []

    # The changelist with its filters and search, and the API's interactive docs.
    page.goto("/newsroom/content/article/?q=harbour")
    expect(page.locator("#result_list")).to_contain_text("Port expansion approved")
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Newsline API")
    assert refusals.collect(page) == []
    assert problems(page_problems) == []


@pytest.fixture
def reader(browser, asgi_live_server, page_problems):
    """A reader at the ASGI front, as `newsline serve` answers: page-cache hits and live streams."""
    context = browser.new_context(base_url=asgi_live_server.url)
    context.route(re.compile(r"/static/"), serve_static)
    context.route(YOUTUBE, lambda route: route.fulfill(**PLAYER))
    refusals = Refusals(context, page_problems)
    page = context.new_page()
    watch(page, page_problems)
    yield page, refusals
    context.close()


def test_reader_pages_work_under_the_policy_rendered_and_from_the_page_cache(reader, page_problems):
    page, refusals = reader
    story = ArticleFactory(headline="Budget passed", body="<p>Eighty to <b>twenty</b>.</p>")
    live = LiveStoryFactory(headline="Election night")
    LiveEntryFactory(article=live, embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    pages = ["/en/search/?q=budget", "/en/", story.get_absolute_url(), live.get_absolute_url()]
    for url in pages:
        served = []
        for _visit in ("first", "again"):
            with page.expect_response(re.compile(re.escape(url) + "$")) as answer:
                open_live(page, url)
            served.append(answer.value.headers.get("x-page-cache", "django"))
            assert "nonce" not in answer.value.headers["content-security-policy"]
            assert refusals.collect(page) == [], url
        if "search" not in url:
            assert served == ["django", "hit"], url
    # The live story's YouTube entry plays in its frame (frame-src).
    player = page.locator(".liveblog__embed iframe")
    player.scroll_into_view_if_needed()
    expect(page.frame_locator(".liveblog__embed iframe").locator("p")).to_have_text("The player")
    assert refusals.collect(page) == []
    assert page_problems == []
