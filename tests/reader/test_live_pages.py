"""A live story's page: its entries, their order and pages, embeds, and the LIVE badge."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from newsline.content.workflow import close_coverage, reopen_coverage
from newsline.live import blog
from newsline.live.models import Event
from tests.factories import newsroom_user
from tests.live.support import LiveEntryFactory, LiveStoryFactory, entries, run_worker

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 4, 23, 21, 0, tzinfo=UTC)  # 01:00 on 24 April in Baku
ENTRY = re.compile(r'<article class="liveblog__entry[^"]*" id="entry-(\d+)" data-entry="\1">')


def shown(html: str) -> list[int]:
    return [int(pk) for pk in ENTRY.findall(html)]


def page(client, story, query="") -> str:
    response = client.get(story.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def test_pinned_entries_first_then_the_newest(client):
    story = LiveStoryFactory()
    older, newer = entries(story, 2)[::-1]
    pinned = LiveEntryFactory(
        article=story, is_pinned=True, published_at=older.published_at - timedelta(hours=1)
    )
    LiveEntryFactory(article=story, removed_at=NOW, body="<p>Taken back</p>")
    html = page(client, story)
    assert shown(html) == [pinned.pk, newer.pk, older.pk]
    assert f'<ol class="liveblog__entries" data-live-entries="{story.pk}">' in html
    assert "liveblog__entry--pinned" in html and "Taken back" not in html
    assert "Coverage continues" in html


def test_entry_times_are_shown_in_the_site_time_zone():
    from django.test import Client

    with time_machine.travel(NOW, tick=False):
        story = LiveStoryFactory()
        LiveEntryFactory(article=story, published_at=NOW - timedelta(minutes=5))
        html = page(Client(), story)
    assert '<time datetime="2024-04-24T00:55:00+0400" title="00:55 24.04.2024">00:55</time>' in html


def test_entries_come_twenty_a_page_with_a_signed_cursor(client):
    story = LiveStoryFactory()
    made = [entry.pk for entry in entries(story, 45)]
    first = page(client, story)
    assert shown(first) == made[:20]
    cursor = re.search(r'href="\?entries=([^"#]+)#liveblog-title" rel="next"', first).group(1)
    second = page(client, story, f"?entries={cursor}")
    assert shown(second) == made[20:40]
    # An older page is no place for new entries: the reader script gets no container there.
    assert "data-live-entries" not in second
    cursor = re.search(r'href="\?entries=([^"#]+)#liveblog-title"', second).group(1)
    third = page(client, story, f"?entries={cursor}")
    assert shown(third) == made[40:] and "Older entries" not in third


@pytest.mark.parametrize(
    "cursor",
    ["forged", "abc:def", "1-1:AAAAAAAAAAAAAAAAAAAAAAAAAAA", "%00", "-1", "z" * 300],
)
def test_a_forged_entries_cursor_answers_400(client, cursor):
    story = LiveStoryFactory()
    entries(story, 3)
    assert client.get(story.get_absolute_url(), {"entries": cursor}).status_code == 400


def test_an_entry_posted_with_script_shows_as_harmless_text(client):
    story = LiveStoryFactory()
    blog.add_entry(
        article_id=story.pk,
        user=newsroom_user("editor"),
        text='<p>Results <img src=x onerror=alert(1)></p><script>alert("x")</script>',
    )
    html = page(client, story)
    assert "<p>Results </p>" in html
    assert "onerror" not in html and 'alert("x")' not in html


def test_embeds_are_a_privacy_friendly_player_or_a_plain_link(client):
    story = LiveStoryFactory()
    video = LiveEntryFactory(article=story, embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    post = LiveEntryFactory(article=story, embed_url="https://x.com/someone/status/1")
    html = page(client, story)
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert '<a href="https://x.com/someone/status/1" rel="noopener noreferrer nofollow"' in html
    assert "See the post on X" in html
    assert "platform.twitter.com" not in html and "youtube.com/iframe_api" not in html
    assert {video.pk, post.pk} <= set(shown(html))


def badge_in_news_line(client, story) -> bool:
    html = client.get("/en/").content.decode()
    item = re.search(rf'<li class="newsline__item" data-story="{story.pk}">.*?</li>', html, re.S)
    return 'class="badge badge--live"' in item.group(0)


def test_the_live_badge_shows_while_coverage_runs_and_goes_when_it_ends(client):
    editor, story = newsroom_user("editor"), LiveStoryFactory()
    assert badge_in_news_line(client, story)
    close_coverage(article_id=story.pk, user=editor)
    run_worker()
    assert not badge_in_news_line(client, story)
    story_page = page(client, story)
    assert "Coverage ended" in story_page and "badge--live" not in story_page
    # Open pages learn it from the `story` event, whose markup is the news line's.
    [event] = Event.objects.filter(kind="story", article=story)
    assert f'data-story="{story.pk}"' in event.data["html"]
    assert "badge--live" not in event.data["html"]
    reopen_coverage(article_id=story.pk, user=editor)
    run_worker()
    assert badge_in_news_line(client, story)
    latest = Event.objects.filter(kind="story", article=story).latest("id")
    assert 'class="badge badge--live">LIVE<' in latest.data["html"]


def test_a_preview_of_a_live_story_shows_its_entries(client):
    from newsline.newsroom.previews import preview_token

    story = LiveStoryFactory(status="draft", publish_at=None)
    first, second = entries(story, 2)
    response = client.get(f"/en/preview/{preview_token(story.pk)}/")
    assert response.status_code == 200
    assert set(shown(response.content.decode())) == {first.pk, second.pk}
