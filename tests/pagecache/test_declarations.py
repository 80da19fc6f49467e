"""Every reader address declares what its page shows, or says on purpose that it is uncached."""

from datetime import UTC

import pytest
from django.urls import resolve
from django.utils import timezone

from newsline.reader import urls as reader_urls
from newsline.syndication import root_urls
from newsline.syndication import urls as syndication_urls
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    story = ArticleFactory(section=SectionFactory(slug="politics"))
    story.tags.add(TagFactory(slug="elections"))
    story.authors.add(AuthorFactory(slug="writer"))
    return story


def sample_urls(story) -> dict[str, str]:
    """One address for each URL name; a new name without one here fails the test below."""
    from newsline.newsroom.previews import preview_url

    day = timezone.localtime(story.publish_at).strftime("%Y/%m/%d")
    urls = {
        "home": "/en/",
        "archive": "/en/archive/",
        "search": "/en/search/?q=vote",
        "day": f"/en/archive/{day}/",
        "section": "/en/section/politics/",
        "tag": "/en/tag/elections/",
        "author": "/en/author/writer/",
        "preview": preview_url(story),
        "article": story.get_absolute_url(),
        "edition_rss": "/en/feed/rss/",
        "edition_atom": "/en/feed/atom/",
        "sitemap_index": "/sitemap.xml",
        "sitemap_section": "/sitemap-sections.xml",
        "robots_txt": "/robots.txt",
    }
    for kind, slug in (("section", "politics"), ("tag", "elections"), ("author", "writer")):
        for format in ("rss", "atom"):
            urls[f"{kind}_{format}"] = f"/en/{kind}/{slug}/feed/{format}/"
    return urls


def url_names() -> set[str]:
    modules = (reader_urls, syndication_urls, root_urls)
    return {p.name for module in modules for p in module.urlpatterns if p.name}


def test_every_reader_page_is_declared_or_deliberately_uncached(client, story):
    samples = sample_urls(story)
    missing = url_names() - samples.keys()
    assert not missing, f"Give these a sample address and a cache declaration: {missing}"
    for name, url in samples.items():
        view = resolve(url.split("?")[0]).func
        if getattr(view, "page_cache", None) == "uncached":
            continue
        response = client.get(url)
        assert response.status_code == 200, name
        assert response.has_header("Surrogate-Key"), f"{name} declares no cache tags"
        assert response["Cache-Control"].startswith("public"), name


def test_pages_of_an_edition_carry_its_frame(client, story):
    for name, url in sample_urls(story).items():
        if url.startswith("/en/") and "feed" not in url and "preview" not in url:
            response = client.get(url)
            if response.has_header("Surrogate-Key"):
                keys = response["Surrogate-Key"].split()
                assert {"edition:en", "newsline:en", "breaking:en", "sections"} <= set(keys), name


def test_an_article_page_declares_what_it_shows(client, story):
    related = ArticleFactory(section=story.section)
    translation = ArticleFactory(language="az", translation_group=story.translation_group)
    keys = set(client.get(story.get_absolute_url())["Surrogate-Key"].split())
    tag, author = story.tags.get(), story.authors.get()
    assert {
        f"article:{story.pk}", f"entries:{story.pk}", f"story:{story.translation_group}",
        f"section:{story.section_id}:en", f"tag:{tag.pk}", f"author:{author.pk}:en",
        f"article:{related.pk}", f"article:{translation.pk}",
    } <= keys  # fmt: skip


def test_a_listing_declares_its_subject_and_its_stories(client, story):
    other = ArticleFactory()
    keys = set(client.get("/en/section/politics/")["Surrogate-Key"].split())
    assert {f"section:{story.section_id}:en", f"article:{story.pk}"} <= keys
    assert f"article:{other.pk}" not in keys
    feed = set(client.get("/en/tag/elections/feed/atom/")["Surrogate-Key"].split())
    assert feed == {"edition:en", f"tag:{story.tags.get().pk}", f"article:{story.pk}"}


def test_sitemaps_depend_on_every_edition(client, story):
    keys = set(client.get("/sitemap.xml")["Surrogate-Key"].split())
    assert {"sitemap", "sitemap:site", "edition:en", "edition:az", "edition:ru"} <= keys
    # A month's sitemap lists that month alone: the site's other changes leave it cached.
    month = f"{story.publish_at.astimezone(UTC):%Y-%m}"
    keys = set(client.get(f"/sitemap-articles-en-{month}.xml")["Surrogate-Key"].split())
    assert {"sitemap", f"sitemap:en:{month}", "edition:az"} <= keys
    assert "sitemap:site" not in keys
    # The same sitemap whatever language the crawler prefers: nothing to vary on.
    assert not client.get("/sitemap.xml").has_header("Vary")
    english = client.get("/sitemap-sections.xml", headers={"Accept-Language": "en"}).content
    assert client.get("/sitemap-sections.xml", headers={"Accept-Language": "ru"}).content == (
        english
    )
