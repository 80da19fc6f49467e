"""What the newsroom's workflow shows readers: withdrawn stories, updates, breaking news."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from newsline.content import selectors
from newsline.content.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)
from tests.reader.test_query_costs import vm_steps
from tests.reader.test_query_counts import count_queries, grow_archive

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 4, 23, 21, 0, tzinfo=UTC)  # 01:00 on 24 April in Baku


def main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def banner(html: str) -> str | None:
    """The breaking banner's markup, or None when the page has none."""
    found = re.search(r'<section class="breaking".*?</section>', html, re.S)
    return found.group(0) if found else None


class TestWithdrawnStories:
    def test_answer_410_with_a_notice_and_a_way_home(self, client):
        story = ArticleFactory(headline="Retracted claim", status="withdrawn")
        response = client.get(story.get_absolute_url())
        assert response.status_code == 410
        html = response.content.decode()
        assert '<html lang="en">' in html
        assert '<meta name="robots" content="noindex">' in html
        assert "This story has been withdrawn." in main(html)
        assert '<a href="/en/">Go to the front page</a>' in main(html)
        # The story's text is gone with it, and no alternates point search engines back.
        assert "Retracted claim" not in html and 'rel="canonical"' not in html
        assert 'hreflang="' not in html.split("</head>", 1)[0]

    def test_speak_the_editions_language(self, client):
        story = ArticleFactory(language="az", headline="Geri çəkilən xəbər", status="withdrawn")
        response = client.get(story.get_absolute_url())
        assert response.status_code == 410
        html = response.content.decode()
        assert '<html lang="az">' in html and '<a href="/az/">' in main(html)

    def test_any_address_of_the_story_is_gone(self, client):
        story = ArticleFactory(headline="Gone story", status="withdrawn")
        for url in [f"/en/{story.pk}/", f"/en/{story.pk}-old-slug/"]:
            assert client.get(url).status_code == 410, url

    def test_are_not_in_the_news_line(self, client):
        ArticleFactory(headline="Still here")
        ArticleFactory(headline="Taken down", status="withdrawn")
        html = client.get("/en/").content.decode()
        assert "Still here" in html and "Taken down" not in html

    @pytest.mark.parametrize(
        "fields",
        [
            {"status": "draft", "publish_at": None},
            {"status": "review", "publish_at": None},
            {"status": "published", "publish_at": NOW + timedelta(days=365 * 10)},
        ],
        ids=["draft", "review", "scheduled"],
    )
    def test_unpublished_stories_stay_404(self, client, fields):
        story = ArticleFactory(**fields)
        assert client.get(f"/en/{story.pk}/").status_code == 404

    def test_unknown_ids_stay_404(self, client):
        assert client.get("/en/987654/").status_code == 404


class TestUpdatedLabel:
    @time_machine.travel(NOW, tick=False)
    def test_shows_the_update_time_in_the_site_time_zone_across_midnight(self, client):
        # 19:30 UTC is 23:30 on the 23rd in Baku; 20:30:15.5 UTC is 00:30 on the 24th.
        story = ArticleFactory(
            publish_at=datetime(2024, 4, 23, 19, 30, tzinfo=UTC),
            corrected_at=datetime(2024, 4, 23, 20, 30, 15, 500000, tzinfo=UTC),
        )
        html = main(client.get(story.get_absolute_url()).content.decode())
        assert ">23:30 23.04.2024</time>" in html
        assert (
            '<span class="story__updated">Updated '
            '<time datetime="2024-04-24T00:30:15+0400">00:30 24.04.2024</time></span>'
        ) in html

    def test_is_absent_from_a_story_never_updated(self, client):
        story = ArticleFactory(corrected_at=None)
        html = main(client.get(story.get_absolute_url()).content.decode())
        assert "Updated" not in html and "story__updated" not in html

    @time_machine.travel(NOW, tick=False)
    def test_speaks_the_editions_date_format(self, client):
        story = ArticleFactory(
            language="ru", corrected_at=datetime(2024, 4, 23, 20, 30, tzinfo=UTC)
        )
        html = main(client.get(story.get_absolute_url()).content.decode())
        assert '<time datetime="2024-04-24T00:30:00+0400">00:30 24.04.2024</time>' in html


