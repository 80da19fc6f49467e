"""An article page's own part is kept apart from the frame (newsline/reader/story.py): a
publication elsewhere rebuilds the page around it; a change to what it shows renders it anew."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsline.content.editing import save_article
from newsline.content.workflow import publish_article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
    newsroom_user,
)
from tests.pagecache.conftest import cached
from tests.pagecache.test_purge import run_worker

pytestmark = pytest.mark.django_db


def rendered_part(client, url: str) -> tuple[str, bool]:
    """The page, and whether its story part was rendered (not read from where it is kept)."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    loaded = any("content_article_tags" in query["sql"] for query in queries.captured_queries)
    return page.content.decode(), loaded


def test_a_publication_elsewhere_rebuilds_the_page_around_its_kept_part(client):
    story = ArticleFactory(headline="Harbour reopens", section=SectionFactory(slug="city"))
    url = story.get_absolute_url()
    assert rendered_part(client, url)[1]
    draft = ArticleFactory(
        headline="Markets rally", status="draft", publish_at=None, section=SectionFactory()
    )
    publish_article(article_id=draft.pk, user=newsroom_user("editor"))
    run_worker()
    assert not cached(url)  # its news line changed
    page, loaded = rendered_part(client, url)
    assert not loaded and "Harbour reopens" in page and "Markets rally" in page


def test_a_new_story_in_the_section_reaches_read_also(client):
    city, topic = SectionFactory(slug="city"), TagFactory(slug="harbour")
    story = ArticleFactory(headline="Harbour reopens", section=city)
    story.tags.add(topic)
    url = story.get_absolute_url()
    client.get(url)
    draft = ArticleFactory(headline="Ferries return", status="draft", publish_at=None, section=city)
    draft.tags.add(topic)
    publish_article(article_id=draft.pk, user=newsroom_user("editor"))
    run_worker()
    page, loaded = rendered_part(client, url)
    assert loaded
    assert "Ferries return" in page.partition('class="related"')[2]


def test_a_correction_renders_the_part_anew(client):
    # The page's shell (pagecache/shells.py) is kept under the same tags and goes with it.
    story = ArticleFactory(headline="Harbour reopnes")
    url = story.get_absolute_url()
    client.get(url)
    save_article(
        article_id=story.pk, user=newsroom_user("editor"), data={"headline": "Harbour reopens"},
        base_version=story.version,
    )  # fmt: skip
    run_worker()
    page, loaded = rendered_part(client, url)
    assert loaded and "<title>Harbour reopens" in page and "Harbour reopnes" not in page


def test_the_part_is_kept_per_site_address(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example"]
    url = ArticleFactory().get_absolute_url()
    client.get(url)
    page = client.get(url, HTTP_HOST="news.example").content.decode()
    assert f'<meta property="og:url" content="http://news.example{url}">' in page
    assert "http://testserver" not in page


def test_the_home_pages_part_is_kept_per_site_address_too(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example"]
    ArticleFactory()
    client.get("/en/")
    page = client.get("/en/", HTTP_HOST="news.example").content.decode()
    assert '<meta property="og:url" content="http://news.example/en/">' in page
    assert "http://testserver" not in page


def test_an_address_in_another_edition_redirects_and_keeps_the_part_in_the_storys_language(
    client,
):
    story = ArticleFactory(headline="Harbour reopens")
    story.authors.add(AuthorFactory())
    story.tags.add(TagFactory())
    wrong = story.get_absolute_url().replace("/en/", "/ru/", 1)
    assert client.get(wrong)["Location"] == story.get_absolute_url()  # the part is kept now
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Author:" in page and 'aria-label="Tags"' in page
    assert "Автор" not in page and "Теги" not in page
