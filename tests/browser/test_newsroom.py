"""The newsroom's paths: write and submit, schedule, edit side by side, get unsaved text back."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from newsline.content.models import Article, Image, Revision
from newsline.newsroom import presence
from tests.factories import ArticleFactory, SectionFactory, newsroom_user, png_bytes

PASSWORD = "pw-correct-horse"
CHANGE_URL = re.compile(r"/newsroom/content/article/(\d+)/change/")

pytestmark = pytest.mark.usefixtures("newsroom_roles")


def log_in(page, user) -> None:
    """Sign in through the newsroom's login page."""
    page.set_default_timeout(10_000)
    page.goto("/newsroom/login/")
    page.get_by_label("Username:", exact=True).fill(user.get_username())
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text(user.get_username())


def problems(page_problems: list[str], *expected: str) -> list[str]:
    """The page problems except the expected ones and the admin's missing favicon."""
    return [
        problem
        for problem in page_problems
        if "/favicon.ico" not in problem and not any(e in problem for e in expected)
    ]


def open_article(page, article) -> None:
    page.goto(f"/newsroom/content/article/{article.pk}/change/")
    expect(page.locator(".newsroom-editor")).to_be_attached()


def body_editor(page):
    """The rich-text editor's editable area (the `body` textarea itself is hidden)."""
    return page.locator("#article_form .ProseMirror[contenteditable=true]")


def type_over(editor_area, *paragraphs: str) -> None:
    """Select the editor's whole text and type these paragraphs in its place, by keyboard.

    Not a click and End: the editor applies a click's (or a focus's) caret a moment later,
    which could undo the End key, and the typing went in at the start (seen in CI). Select
    all is the editor's own command, so the caret is where its state says.
    """
    editor_area.press("Control+a")
    for n, paragraph in enumerate(paragraphs):
        if n:
            editor_area.press("Enter")
        editor_area.press_sequentially(paragraph)


def reload_until_visible(page, locator, *, timeout: float) -> None:
    """Reload the page until `locator` shows, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            expect(locator).to_be_visible(timeout=1000)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        page.reload()


def review_draft(reporter, **fields) -> Article:
    """A reporter's story, waiting in review."""
    defaults = {"status": "review", "publish_at": None, "first_published_at": None}
    return ArticleFactory(created_by=reporter, **(defaults | fields))


def test_reporter_writes_a_story_and_submits_it_for_review(page, page_problems):
    SectionFactory(name_en="Economy")
    politics = SectionFactory(name_en="Politics")
    reporter = newsroom_user("reporter", "rena")
    log_in(page, reporter)

    # The lead image goes into the media library first, through its upload form.
    page.goto("/newsroom/content/image/add/")
    page.locator("#id_file").set_input_files(
        files=[{"name": "harbour.png", "mimeType": "image/png", "buffer": png_bytes(1200, 800)}]
    )
    page.get_by_label("Alternative text:", exact=True).fill("Cranes over the Baku harbour")
    page.get_by_label("Caption:", exact=True).fill("The new terminal under construction")
    page.get_by_label("Credit:", exact=True).fill("Staff photographer")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    image = Image.objects.get(alt_text="Cranes over the Baku harbour")

    page.goto("/newsroom/content/article/add/")
    page.get_by_label("Language:", exact=True).select_option("en")
    page.get_by_label("Headline:", exact=True).fill("Port expansion approved by the council")
    page.get_by_label("Lead:", exact=True).fill("The harbour will double its capacity by 2027.")
    page.get_by_label("Section:", exact=True).select_option(label="Politics")
    page.get_by_label("Kind:", exact=True).select_option(label="Interview")

    editor = body_editor(page)
    editor.click()
    editor.press_sequentially("The vote was ")
    page.locator(".prose-menubar__button[data-name=bold]").click()
    editor.press_sequentially("unanimous")
    page.locator(".prose-menubar__button[data-name=bold]").click()
    editor.press_sequentially(" after a short debate.")
    expect(editor.locator("strong")).to_have_text("unanimous")

    # The lead image is picked in the admin's autocomplete (select2) by its alt text.
    page.locator(".field-lead_image .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Cranes")
    page.locator(".select2-results__option", has_text="Cranes over the Baku harbour").click()
    expect(page.locator(".field-lead_image .select2-selection__rendered")).to_contain_text(
        "Cranes over the Baku harbour"
    )

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page).to_have_url(CHANGE_URL)
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(pk=CHANGE_URL.search(page.url)[1])
    assert article.status == "draft"

    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("The story was sent for review.")
    expect(page.locator(".newsroom-steps")).to_contain_text("Status: In review")
    expect(page.locator(".field-status .readonly")).to_have_text("In review")
    expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)

    article.refresh_from_db()
    assert article.status == "review"
    assert article.created_by == reporter
    assert (article.language, article.section, article.kind) == ("en", politics, "interview")
    assert article.headline == "Port expansion approved by the council"
    assert article.lead == "The harbour will double its capacity by 2027."
    assert article.lead_image == image
    assert "The vote was <strong>unanimous</strong> after a short debate." in article.body
    assert problems(page_problems) == []