class TestBreakingBanner:
    @time_machine.travel(NOW, tick=False)
    def test_shows_the_story_on_every_page_of_its_edition(self, client):
        story = ArticleFactory(headline="Earthquake hits the coast", is_breaking=True)
        other = ArticleFactory(headline="Quiet day")
        urls = [
            "/en/",
            other.get_absolute_url(),
            "/en/archive/",
            f"/en/section/{other.section.slug}/",
            "/en/no-such-page/",
        ]
        for url in urls:
            found = banner(client.get(url).content.decode())
            assert found is not None, url
            assert 'aria-labelledby="breaking-label"' in found
            assert '<strong id="breaking-label" class="breaking__label">Breaking news' in found
            assert f'href="{story.get_absolute_url()}"' in found
            assert "Earthquake hits the coast</a>" in found

    def test_marks_the_link_on_the_storys_own_page(self, client):
        story = ArticleFactory(is_breaking=True)
        found = banner(client.get(story.get_absolute_url()).content.decode())
        assert 'aria-current="page"' in found
        assert 'aria-current="page"' not in banner(client.get("/en/").content.decode())

    def test_stays_in_its_edition(self, client):
        ArticleFactory(language="az", headline="Təcili xəbər", is_breaking=True)
        ArticleFactory(language="en", headline="Plain news")
        assert "Təcili xəbər" in banner(client.get("/az/").content.decode())
        for url in ["/en/", "/en/archive/", "/ru/"]:
            assert banner(client.get(url).content.decode()) is None, url

    def test_needs_the_flag(self, client):
        ArticleFactory(headline="Ordinary", is_breaking=False)
        assert banner(client.get("/en/").content.decode()) is None

    def test_shows_the_newest_breaking_story(self, client):
        earlier, later = NOW - timedelta(hours=2), NOW - timedelta(hours=1)
        ArticleFactory(headline="Older alarm", is_breaking=True, publish_at=earlier)
        ArticleFactory(headline="Newer alarm", is_breaking=True, publish_at=later)
        ArticleFactory(headline="Newest, calm", publish_at=NOW - timedelta(minutes=5))
        with time_machine.travel(NOW, tick=False):
            found = banner(client.get("/en/").content.decode())
        assert "Newer alarm" in found and "Older alarm" not in found

    @pytest.mark.parametrize(
        "fields",
        [
            {"status": "draft", "publish_at": None},
            {"status": "withdrawn"},
            {"status": "published", "publish_at": NOW + timedelta(minutes=5)},
        ],
        ids=["draft", "withdrawn", "scheduled"],
    )
    @time_machine.travel(NOW, tick=False)
    def test_only_for_stories_readers_can_see(self, client, fields):
        ArticleFactory(headline="Not yet", is_breaking=True, **fields)
        assert banner(client.get("/en/").content.decode()) is None

    def test_a_scheduled_breaking_story_appears_at_its_minute(self, client):
        ArticleFactory(headline="At noon", is_breaking=True, publish_at=NOW + timedelta(minutes=5))
        with time_machine.travel(NOW + timedelta(minutes=4, seconds=59), tick=False):
            assert banner(client.get("/en/").content.decode()) is None
        with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
            assert "At noon" in banner(client.get("/en/").content.decode())

    def test_disappears_at_breaking_until(self, client):
        until = NOW + timedelta(hours=2)
        ArticleFactory(
            headline="Storm warning",
            is_breaking=True,
            breaking_until=until,
            publish_at=NOW - timedelta(minutes=30),
        )
        for moment, shown in [
            (NOW, True),
            (until - timedelta(seconds=1), True),
            (until, False),
            (until + timedelta(days=1), False),
        ]:
            with time_machine.travel(moment, tick=False):
                for url in ["/en/", "/en/archive/"]:
                    found = banner(client.get(url).content.decode())
                    assert (found is not None) is shown, (moment, url)

    def test_without_breaking_until_stays_until_cleared(self, client):
        story = ArticleFactory(
            headline="Ongoing", is_breaking=True, breaking_until=None, publish_at=NOW
        )
        with time_machine.travel(NOW + timedelta(days=3), tick=False):
            assert "Ongoing" in banner(client.get("/en/").content.decode())
        Article.objects.filter(pk=story.pk).update(is_breaking=False)
        assert banner(client.get("/en/").content.decode()) is None

    def test_an_expired_banner_gives_way_to_an_older_running_one(self, client):
        ArticleFactory(
            headline="Long running",
            is_breaking=True,
            publish_at=NOW - timedelta(hours=3),
        )
        ArticleFactory(
            headline="Short lived",
            is_breaking=True,
            breaking_until=NOW - timedelta(minutes=1),
            publish_at=NOW - timedelta(hours=1),
        )
        with time_machine.travel(NOW, tick=False):
            assert "Long running" in banner(client.get("/en/").content.decode())

    def test_an_older_breaking_story_keeps_its_banner_until_cleared(self, client):
        ArticleFactory(headline="Old alarm", is_breaking=True, publish_at=NOW - timedelta(days=5))
        for i in range(5):
            ArticleFactory(publish_at=NOW - timedelta(hours=i))
        with time_machine.travel(NOW, tick=False):
            assert "Old alarm" in banner(client.get("/en/").content.decode())


def test_query_counts_do_not_grow_with_the_archive(client):
    sections = [SectionFactory(slug=f"s{i}") for i in range(4)]
    image, tag, author = ImageFactory(), TagFactory(slug="topic"), AuthorFactory(slug="writer")
    gone = ArticleFactory(status="withdrawn", section=sections[0])
    ArticleFactory(is_breaking=True, section=sections[0], publish_at=gone.publish_at)

    def measure():
        article = Article.objects.visible().newest_first()[3].get_absolute_url()
        return {
            "home": count_queries(client, "/en/"),
            "archive": count_queries(client, "/en/archive/"),
            "article": count_queries(client, article),
            "withdrawn": count_queries(client, gone.get_absolute_url(), 410),
            "not found": count_queries(client, "/en/999999/", 404),
        }

    grow_archive(10, sections, image, tag, author)
    small = measure()
    grow_archive(500, sections, image, tag, author)
    assert measure() == small
    # The frame is 3 queries (sections, news line, banner), the news line's latest live
    # event and the edition's next scheduled change; a story that is not visible costs its
    # lookup and the withdrawn check.
    assert small == {"home": 11, "archive": 6, "article": 10, "withdrawn": 7, "not found": 7}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite VM steps")
def test_breaking_lookup_costs_the_same_at_any_archive_size():
    # No breaking story at all is the common case, and the costly one: the lookup must not
    # walk the whole edition to find nothing.
    sections = [SectionFactory(slug=f"s{i}") for i in range(4)]
    image, tag, author = ImageFactory(), TagFactory(), AuthorFactory()
    grow_archive(300, sections, image, tag, author)
    small = vm_steps(lambda: selectors.breaking_story("en"))
    grow_archive(5000, sections, image, tag, author)
    # A few steps of slack: the lookup costs a handful either way (one empty index probe),
    # while walking 5,000 stories would cost thousands.
    assert vm_steps(lambda: selectors.breaking_story("en")) <= 1.2 * small + 5
