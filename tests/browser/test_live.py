"""Live updates on open reader pages (reader/live.js).

Most tests drive the script with a stand-in EventSource injected before the page loads:
they decide exactly what the stream says and when it fails, and Playwright's clock drives
the retry timers. The last tests run against the real stream served by the ASGI front.
"""

import datetime as dt
import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override
from playwright.sync_api import expect

from newsline.content.workflow import set_breaking, withdraw_article
from newsline.live.blog import add_entry
from tests.browser.conftest import watch
from tests.browser.test_accessibility import violations_report
from tests.factories import ArticleFactory, newsroom_user
from tests.live.support import LiveEntryFactory, LiveStoryFactory, run_worker

# A stand-in for EventSource that records every connection and lets the test speak for
# the server: `__sources` lists them, `emit`/`open`/`fail` act on one.
FAKE_EVENT_SOURCE = """
window.__sources = [];
class FakeEventSource extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    this.readyState = FakeEventSource.CONNECTING;
    this.createdAt = Date.now();
    window.__sources.push(this);
  }
  close() { this.readyState = FakeEventSource.CLOSED; }
  open() { this.readyState = FakeEventSource.OPEN; this.dispatchEvent(new Event("open")); }
  emit(kind, data, id) {
    this.dispatchEvent(new MessageEvent(kind, {data: JSON.stringify(data), lastEventId: id || ""}));
  }
  fail(readyState) { this.readyState = readyState; this.dispatchEvent(new Event("error")); }
}
FakeEventSource.CONNECTING = 0;
FakeEventSource.OPEN = 1;
FakeEventSource.CLOSED = 2;
window.EventSource = FakeEventSource;
window.__hidden = false;
Object.defineProperty(Document.prototype, "hidden", {get() { return window.__hidden; }});
window.__setHidden = (hidden) => {
  window.__hidden = hidden;
  document.dispatchEvent(new Event("visibilitychange"));
};
"""

CONNECTING, OPEN, CLOSED = 0, 1, 2


@pytest.fixture
def fake_stream(page):
    """The page's stream, spoken for by the test; call `open_page(url)` to start."""
    page.add_init_script(FAKE_EVENT_SOURCE)
    return FakeStream(page)


class FakeStream:
    def __init__(self, page):
        self.page = page

    def open_page(self, url, *, connected=True):
        self.page.goto(url)
        self.wait_for_connections(1)
        if connected:
            self.page.evaluate("__sources[0].open()")

    def connections(self) -> int:
        return self.page.evaluate("__sources.length")

    def wait_for_connections(self, count):
        self.page.wait_for_function(f"window.__sources && __sources.length === {count}")

    def emit(self, kind, data, event_id=""):
        self.page.evaluate("([k, d, i]) => __sources.at(-1).emit(k, d, i)", [kind, data, event_id])

    def fail(self, ready_state=CLOSED):
        self.page.evaluate("(state) => __sources.at(-1).fail(state)", ready_state)


def story_data(article) -> dict:
    """A `story` event's data, with the markup the server renders for the news line."""
    with override(article.language):
        html = render_to_string("reader/_news_line_item.html", {"item": article})
    return {"id": article.pk, "html": html.strip()}


def breaking_data(article) -> dict:
    with override(article.language):
        html = render_to_string("reader/_breaking.html", {"story": article})
    return {"id": article.pk, "html": html.strip()}


def entry_data(entry) -> dict:
    with override(entry.article.language):
        html = render_to_string("reader/_live_entry.html", {"entry": entry})
    return {"article": entry.article_id, "id": entry.pk, "html": html.strip(), "pinned": False}


def make_stories(count=12, language="en"):
    """Stories ten minutes apart, newest first."""
    now = timezone.now()
    return [
        ArticleFactory(
            language=language,
            headline=f"Earlier story {n:02d}",
            publish_at=now - timedelta(minutes=10 * n + 10),
        )
        for n in range(count)
    ]


def news_line(page):
    return page.locator(".newsline__list > li .newsline__headline")


# The news line ---------------------------------------------------------------------------


