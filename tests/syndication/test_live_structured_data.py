"""JSON-LD of a live story: LiveBlogPosting with its coverage times and latest entries."""

from datetime import timedelta

import pytest
import time_machine

from newsline.content.workflow import close_coverage
from newsline.live import blog
from tests.factories import newsroom_user
from tests.live.support import LiveEntryFactory, LiveStoryFactory
from tests.syndication.test_structured_data import NOW, read_head

pytestmark = pytest.mark.django_db


@time_machine.travel(NOW, tick=False)
def test_a_live_story_lists_its_ten_latest_entries_as_blog_postings(client):
    started = NOW - timedelta(hours=2)
    story = LiveStoryFactory(publish_at=started, first_published_at=started)
    made = {
        minutes: LiveEntryFactory(
            article=story,
            published_at=NOW - timedelta(minutes=minutes),
            body=f"<p>Count after {minutes} &amp; more</p>",
            is_pinned=minutes == 2,  # pinned entries count among the latest too
        )
        for minutes in range(12, 0, -1)
    }
    LiveEntryFactory(article=story, removed_at=NOW, body="<p>Removed</p>")
    _, graph = read_head(client, story.get_absolute_url())
    data = graph["LiveBlogPosting"]
    assert data["coverageStartTime"] == "2024-04-23T23:00:00+04:00"
    assert "coverageEndTime" not in data
    updates = data["liveBlogUpdate"]
    assert updates[0] == {
        "@type": "BlogPosting",
        "headline": "Count after 1 & more",
        "articleBody": "Count after 1 & more",
        "datePublished": "2024-04-24T00:59:00+04:00",
        "url": f"http://testserver{story.get_absolute_url()}#entry-{made[1].pk}",
    }
    assert [u["headline"] for u in updates] == [f"Count after {m} & more" for m in range(1, 11)]


@time_machine.travel(NOW, tick=False)
def test_a_closed_live_story_says_when_coverage_ended(client):
    started = NOW - timedelta(hours=2)
    story = LiveStoryFactory(publish_at=started, first_published_at=started)
    close_coverage(article_id=story.pk, user=newsroom_user("editor"))
    _, graph = read_head(client, story.get_absolute_url())
    data = graph["LiveBlogPosting"]
    assert data["coverageEndTime"] == "2024-04-24T01:00:00+04:00"
    assert "liveBlogUpdate" not in data  # no entries yet


@time_machine.travel(NOW, tick=False)
def test_a_long_entry_gets_a_short_headline_and_its_whole_text(client):
    started = NOW - timedelta(hours=2)
    story = LiveStoryFactory(publish_at=started, first_published_at=started)
    words = "word " * 60
    blog.add_entry(article_id=story.pk, user=newsroom_user("editor"), text=f"{words}</script>")
    _, graph = read_head(client, story.get_absolute_url())
    [update] = graph["LiveBlogPosting"]["liveBlogUpdate"]
    assert len(update["headline"]) <= 110 and update["headline"].endswith("…")
    assert update["articleBody"] == words.strip()
