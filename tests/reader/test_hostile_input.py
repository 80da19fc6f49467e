"""No reader address, query string or header a visitor can send produces a server error."""

import pytest

from tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db

HOSTILE = ["%00", "%ff%fe", "'\"<script>", "../../etc/passwd", "a" * 3000, "%E2%80%AE", "NEAR*"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_in_every_reader_address_are_answered_without_an_error(client, value):
    article = ArticleFactory()
    SectionFactory(slug="sport")
    TagFactory(slug="oil")
    paths = [
        f"/en/?before={value}",
        f"/en/archive/?before={value}",
        f"/en/section/sport/?before={value}",
        f"/en/section/{value}/",
        f"/en/tag/{value}/",
        f"/en/author/{value}/",
        f"/en/{article.pk}-{value}/",
        f"/en/search/?q={value}&section={value}&kind={value}&date_from={value}&after={value}",
        f"/en/preview/{value}/",
        f"/en/feed/rss/?{value}",
        f"/sitemap-{value}.xml",
        f"/api/v1/articles?cursor={value}",
        f"/{value}/",
    ]
    for path in paths:
        response = client.get(path, headers={"accept-language": value, "if-none-match": value})
        assert response.status_code < 500, path
