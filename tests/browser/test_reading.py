"""A reader's path: front page, a news line story, then the archive and its next page."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import ArticleFactory, ImageFactory, SectionFactory


def make_stories(count=40):
    """English stories a few minutes apart, newest first, some with pictures and badges."""
    now = timezone.now()
    sections = [SectionFactory(name_en=name) for name in ("Politics", "Economy", "Sport")]
    kinds = ["news", "video", "live", "news"]
    return [
        ArticleFactory(
            headline=f"Story {n:02d} from the newsroom",
            section=sections[n % len(sections)],
            kind=kinds[n % len(kinds)],
            lead_image=ImageFactory() if n % 5 == 0 else None,
            publish_at=now - timedelta(minutes=7 * n + 3),
        )
        for n in range(count)
    ]


def test_reader_follows_news_line_and_pages_through_archive(
    page, live_server, settings, page_problems
):
    settings.NEWSLINE_PAGE_SIZE = 10
    stories = make_stories()
    headlines = [story.headline for story in stories]

    with page.expect_response(re.compile(r"/static/reader/site\.css$")) as stylesheet:
        page.goto("/en/")
    assert stylesheet.value.status == 200
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith("system-ui"), f"site.css not applied; body font is {font!r}"
    expect(page.locator(".newsline__headline")).to_have_text(headlines)

    # A live story with a badge, from the news line to its page.
    story = stories[2]
    page.locator(".newsline__link").filter(has_text=story.headline).click()
    expect(page).to_have_url(live_server.url + story.get_absolute_url())
    expect(page.locator("h1")).to_have_text(story.headline)

    page.go_back()
    expect(page).to_have_url(live_server.url + "/en/")
    page.locator(".newsline__more a").click()
    expect(page).to_have_url(live_server.url + "/en/archive/")
    teasers = page.locator(".listing .teaser__headline")
    expect(teasers).to_have_text(headlines[:10])
    first_page = teasers.all_inner_texts()

    page.locator('a[rel="next"]').click()
    expect(page).to_have_url(re.compile(r"/en/archive/\?before="))
    expect(teasers).to_have_text(headlines[10:20])
    second_page = teasers.all_inner_texts()
    assert not set(first_page) & set(second_page)
    published = {story.headline: story.publish_at for story in stories}
    assert max(published[h] for h in second_page) < min(published[h] for h in first_page)

    assert page_problems == []