def test_a_new_story_goes_on_top_of_the_news_line_and_is_announced(
    page, fake_stream, settings, page_problems
):
    settings.NEWSLINE_NEWS_LINE_LENGTH = 10
    stories = make_stories()
    fake_stream.open_page("/en/")
    expect(news_line(page)).to_have_count(10)
    # It resumes after the event the news line was rendered at (none yet: 0).
    assert fake_stream.page.evaluate("__sources[0].url").endswith("/live/en/?last_event_id=0")

    story = ArticleFactory(headline="Ceasefire agreed", publish_at=timezone.now())
    fake_stream.emit("story", story_data(story), "1")

    expect(news_line(page)).to_have_text(["Ceasefire agreed"] + [s.headline for s in stories[:9]])
    expect(page.locator("[data-live-region]")).to_have_text("New story: Ceasefire agreed")
    link = page.locator(".newsline__list > li").first.locator("a")
    expect(link).to_have_attribute("href", story.get_absolute_url())
    assert page_problems == []


def test_a_story_goes_where_its_time_puts_it_and_older_ones_are_not_added(
    page, fake_stream, settings
):
    settings.NEWSLINE_NEWS_LINE_LENGTH = 6
    stories = make_stories(5)
    fake_stream.open_page("/en/")
    between = ArticleFactory(
        headline="Between two", publish_at=stories[1].publish_at - timedelta(minutes=5)
    )
    fake_stream.emit("story", story_data(between))
    expect(news_line(page).nth(2)).to_have_text("Between two")

    # The news line keeps its length: a story older than its last one is not shown.
    old = ArticleFactory(headline="Too old", publish_at=timezone.now() - timedelta(days=3))
    fake_stream.emit("story", story_data(old))
    newest = ArticleFactory(headline="Newest", publish_at=timezone.now())
    fake_stream.emit("story", story_data(newest))
    expect(news_line(page).first).to_have_text("Newest")
    expect(news_line(page)).to_have_count(6)
    expect(page.get_by_text("Too old")).to_have_count(0)


def test_an_updated_story_is_replaced_in_place_and_a_withdrawn_one_disappears(page, fake_stream):
    stories = make_stories(5)
    fake_stream.open_page("/en/")

    stories[2].headline = "A corrected headline"
    stories[2].save()
    fake_stream.emit("story", story_data(stories[2]))
    expect(news_line(page)).to_have_text(
        [s.headline for s in stories[:2]]
        + ["A corrected headline"]
        + [s.headline for s in stories[3:]]
    )
    # An update is not news: nothing is announced.
    expect(page.locator("[data-live-region]")).to_have_text("")

    fake_stream.emit("withdrawn", {"id": stories[1].pk})
    expect(news_line(page)).to_have_text(
        [stories[0].headline, "A corrected headline"] + [s.headline for s in stories[3:]]
    )


def test_damaged_events_change_nothing(page, fake_stream, page_problems):
    stories = make_stories(3)
    fake_stream.open_page("/en/")
    page.evaluate(
        """() => {
        const source = __sources[0];
        source.dispatchEvent(new MessageEvent("story", {data: "not json"}));
        source.dispatchEvent(new MessageEvent("story", {data: "null"}));
        source.emit("story", {id: 1, html: "<p>no story here</p>"});
        source.emit("withdrawn", {id: "1\\"], body, [x=\\""});
        source.emit("entry", {article: "x", id: 3, html: ""});
    }"""
    )
    expect(news_line(page)).to_have_text([s.headline for s in stories])
    assert page_problems == []


# Reading further down: the pill and a steady page -------------------------------------------


def test_below_the_news_line_top_new_stories_wait_behind_a_pill(page, fake_stream):
    stories = make_stories(20)
    page.set_viewport_size({"width": 1280, "height": 500})
    fake_stream.open_page("/en/archive/")
    page.evaluate("window.scrollTo(0, 900)")
    scrolled = page.evaluate("window.scrollY")

    fresh = [
        ArticleFactory(
            headline=f"Fresh story {n}", publish_at=timezone.now() - timedelta(seconds=n)
        )
        for n in range(2)
    ]
    for story in fresh:
        fake_stream.emit("story", story_data(story))

    pill = page.locator(".newsline__pill")
    expect(pill).to_have_text("2 new stories")
    expect(pill).to_be_in_viewport()
    expect(news_line(page).first).to_have_text(stories[0].headline)
    assert page.evaluate("window.scrollY") == scrolled
    # Screen reader users hear of them at once all the same.
    expect(page.locator("[data-live-region] p")).to_have_text(
        ["New story: Fresh story 0", "New story: Fresh story 1"]
    )
    violations = Axe().run(page).response["violations"]
    assert not violations, violations_report(violations)
    # A story withdrawn while waiting never shows up.
    fake_stream.emit("withdrawn", {"id": fresh[1].pk})
    expect(pill).to_have_text("1 new story")

    pill.click()
    expect(pill).to_be_hidden()
    expect(news_line(page).first).to_have_text("Fresh story 0")
    expect(page.locator(".newsline__title")).to_be_in_viewport()
    expect(page.locator(".newsline__list > li a").first).to_be_focused()


