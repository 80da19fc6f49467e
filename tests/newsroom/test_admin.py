"""The newsroom's first cut: the admin edits content and sanitizes what it stores."""

import pytest

from newsline.content.models import Article
from newsline.search.services import index_articles
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_a_new_article_is_a_sanitized_draft_with_a_transliterated_slug(client, superuser):
    section = SectionFactory()
    response = client.post(
        "/newsroom/content/article/add/",
        {
            "language": "az",
            "headline": "Əliyev şəhər",
            "slug": "",
            "lead": "Qısa",
            "body": '<p onclick="x()">Mətn<script>alert(1)</script></p>',
            "section": section.pk,
            "kind": "news",
            "translation_group": "6f1c2a8e-5d4b-4f3e-9a1b-2c3d4e5f6a7b",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.body == "<p>Mətn</p>"
    assert article.slug == "eliyev-seher"
    assert (article.status, article.created_by, article.version) == ("draft", superuser, 1)
    assert str(article.translation_group) == "6f1c2a8e-5d4b-4f3e-9a1b-2c3d4e5f6a7b"
    assert article.revisions.count() == 1


def test_article_list_filters_and_search(client, superuser):
    findable = ArticleFactory(headline="Findable headline", language="ru")
    other = ArticleFactory(headline="Other")
    index_articles(ids=[findable.id, other.id])  # as the on-commit handler does
    html = client.get("/newsroom/content/article/", {"q": "Findable"}).content.decode()
    assert "Findable headline" in html and ">Other<" not in html
    html = client.get("/newsroom/content/article/", {"language__exact": "ru"}).content.decode()
    assert "Findable headline" in html


def test_newsroom_requires_a_login(client):
    response = client.get("/newsroom/content/article/")
    assert response.status_code == 302 and "/newsroom/login/" in response["Location"]
