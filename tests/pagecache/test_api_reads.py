"""The API's reads of an edition are kept like pages: served by the front, purged by changes."""

import pytest

from newsline.content.editing import save_article
from newsline.content.workflow import publish_article
from tests.factories import ArticleFactory, SectionFactory, newsroom_user
from tests.pagecache.conftest import cached, front_get
from tests.pagecache.test_purge import run_worker

pytestmark = pytest.mark.django_db
LIST = "/api/v1/articles?edition=en"


def test_the_editions_list_is_served_by_the_front_until_a_publication(client):
    ArticleFactory(headline="Harbour reopens")
    assert client.get(LIST).status_code == 200
    hit = front_get(LIST)
    assert hit.served_by_front and b"Harbour reopens" in hit.body  # no Django, no query
    assert hit.headers["access-control-allow-origin"] == "*"
    assert "archive:en" in hit.headers["surrogate-key"].split()

    draft = ArticleFactory(headline="Bridge closes", status="draft", publish_at=None)
    publish_article(article_id=draft.pk, user=newsroom_user("editor"))
    run_worker()
    assert not cached(LIST)
    assert "Bridge closes" in client.get(LIST).content.decode()


def test_each_page_of_the_list_is_kept_and_a_correction_purges_the_ones_showing_it(client):
    old, new = ArticleFactory(headline="Old news"), ArticleFactory(headline="New news")
    first = client.get(LIST + "&limit=1").json()
    second = f"{LIST}&limit=1&cursor={first['next']}"
    assert client.get(second).json()["items"][0]["id"] == old.pk
    assert cached(LIST + "&limit=1") and cached(second)
    editor = newsroom_user("editor")
    save_article(
        article_id=old.pk, user=editor, data={"headline": "Old news, corrected"},
        base_version=old.version,
    )  # fmt: skip
    run_worker()
    assert not cached(second) and cached(LIST + "&limit=1")
    assert new.pk == first["items"][0]["id"]


def test_a_story_is_purged_from_the_api_when_corrected(client):
    story = ArticleFactory(headline="Frist draft")
    url = f"/api/v1/articles/{story.pk}"
    client.get(url)
    assert cached(url)
    save_article(
        article_id=story.pk, user=newsroom_user("editor"), data={"headline": "First draft"},
        base_version=story.version,
    )  # fmt: skip
    run_worker()
    assert not cached(url)
    assert client.get(url).json()["headline"] == "First draft"


def test_filtered_lists_and_token_holders_are_not_served_from_the_cache(client):
    # A story can join a kind's list by an edit no purge of the stream marks.
    ArticleFactory(section=SectionFactory(slug="politics"))
    for filtered in (LIST + "&kind=video", LIST + "&section=politics"):
        assert client.get(filtered).status_code == 200
        assert not cached(filtered)
    client.get(LIST)
    assert not front_get(LIST, headers={"Authorization": "Bearer x.y"}).served_by_front


def test_a_kept_copy_reads_the_same_whatever_language_the_first_client_asked_in(client):
    section = SectionFactory(slug="politics", name_en="Politics", name_az="Siyasət")
    ArticleFactory(language="az", section=section)
    url = "/api/v1/articles?edition=az"
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
    assert first.json()["items"][0]["section"]["name"] == "Siyasət"  # the edition's language
    assert first["Content-Language"] == "az"
    kept = front_get(url)
    assert kept.served_by_front and kept.headers["content-language"] == "az"


def test_the_news_line_is_purged_with_the_sites(client):
    ArticleFactory(headline="Earlier")
    url = "/api/v1/newsline/en"
    client.get(url)
    assert cached(url)
    draft = ArticleFactory(headline="Just in", status="draft", publish_at=None)
    publish_article(article_id=draft.pk, user=newsroom_user("editor"))
    run_worker()
    assert "Just in" in client.get(url).content.decode()