def test_coming_back_up_to_the_news_line_shows_what_waited(page, fake_stream):
    make_stories(20)
    page.set_viewport_size({"width": 1280, "height": 500})
    fake_stream.open_page("/en/")
    page.evaluate("window.scrollTo(0, 900)")
    fake_stream.emit(
        "story", story_data(ArticleFactory(headline="While away", publish_at=timezone.now()))
    )
    expect(page.locator(".newsline__pill")).to_be_visible()

    page.evaluate("window.scrollTo(0, 0)")
    expect(news_line(page).first).to_have_text("While away")
    expect(page.locator(".newsline__pill")).to_be_hidden()


@pytest.mark.parametrize(
    ("language", "count", "form"),
    [("en", 1, "one"), ("en", 3, "other"), ("ru", 3, "few"), ("ru", 5, "many"), ("ru", 21, "one")],
)
def test_the_pill_counts_in_the_editions_plural_forms(page, fake_stream, language, count, form):
    make_stories(20, language=language)
    page.set_viewport_size({"width": 1280, "height": 500})
    fake_stream.open_page(f"/{language}/")
    page.evaluate("window.scrollTo(0, 900)")
    for n in range(count):
        story = ArticleFactory(language=language, headline=f"Xəbər {n}", publish_at=timezone.now())
        fake_stream.emit("story", story_data(story))
    text = page.evaluate(f"document.body.dataset.liveMore{form.title()}").replace(
        "{number}", str(count)
    )
    expect(page.locator(".newsline__pill")).to_have_text(text)
    if language == "en":
        assert text == f"{count} new {'story' if count == 1 else 'stories'}"


@pytest.mark.parametrize("scroll_anchoring", ["browser's", "none (as in Safari)"])
def test_a_banner_arriving_above_the_reader_does_not_move_what_they_read(
    page, fake_stream, scroll_anchoring
):
    make_stories(20)
    page.set_viewport_size({"width": 800, "height": 500})
    fake_stream.open_page("/en/")
    if scroll_anchoring.startswith("none"):
        # A constructed style sheet: the Content Security Policy refuses inline <style>.
        page.evaluate(
            """() => {
              const sheet = new CSSStyleSheet();
              sheet.replaceSync("* { overflow-anchor: none !important; }");
              document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
            }"""
        )
    page.evaluate("window.scrollTo(0, 700)")
    reading = "document.elementFromPoint(innerWidth / 2, innerHeight / 2)"
    page.evaluate(f"window.__read = {reading}; window.__top = __read.getBoundingClientRect().top")

    fake_stream.emit("breaking", breaking_data(ArticleFactory(headline="Earthquake")))
    expect(page.locator(".breaking")).to_contain_text("Earthquake")
    assert page.evaluate("Math.round(__read.getBoundingClientRect().top - __top)") == 0
    assert page.evaluate("window.scrollY") > 700

    fake_stream.emit("breaking", {"id": None, "html": ""})
    expect(page.locator(".breaking")).to_have_count(0)
    assert page.evaluate("Math.round(__read.getBoundingClientRect().top - __top)") == 0


# Breaking news and live blogs ----------------------------------------------------------------


