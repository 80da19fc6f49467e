"""Translate into …: a linked draft in another edition, carrying section, image and authors."""

import pytest

from newsline.content.models import Article
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory

pytestmark = pytest.mark.django_db


def test_translate_creates_a_linked_draft_once(client, superuser):
    original = ArticleFactory(lead_image=ImageFactory(), kind="interview")
    original.authors.add(AuthorFactory())
    page = client.get(f"/newsroom/content/article/{original.pk}/change/").content.decode()
    assert "Translate into Azərbaycanca" in page and "Translate into Русский" in page
    url = f"/newsroom/content/article/{original.pk}/translate/az/"
    response = client.post(url)
    draft = Article.objects.get(language="az")
    assert response["Location"] == f"/newsroom/content/article/{draft.pk}/change/"
    assert draft.translation_group == original.translation_group
    assert (draft.status, draft.section_id, draft.kind) == (
        "draft",
        original.section_id,
        "interview",
    )
    assert draft.lead_image_id == original.lead_image_id
    assert list(draft.authors.all()) == list(original.authors.all())
    # Asking again opens the same draft; the original now lists it.
    client.post(url)
    assert Article.objects.filter(language="az").count() == 1
    page = client.get(f"/newsroom/content/article/{original.pk}/change/").content.decode()
    assert f"/newsroom/content/article/{draft.pk}/change/" in page
    assert "Translate into Azərbaycanca" not in page


def test_translate_refuses_get_unknown_languages_and_anonymous(client, superuser):
    original = ArticleFactory()
    assert client.get(f"/newsroom/content/article/{original.pk}/translate/az/").status_code == 404
    assert client.post(f"/newsroom/content/article/{original.pk}/translate/fr/").status_code == 404
    assert client.post("/newsroom/content/article/999999/translate/az/").status_code == 404
    client.logout()
    response = client.post(f"/newsroom/content/article/{original.pk}/translate/az/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Article.objects.filter(language="az").exists()