def test_editor_schedules_a_story_that_appears_at_its_time_by_itself(page, page_problems):
    reporter, editor = newsroom_user("reporter", "rena"), newsroom_user("editor", "emil")
    earlier = ArticleFactory(headline="Parliament opens its autumn session")
    story = review_draft(reporter, headline="Ferry timetable changes from Monday")
    headline = page.locator(".newsline__headline", has_text=story.headline)
    log_in(page, editor)
    open_article(page, story)

    # A few seconds ahead, typed in the site's time zone (Asia/Baku) as the form expects.
    at = timezone.now().replace(microsecond=0) + timedelta(seconds=6)
    page.get_by_label("Publish at").fill(timezone.localtime(at).strftime("%Y-%m-%dT%H:%M:%S"))
    page.get_by_role("button", name="Schedule").click()
    expect(page.locator(".messagelist")).to_contain_text("The story is scheduled for")
    story.refresh_from_db()
    assert (story.status, story.publish_at) == ("published", at)

    page.goto("/en/")
    expect(page.locator(".newsline__headline", has_text=earlier.headline)).to_be_visible()
    expect(headline).to_have_count(0)
    assert timezone.now() < at, "the check above ran too late to mean anything"

    # Nothing runs for it: no worker, no task, no restart; the reader page just asks again.
    reload_until_visible(page, headline, timeout=20)
    assert timezone.now() >= at
    assert problems(page_problems) == []


def test_two_editors_see_each_other_and_the_later_save_is_refused_with_a_diff(
    page, open_page, page_problems, monkeypatch
):
    # A one-second heartbeat instead of fifteen: the live server runs in this process.
    monkeypatch.setattr(presence, "HEARTBEAT_SECONDS", 1)
    reporter = newsroom_user("reporter", "rena")
    first, second = newsroom_user("editor", "emil"), newsroom_user("editor", "leyla")
    story = review_draft(reporter, headline="Metro extends to the airport", lead="Two new stops.")
    first_page, second_page = page, open_page()
    log_in(first_page, first)
    open_article(first_page, story)
    log_in(second_page, second)
    open_article(second_page, story)

    # The second sees the first at once; the first sees the second at the next heartbeat.
    expect(second_page.locator(".newsroom-presence")).to_have_text("Also editing now: emil")
    expect(first_page.locator(".newsroom-presence")).to_have_text("Also editing now: leyla")

    first_page.get_by_label("Headline:", exact=True).fill("Metro reaches the airport in May")
    first_page.get_by_role("button", name="Save and continue editing").click()
    expect(first_page.locator(".messagelist .success")).to_be_visible()

    second_page.get_by_label("Lead:", exact=True).fill("Three new stops, one of them underground.")
    second_page.get_by_role("button", name="Save and continue editing").click()
    expect(second_page.locator("h1")).to_have_text("Your changes were not saved")
    expect(second_page.locator(".errornote")).to_contain_text(
        "Someone else saved this article while you were editing it"
    )
    diff = second_page.locator(".newsroom-diff")
    expect(diff.locator("ins", has_text="reaches")).to_be_visible()
    expect(diff.locator("del", has_text="Three")).to_be_visible()

    story.refresh_from_db()
    assert story.headline == "Metro reaches the airport in May"
    assert story.lead == "Two new stops."
    refused = story.revisions.get(kind=Revision.Kind.REFUSED)
    assert refused.user == second
    assert refused.data["lead"] == "Three new stops, one of them underground."
    assert refused.data["headline"] == "Metro extends to the airport"
    assert problems(page_problems, "HTTP 409: ", "status of 409 (Conflict)") == []