def test_the_breaking_banner_comes_goes_and_is_announced(page, fake_stream, page_problems):
    make_stories(3)
    story = ArticleFactory(headline="Earthquake in the north", publish_at=timezone.now())
    fake_stream.open_page(story.get_absolute_url())
    expect(page.locator(".breaking")).to_have_count(0)

    fake_stream.emit("breaking", breaking_data(story))
    banner = page.locator(".breaking a")
    expect(banner).to_have_text("Earthquake in the north")
    # On the story's own page the banner's link says it leads here, as the server renders it.
    expect(banner).to_have_attribute("aria-current", "page")
    expect(page.locator("[data-live-region]")).to_have_text(
        "Breaking news: Earthquake in the north"
    )
    # The same banner again (a reconnect replays it) is not announced twice.
    fake_stream.emit("breaking", breaking_data(story))
    expect(page.locator("[data-live-region] p")).to_have_count(1)

    fake_stream.emit("breaking", {"id": None, "html": ""})
    expect(page.locator(".breaking")).to_have_count(0)
    assert page_problems == []


def test_live_blog_entries_arrive_on_the_open_story(page, fake_stream, page_problems):
    story = LiveStoryFactory(headline="Election night")
    now = timezone.now()
    pinned = LiveEntryFactory(
        article=story,
        body="<p>How we report tonight.</p>",
        is_pinned=True,
        published_at=now - timedelta(hours=2),
    )
    older = LiveEntryFactory(
        article=story, body="<p>Polls close.</p>", published_at=now - timedelta(hours=1)
    )
    fake_stream.open_page(story.get_absolute_url())
    entries = page.locator("[data-live-entries] > li .liveblog__body")
    expect(entries).to_have_text(["How we report tonight.", "Polls close."])

    latest = LiveEntryFactory(article=story, body="<p>First results are in.</p>", published_at=now)
    fake_stream.emit("entry", entry_data(latest))
    # New entries go under the pinned ones, above the rest.
    expect(entries).to_have_text(
        ["How we report tonight.", "First results are in.", "Polls close."]
    )
    expect(page.locator("[data-live-region]")).to_have_text("Live update: First results are in.")

    older.body = "<p>Polls closed at eight.</p>"
    older.save()
    fake_stream.emit("entry", entry_data(older))
    expect(entries).to_have_text(
        ["How we report tonight.", "First results are in.", "Polls closed at eight."]
    )

    fake_stream.emit("entry", {"article": story.pk, "id": pinned.pk, "html": "", "pinned": False})
    expect(entries).to_have_text(["First results are in.", "Polls closed at eight."])
    # Another story's entries stay off this page.
    other = LiveEntryFactory(body="<p>Elsewhere.</p>")
    fake_stream.emit("entry", entry_data(other))
    expect(entries).to_have_count(2)
    assert page_problems == []


# A failing stream ------------------------------------------------------------------------

START = dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC)


