"""Reader pages: what a reader sees at each address, and the HTTP status it gets."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import override_settings

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 4, 23, 21, 0, tzinfo=UTC)  # 01:00 on 24 April in Baku


def news_line(html: str) -> str:
    return html.split('<aside class="newsline"', 1)[1].split("</aside>", 1)[0]


@time_machine.travel(NOW, tick=False)
def test_news_line_is_newest_first_in_the_site_time_zone_across_midnight(client):
    # 19:55 UTC is 23:55 on 23 April in Baku; 20:05 UTC is 00:05 on 24 April.
    ArticleFactory(headline="Before midnight", publish_at=datetime(2024, 4, 23, 19, 55, tzinfo=UTC))
    ArticleFactory(headline="After midnight", publish_at=datetime(2024, 4, 23, 20, 5, tzinfo=UTC))
    ArticleFactory(headline="Scheduled", publish_at=NOW + timedelta(minutes=5))
    ArticleFactory(headline="In Russian", language="ru", publish_at=NOW - timedelta(minutes=5))
    line = news_line(client.get("/en/").content.decode())
    assert re.findall(r'class="newsline__headline">([^<]+)<', line) == [
        "After midnight",
        "Before midnight",
    ]
    assert re.findall(r'class="newsline__time"[^>]*>([^<]+)<', line) == [
        "00:05 24.04.2024",
        "23:55 23.04.2024",
    ]


@override_settings(TIME_ZONE="UTC")
@time_machine.travel(NOW, tick=False)
def test_time_zone_is_a_setting(client):
    ArticleFactory(publish_at=datetime(2024, 4, 23, 20, 5, tzinfo=UTC))
    assert "20:05 23.04.2024" in news_line(client.get("/en/").content.decode())


def test_news_line_holds_the_latest_fifty_with_thumbnails_badges_and_all(client):
    for i in range(55):
        ArticleFactory(headline=f"Story {i}", publish_at=NOW - timedelta(minutes=i))
    ArticleFactory(headline="Video story", kind="video", lead_image=ImageFactory())
    line = news_line(client.get("/en/").content.decode())
    assert line.count('class="newsline__item"') == 50
    video = line.split("Video story")[0].rsplit('<li class="newsline__item"', 1)[1]
    # Thumbnail and badge are inside the headline's link; the image is silent.
    link = video.split('<a class="newsline__link"', 1)[1]
    assert '<img class="newsline__thumb"' in link and 'alt=""' in link
    assert '<span class="badge badge--video">VIDEO</span>' in link
    assert "Story 54" not in line and "Story 48" in line
    assert '<a href="/en/archive/">All</a>' in line


def test_every_reader_page_carries_the_news_line(client):
    article = ArticleFactory(headline="Carried everywhere")
    tag = TagFactory()
    author = AuthorFactory()
    article.tags.add(tag)
    article.authors.add(author)
    for url in [
        "/en/",
        article.get_absolute_url(),
        "/en/archive/",
        f"/en/archive/{article.publish_at:%Y/%m/%d}/",
        f"/en/section/{article.section.slug}/",
        f"/en/tag/{tag.slug}/",
        f"/en/author/{author.slug}/",
        "/en/no-such-page/",
    ]:
        assert "Carried everywhere" in news_line(client.get(url).content.decode()), url


def test_root_redirects_to_the_preferred_edition(client):
    assert client.get("/", headers={"accept-language": "ru,en;q=0.5"})["Location"] == "/ru/"
    assert client.get("/", headers={"accept-language": "az-AZ"})["Location"] == "/az/"
    assert client.get("/", headers={"accept-language": "de"})["Location"] == "/en/"


def test_home_shows_lead_featured_and_sections(client):
    politics = SectionFactory(slug="politics", name_en="Politics")
    ArticleFactory(headline="The lead", featured_rank=1, section=politics)
    ArticleFactory(headline="Featured too", featured_rank=2)
    ArticleFactory(headline="Latest in politics", section=politics)
    html = client.get("/en/").content.decode()
    top = html.split('aria-label="Top stories"', 1)[1].split("</section>", 1)[0]
    assert top.index("The lead") < top.index("Featured too")
    assert "teaser--large" in top.split("Featured too")[0]
    assert 'href="/en/section/politics/">Politics</a></h2>' in html
    assert "Latest in politics" in html.split('id="section-politics"', 1)[1]


def test_article_page(client):
    section = SectionFactory(slug="economy", name_en="Economy")
    image = ImageFactory(caption="Harbour at dawn", credit="A. Photographer")
    article = ArticleFactory(
        headline="Markets rally",
        lead="Shares rose sharply.",
        body="<p>Body <strong>text</strong>.</p>",
        section=section,
        lead_image=image,
        publish_at=datetime(2024, 4, 23, 8, 30, tzinfo=UTC),
    )
    article.tags.add(TagFactory(name="Oil"))
    article.authors.add(AuthorFactory(display_name="Leyla Məmmədova"))
    related = ArticleFactory(headline="Earlier in economy", section=section)
    other = ArticleFactory(headline="Elsewhere entirely")
    html = client.get(article.get_absolute_url()).content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert main.count("<h1") == 1 and '<h1 class="story__headline">Markets rally</h1>' in main
    assert '<a class="story__section" href="/en/section/economy/">Economy</a>' in main
    assert ">12:30 23.04.2024</time>" in main
    assert "Shares rose sharply." in main and "<p>Body <strong>text</strong>.</p>" in main
    assert 'alt="A red rectangle"' in main and "Harbour at dawn" in main
    assert "A. Photographer" in main
    assert ">Oil</a>" in main and ">Leyla Məmmədova</a>" in main
    read_also = main.split('id="related-title"', 1)[1]
    assert related.headline in read_also and other.headline not in read_also


def test_headlines_in_any_script_round_trip(client):
    headline = "Əliyev İ ı ş ğ — Москва 🎉 <b>&"
    article = ArticleFactory(headline=headline, slug="")
    article.refresh_from_db()
    assert article.headline == headline
    html = client.get(f"/en/{article.pk}/", follow=True).content.decode()
    assert "Əliyev İ ı ş ğ — Москва 🎉 &lt;b&gt;&amp;" in html


def test_wrong_or_missing_slug_redirects_permanently_to_the_canonical_url(client):
    article = ArticleFactory(headline="Right slug")
    canonical = f"/en/{article.pk}-right-slug/"
    assert article.get_absolute_url() == canonical
    pk = article.pk
    for url in [f"/en/{pk}/", f"/en/{pk}-old-slug/", f"/ru/{pk}-right-slug/"]:
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (301, canonical), url
    assert client.get(canonical).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/fr/",
        "/en/999999/",
        "/en/999999999999999999/",
        "/en/section/nope/",
        "/en/tag/nope/",
        "/en/author/nope/",
        "/en/no/such/page/",
    ],
)
def test_unknown_things_answer_the_editions_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_404_speaks_the_editions_language(client):
    html = client.get("/az/section/nope/").content.decode()
    assert '<html lang="az">' in html


def test_unpublished_and_other_edition_tags_are_404(client):
    draft = ArticleFactory(status="draft")
    TagFactory(language="ru", name="Только русский", slug="tolko")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/en/tag/tolko/").status_code == 404
    assert client.get("/ru/tag/tolko/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/en/archive/?before=garbage",
        "/en/archive/?before=",
        "/en/section/news/?before=1-1:AAAA",
        "/en/archive/2024/02/30/",
        "/en/archive/2024/13/01/",
        "/en/archive/0000/01/01/",
    ],
)
def test_bad_cursors_and_impossible_dates_are_400_with_a_message(client, url):
    SectionFactory(slug="news")
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert "damaged or out of date" in html or "no such date" in html


def at(day, hour, minute):
    return datetime(2024, 4, day, hour, minute, tzinfo=UTC)


def test_day_archive_lists_the_days_stories_in_site_time(client):
    # Baku is UTC+4: 20:30 UTC on the 22nd is already the 23rd.
    ArticleFactory(headline="Late on the 22nd UTC", publish_at=at(22, 20, 30))
    ArticleFactory(headline="Evening of the 22nd", publish_at=at(22, 19, 30))
    main = client.get("/en/archive/2024/04/23/").content.decode().split("</main>")[0]
    assert "Late on the 22nd UTC" in main and "Evening of the 22nd" not in main


@override_settings(NEWSLINE_PAGE_SIZE=3)
def test_listing_pages_link_to_older_stories(client):
    section = SectionFactory(slug="sport")
    for i in range(7):
        ArticleFactory(headline=f"Match {i}", section=section, publish_at=NOW - timedelta(hours=i))
    first = client.get("/en/section/sport/").content.decode()
    next_url = re.search(r'href="(\?before=[^"]+)" rel="next"', first).group(1)
    second = client.get("/en/section/sport/" + next_url.replace("&amp;", "&")).content.decode()
    assert "Match 2" in first and "Match 3" not in first.split("</main>")[0]
    assert "Match 3" in second and 'name="robots" content="noindex, follow"' in second


def test_server_error_page_needs_no_database(rf, django_assert_num_queries):
    from newsline.reader.errors import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/en/"))
    assert response.status_code == 500 and "Something went wrong" in response.content.decode()


@override_settings(NEWSLINE_FEATURED_WINDOW=3)
def test_featured_stories_are_chosen_among_the_latest(client):
    ArticleFactory(headline="Old feature", featured_rank=1, publish_at=NOW - timedelta(days=9))
    ArticleFactory(headline="Current feature", featured_rank=2, publish_at=NOW - timedelta(hours=2))
    for i in range(2):
        ArticleFactory(headline=f"Plain {i}", publish_at=NOW - timedelta(hours=1, minutes=i))
    html = client.get("/en/").content.decode()
    top = html.split('aria-label="Top stories"', 1)[1].split("</section>", 1)[0]
    assert "Current feature" in top.split("teaser--large", 1)[1].split("</article>", 1)[0]
    assert "Old feature" not in top


def test_images_come_as_avif_and_webp_renditions_with_a_focal_thumbnail(client):
    from newsline.content.images import make_renditions

    image = ImageFactory()
    make_renditions(image)
    article = ArticleFactory(lead_image=image)
    html = client.get(article.get_absolute_url()).content.decode()
    figure = html.split('<figure class="story__figure">', 1)[1].split("</figure>", 1)[0]
    assert '<source type="image/avif" srcset="' in figure and ".avif" in figure
    assert 'srcset="' in figure.split("<img", 1)[1] and ".webp" in figure.split("<img", 1)[1]
    thumb = news_line(html).split('class="newsline__thumb" src="', 1)[1].split('"', 1)[0]
    assert thumb == "/media/" + image.renditions["thumb"]["webp"]
