"""The language switcher and hreflang alternates name the same pages."""

import re

import pytest

from tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def switcher(html: str) -> dict[str, str]:
    nav = html.split('<nav class="editions"', 1)[1].split("</nav>", 1)[0]
    return dict((code, url) for url, code in re.findall(r'href="([^"]+)" hreflang="(\w+)"', nav))


def alternates(html: str) -> dict[str, str]:
    head = html.split("</head>", 1)[0]
    found = re.findall(
        r'<link rel="alternate" hreflang="([\w-]+)" href="http://testserver([^"]+)"', head
    )
    return dict(found)


def test_article_switcher_leads_to_the_translation_else_the_editions_home(client):
    english = ArticleFactory(headline="Talks resume")
    azerbaijani = ArticleFactory(
        language="az",
        headline="Danışıqlar bərpa olunur",
        translation_group=english.translation_group,
    )
    html = client.get(english.get_absolute_url()).content.decode()
    assert switcher(html) == {
        "en": english.get_absolute_url(),
        "az": azerbaijani.get_absolute_url(),
        "ru": "/ru/",
    }
    assert alternates(html) == {
        "en": english.get_absolute_url(),
        "az": azerbaijani.get_absolute_url(),
        "x-default": english.get_absolute_url(),
    }
    back = client.get(azerbaijani.get_absolute_url()).content.decode()
    assert switcher(back)["en"] == english.get_absolute_url()
    assert '<html lang="az">' in back


def test_an_untranslated_story_has_no_alternates(client):
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    assert alternates(html) == {}
    assert switcher(html) == {"en": article.get_absolute_url(), "az": "/az/", "ru": "/ru/"}


def test_sections_and_archives_switch_to_the_same_page(client):
    SectionFactory(slug="sport")
    html = client.get("/az/section/sport/").content.decode()
    expected = {"en": "/en/section/sport/", "az": "/az/section/sport/", "ru": "/ru/section/sport/"}
    assert switcher(html) == expected
    assert alternates(html) == expected | {"x-default": "/en/section/sport/"}
    day = client.get("/ru/archive/2024/04/23/").content.decode()
    assert switcher(day)["en"] == "/en/archive/2024/04/23/"


def test_tag_pages_switch_to_edition_homes(client):
    TagFactory(language="en", slug="oil")
    html = client.get("/en/tag/oil/").content.decode()
    assert switcher(html) == {"en": "/en/tag/oil/", "az": "/az/", "ru": "/ru/"}
    assert alternates(html) == {}


def test_article_urls_match_the_url_configuration():
    from django.urls import reverse
    from django.utils import translation

    for language, slug in [("en", "a-b-1"), ("az", ""), ("ru", "x_y")]:
        article = ArticleFactory.build(pk=12345, language=language, slug=slug)
        kwargs = {"pk": 12345, "slug": slug} if slug else {"pk": 12345}
        with translation.override(language):
            assert article.get_absolute_url() == reverse("reader:article", kwargs=kwargs)


def canonical(html: str) -> list[str]:
    return re.findall(r'<link rel="canonical" href="([^"]+)">', html.split("</head>", 1)[0])


def test_pages_name_their_canonical_address_without_stray_parameters(client):
    article = ArticleFactory()
    SectionFactory(slug="sport")
    assert canonical(client.get("/en/?utm_source=x").content.decode()) == ["http://testserver/en/"]
    assert canonical(client.get(article.get_absolute_url()).content.decode()) == [
        "http://testserver" + article.get_absolute_url()
    ]
    assert canonical(client.get("/en/section/sport/").content.decode()) == [
        "http://testserver/en/section/sport/"
    ]
    assert canonical(client.get("/en/no-such-page/").content.decode()) == []