def test_a_failing_stream_is_retried_with_growing_delays_one_connection_at_a_time(
    page, fake_stream
):
    make_stories(3)
    page.clock.install(time=START)
    fake_stream.open_page("/en/", connected=False)
    page.clock.pause_at(START + timedelta(minutes=5))
    fake_stream.fail(CLOSED)  # e.g. 429 Too Many Requests

    for attempt in range(9):
        ceiling = min(60_000, 1000 * 2**attempt)
        # Never before half the ceiling: even unlucky jitter leaves the server alone.
        page.clock.run_for(ceiling // 2 - 1)
        assert fake_stream.connections() == attempt + 1
        page.clock.run_for(ceiling // 2 + 1)
        assert fake_stream.connections() == attempt + 2
        still_open = page.evaluate("__sources.filter((s) => s.readyState !== 2).length")
        assert still_open == 1
        fake_stream.fail(CLOSED)
    # A page the reader has never seen live is not "out of date".
    expect(page.locator(".live-stale")).to_have_count(0)


def test_a_dropped_stream_is_resumed_once_by_the_browser_then_paced(page, fake_stream):
    make_stories(3)
    page.clock.install(time=START)
    fake_stream.open_page("/en/")
    page.clock.pause_at(START + timedelta(minutes=5))

    # The browser reconnects by itself once, sending Last-Event-ID: no new connection.
    fake_stream.fail(CONNECTING)
    page.clock.run_for(10_000)
    assert fake_stream.connections() == 1
    assert page.evaluate("__sources[0].readyState") == CONNECTING

    # It fails again: the script closes it, waits, and resumes after the last event it had
    # (a new EventSource cannot send Last-Event-ID, so the address carries it).
    fake_stream.emit("withdrawn", {"id": 0}, "7")
    fake_stream.fail(CONNECTING)
    assert page.evaluate("__sources[0].readyState") == CLOSED
    page.clock.run_for(2000)
    assert fake_stream.connections() == 2
    assert page.evaluate("__sources[1].url").endswith("/live/en/?last_event_id=7")
    expect(page.locator(".live-stale")).to_have_count(0)  # only a `reload` event says so


def test_a_long_lived_stream_that_drops_starts_the_backoff_afresh(page, fake_stream):
    make_stories(3)
    page.clock.install(time=START)
    fake_stream.open_page("/en/")
    page.clock.pause_at(START + timedelta(minutes=5))
    for _ in range(4):  # four quick failures: the next wait would be 8–16 s
        fake_stream.fail(CLOSED)
        page.clock.run_for(60_000)
    fake_stream.page.evaluate("__sources.at(-1).open()")
    page.clock.run_for(120_000)  # open for two minutes

    fake_stream.fail(CONNECTING)  # the browser's own retry
    fake_stream.fail(CONNECTING)
    page.clock.run_for(2000)  # 1–2 s, not 16–32 s
    assert fake_stream.connections() == 6


def test_a_reload_event_reconnects_later_without_reloading_the_page(page, fake_stream):
    make_stories(3)
    page.clock.install(time=START)
    fake_stream.open_page("/en/")
    page.clock.pause_at(START + timedelta(minutes=5))
    page.evaluate("window.__same_document = true")

    fake_stream.emit("reload", {})
    assert page.evaluate("__sources[0].readyState") == CLOSED
    expect(page.locator(".live-stale")).to_be_visible()
    page.clock.run_for(1000)
    assert fake_stream.connections() == 2
    assert page.evaluate("window.__same_document") is True


def test_a_background_tab_waits_to_reconnect_until_it_is_seen(page, fake_stream):
    make_stories(3)
    page.clock.install(time=START)
    fake_stream.open_page("/en/")
    page.clock.pause_at(START + timedelta(minutes=5))
    page.evaluate("__setHidden(true)")
    fake_stream.fail(CLOSED)

    page.clock.run_for(10 * 60_000)
    assert fake_stream.connections() == 1
    page.evaluate("__setHidden(false)")
    assert fake_stream.connections() == 2


# Without the script ----------------------------------------------------------------------


def test_without_javascript_the_page_is_the_server_rendered_one(browser, live_server):
    stories = make_stories(3)
    ArticleFactory(headline="Breaking: storm", is_breaking=True)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/")
    expect(news_line(page)).to_have_text([s.headline for s in stories] + ["Breaking: storm"])
    expect(page.locator(".breaking a")).to_have_text("Breaking: storm")
    expect(page.locator(".newsline__pill, .live-stale")).to_have_count(0)
    expect(page.locator("[data-live-region]")).to_be_empty()
    context.close()


# Against the real stream -------------------------------------------------------------------
#
# The ASGI front serves the pages and /live/<edition>/ as `newsline serve` does; the
# newsroom's services make the change and the worker runs its outbox effects.


def serve_static(route):
    """Answer /static/ from the apps' files, as granian does in front of `newsline serve`."""
    found = finders.find(route.request.url.split("/static/", 1)[1].split("?")[0])
    if found:
        route.fulfill(path=found)
    else:
        route.fulfill(status=404)


@pytest.fixture
def asgi_page(browser, asgi_live_server, page_problems):
    """A fresh watched page whose relative URLs go to the ASGI front."""
    context = browser.new_context(base_url=asgi_live_server.url)
    context.route(re.compile(r"/static/"), serve_static)
    page = context.new_page()
    watch(page, page_problems)
    yield page
    context.close()


def open_live(page, url, edition="en"):
    """Open a reader page and wait until its stream is connected: from then on it misses
    nothing (the stream answers once it has subscribed to the edition's events)."""
    with page.expect_response(re.compile(rf"/live/{edition}/(\?.*)?$")) as stream:
        page.goto(url)
    assert stream.value.status == 200
    return page


def test_a_story_published_in_the_newsroom_appears_on_an_open_home_page(
    asgi_page, asgi_live_server, browser, page_problems
):
    stories = make_stories(5)
    editor = newsroom_user("editor")
    draft = ArticleFactory(headline="Parliament dissolved", status="review", publish_at=None)
    page = open_live(asgi_page, "/en/")
    expect(news_line(page)).to_have_text([s.headline for s in stories])

    # An editor, in another browser, presses "Publish now" in the newsroom.
    newsroom = browser.new_context(base_url=asgi_live_server.url)
    newsroom.route(re.compile(r"/static/"), serve_static)
    desk = newsroom.new_page()
    desk.goto("/newsroom/login/")
    desk.get_by_label("Username:", exact=True).fill(editor.get_username())
    desk.get_by_label("Password:", exact=True).fill("pw-correct-horse")
    desk.get_by_role("button", name="Log in").click()
    desk.goto(f"/newsroom/content/article/{draft.pk}/change/")
    desk.get_by_role("button", name="Publish now").click()
    expect(desk.locator(".messagelist")).to_be_visible()
    newsroom.close()
    run_worker()
    expect(news_line(page).first).to_have_text("Parliament dissolved", timeout=2000)
    expect(page.locator("[data-live-region]")).to_have_text(
        "New story: Parliament dissolved", timeout=2000
    )

    withdraw_article(article_id=draft.pk, user=editor)
    run_worker()
    expect(news_line(page)).to_have_text([s.headline for s in stories], timeout=2000)
    assert page_problems == []


def test_the_breaking_banner_comes_and_goes_on_an_open_page(asgi_page, page_problems):
    make_stories(3)
    story = ArticleFactory(headline="Earthquake in the north", publish_at=timezone.now())
    editor = newsroom_user("editor")
    page = open_live(asgi_page, "/en/")
    banner = page.locator(".breaking a")
    expect(banner).to_have_count(0)

    set_breaking(article_id=story.pk, user=editor, breaking=True)
    run_worker()
    expect(banner).to_have_text("Earthquake in the north", timeout=2000)
    expect(page.locator("[data-live-region]")).to_have_text(
        "Breaking news: Earthquake in the north", timeout=2000
    )

    set_breaking(article_id=story.pk, user=editor, breaking=False)
    run_worker()
    expect(banner).to_have_count(0, timeout=2000)
    assert page_problems == []


def test_a_live_blog_entry_appears_on_the_open_live_story(asgi_page, page_problems):
    story = LiveStoryFactory(headline="Election night", publish_at=timezone.now())
    LiveEntryFactory(article=story, body="<p>Polls close at eight.</p>")
    editor = newsroom_user("editor")
    page = open_live(asgi_page, story.get_absolute_url())
    entries = page.locator("[data-live-entries] > li .liveblog__body")
    expect(entries).to_have_text(["Polls close at eight."])

    add_entry(article_id=story.pk, user=editor, text="First results are in.")
    run_worker()
    expect(entries).to_have_text(["First results are in.", "Polls close at eight."], timeout=2000)
    expect(page.locator("[data-live-region]")).to_have_text(
        "Live update: First results are in.", timeout=2000
    )
    assert page_problems == []


def test_a_refused_stream_leaves_the_page_as_rendered_and_is_retried_later(
    asgi_page, page_problems
):
    """What readers get while the stream's Redis or database is gone: 503, Retry-After."""
    stories = make_stories(5)
    page = asgi_page
    refused = []

    def refuse(route):
        refused.append(route.request.url)
        route.fulfill(status=503, headers={"Retry-After": "30"}, body="Live updates are paused.")

    page.route(re.compile(r"/live/en/(\?.*)?$"), refuse)
    page.clock.install(time=START)
    page.clock.pause_at(START + timedelta(minutes=5))  # nothing on the page needs time to load
    with page.expect_response(re.compile(r"/live/en/(\?.*)?$")):
        page.goto("/en/")

    # A browser gives up on an EventSource refused with an HTTP error; the script waits
    # at least half a second, whatever the jitter, before it asks again.
    page.clock.run_for(499)
    assert len(refused) == 1
    for _ in range(30):  # fake time, 0.1 s a step: the retry comes within a second
        if len(refused) > 1:
            break
        page.clock.run_for(100)
    assert len(refused) == 2
    expect(news_line(page)).to_have_text([s.headline for s in stories])
    expect(page.locator(".live-stale")).to_have_count(0)
    assert {problem.split(":")[0] for problem in page_problems} <= {"HTTP 503", "console"}
