"""Pages kept with holes for the news line and the banner (newsline/pagecache/shells.py):
a publication elsewhere fills the holes anew without rendering the page; the page built
from its shell is the page a full render gives; nobody's own page is kept for another."""

import pytest
from django.test import Client

from newsline.content.pagination import Cursor
from newsline.content.workflow import publish_article, set_breaking
from tests.factories import ArticleFactory, SectionFactory, newsroom_user
from tests.pagecache.conftest import cached
from tests.pagecache.test_purge import run_worker

pytestmark = pytest.mark.django_db

PAGES = ("home", "article", "listing")


def fetch(client, url: str) -> tuple[str, bool]:
    """The page, and whether its own template was rendered (not built from its shell)."""
    response = client.get(url)
    assert response.status_code == 200
    names = {template.name for template in response.templates}
    return response.content.decode(), bool(names & {f"reader/{page}.html" for page in PAGES})


def full_render(settings, url: str) -> str:
    """The page as it is rendered with nothing kept."""
    kept_for, settings.NEWSLINE_FRAGMENT_CACHE_SECONDS = settings.NEWSLINE_FRAGMENT_CACHE_SECONDS, 0
    try:
        return fetch(Client(), url)[0]
    finally:
        settings.NEWSLINE_FRAGMENT_CACHE_SECONDS = kept_for


def publish(headline: str, **fields) -> None:
    draft = ArticleFactory(headline=headline, status="draft", publish_at=None, **fields)
    publish_article(article_id=draft.pk, user=newsroom_user("editor"))
    run_worker()


def test_a_publication_elsewhere_fills_the_kept_shell_with_the_new_news_line(client):
    url = ArticleFactory(headline="Harbour reopens").get_absolute_url()
    assert fetch(client, url)[1]  # first rendered, and its shell kept
    publish("Markets rally")
    assert not cached(url)  # the page cache let it go for its news line
    page, rendered = fetch(client, url)
    assert not rendered
    assert "Markets rally" in page.partition('<aside class="newsline"')[2]


def test_a_section_page_is_rendered_anew_only_for_a_story_of_its_own(client):
    city = SectionFactory(slug="city")
    ArticleFactory(headline="Harbour reopens", section=city)
    url = "/en/section/city/"
    fetch(client, url)
    publish("Markets rally", section=SectionFactory(slug="business"))
    page, rendered = fetch(client, url)
    assert not rendered and "Markets rally" in page  # in its news line only
    publish("Ferries return", section=city)
    page, rendered = fetch(client, url)
    assert rendered and "Ferries return" in page.partition("<main")[2].partition("</main>")[0]


def test_a_page_built_from_its_shell_is_the_page_a_full_render_gives(client, settings):
    calm = ArticleFactory(headline="Harbour reopens")
    story = ArticleFactory(headline="Dam breached")
    set_breaking(article_id=story.pk, user=newsroom_user("editor"), breaking=True)
    run_worker()
    older = "/en/archive/?before=" + Cursor.of(calm).encode()
    for url in ("/en/", calm.get_absolute_url(), story.get_absolute_url(), "/en/archive/", older):
        fetch(client, url)
        page, rendered = fetch(client, url)
        assert not rendered, url
        assert page == full_render(settings, url), url
    # The banner is filled as each page shows it: its link is current on its own page.
    assert 'aria-current="page"' in fetch(client, story.get_absolute_url())[0]
    assert (
        'aria-current="page"'
        not in fetch(client, calm.get_absolute_url())[0]
        .partition("data-live-banner")[2]
        .partition("</div>")[0]
    )


def test_a_raised_banner_reaches_a_page_built_from_its_shell(client):
    url = ArticleFactory(headline="Harbour reopens").get_absolute_url()
    story = ArticleFactory(headline="Dam breached")
    fetch(client, url)
    set_breaking(article_id=story.pk, user=newsroom_user("editor"), breaking=True)
    run_worker()
    page, rendered = fetch(client, url)
    assert not rendered and "Dam breached" in page.partition("data-live-banner")[2]


def test_editors_and_unknown_query_parameters_always_get_a_full_render(client):
    url = ArticleFactory(headline="Harbour reopens").get_absolute_url()
    client.force_login(newsroom_user("editor"))
    assert fetch(client, url)[1] and fetch(client, url)[1]
    reader = Client()
    assert fetch(reader, url + "?ref=front")[1] and fetch(reader, url + "?ref=front")[1]
    assert fetch(reader, url)[1]  # neither kept a shell for readers