def test_text_autosaved_while_typing_is_offered_back_and_kept_on_save(
    page, open_page, page_problems
):
    reporter, editor = newsroom_user("reporter", "rena"), newsroom_user("editor", "emil")
    story = review_draft(reporter, headline="Heat wave expected", body="<p>Old text.</p>")
    log_in(page, editor)
    open_article(page, story)
    context = page.context

    # The timer sends the form every five seconds while it changes; wait for the send that
    # has all of it (the body is typed last), whether or not a tick came in between.
    with page.expect_response(
        lambda r: r.url.endswith("/autosave/") and "every district." in r.request.post_data,
        timeout=15_000,
    ) as autosave:
        page.get_by_label("Headline:", exact=True).fill("Heat wave: 42 °C expected on Friday")
        page.get_by_label("Lead:", exact=True).fill("Doctors advise staying indoors at noon.")
        type_over(body_editor(page), "Old text.", "Water stations open in every district.")
    assert autosave.value.ok
    expect(page.locator(".newsroom-autosave-status")).to_have_text(
        "Unsaved text kept as a revision."
    )
    page.close()  # without saving

    page = open_page(context)  # the same editor, a new tab
    open_article(page, story)
    expect(page.get_by_label("Headline:", exact=True)).to_have_value("Heat wave expected")
    page.get_by_role("link", name="Restore unsaved text").click()
    expect(page.get_by_label("Headline:", exact=True)).to_have_value(
        "Heat wave: 42 °C expected on Friday"
    )
    expect(page.get_by_label("Lead:", exact=True)).to_have_value(
        "Doctors advise staying indoors at noon."
    )
    expect(body_editor(page)).to_contain_text("Water stations open in every district.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.get_by_role("link", name="Restore unsaved text")).to_have_count(0)

    story.refresh_from_db()
    assert story.headline == "Heat wave: 42 °C expected on Friday"
    assert story.lead == "Doctors advise staying indoors at noon."
    assert story.body == "<p>Old text.</p><p>Water stations open in every district.</p>"
    assert problems(page_problems) == []


def test_text_typed_just_before_leaving_is_kept_and_offered_back(page, open_page, page_problems):
    reporter, editor = newsroom_user("reporter", "rena"), newsroom_user("editor", "emil")
    story = review_draft(reporter, body="<p>The first paragraph.</p>")
    log_in(page, editor)
    open_article(page, story)
    context = page.context

    type_over(body_editor(page), "The first paragraph. A late addition.")
    page.close()  # pagehide sends what the timer has not sent yet

    page = open_page(context)  # the same editor, a new tab
    open_article(page, story)
    restore = page.get_by_role("link", name="Restore unsaved text")
    reload_until_visible(page, restore, timeout=10)
    restore.click()
    # Should the timer have sent part of the typing first, the offer comes before the rest.
    reload_until_visible(page, body_editor(page).filter(has_text="A late addition."), timeout=10)
    expect(body_editor(page)).to_have_text("The first paragraph. A late addition.")
    assert story.revisions.filter(kind=Revision.Kind.AUTOSAVE, user=editor).exists()
    assert problems(page_problems) == []
