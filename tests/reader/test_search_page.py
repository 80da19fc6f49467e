"""The search page: ranked, highlighted results of one edition, and clear errors."""

import pytest

from newsline.search.services import index_articles
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def results(html: str) -> str:
    return (
        html.split('id="results-title"', 1)[1].split("</section>", 1)[0]
        if "results-title" in html
        else ""
    )


def test_search_finds_highlights_and_filters(client):
    sport = SectionFactory(slug="sport")
    match = ArticleFactory(language="az", headline="İLHAM Əliyev stadionda", section=sport)
    other = ArticleFactory(language="az", headline="Başqa xəbər", lead="İlham haqqında")
    ArticleFactory(language="en", headline="Ilham in English")
    index_articles(ids=[match.pk, other.pk])
    html = client.get("/az/search/", {"q": "ilham"}).content.decode()
    found = results(html)
    assert found.index("stadionda") < found.index("Başqa xəbər")  # headline above lead
    assert "<mark>" in found and "Ilham in English" not in found
    only_sport = results(
        client.get("/az/search/", {"q": "ilham", "section": "sport"}).content.decode()
    )
    assert "stadionda" in only_sport and "Başqa xəbər" not in only_sport


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": '"unbalanced'},
        {"q": "NEAR(a b) OR * - :"},
        {"q": '") OR 1=1 --'},
        {"q": "x" * 10_000},
        {"q": "a\x00b\x07"},
        {"q": "!!!"},
    ],
)
def test_any_query_gives_a_page_never_an_error(client, params):
    response = client.get("/en/search/", params)
    assert response.status_code in (200, 400)
    assert "Search" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x", "date_from": "2024-02-30"},
        {"q": "x", "kind": "nonsense"},
        {"q": "x", "date_from": "2024-05-01", "date_to": "2024-04-01"},
        {"q": "x", "after": "tampered"},
    ],
)
def test_bad_filters_are_400_with_a_message(client, params):
    response = client.get("/en/search/", params)
    assert response.status_code == 400
