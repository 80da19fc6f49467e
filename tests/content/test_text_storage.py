"""Headlines in any script are stored and read back exactly (in NFC), on either database."""

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from newsline.content.models import Article
from newsline.content.services import prepare_article
from newsline.text import normalize
from tests.factories import SectionFactory

headlines = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=120
)


class HeadlineRoundTrip(TestCase):
    @settings(max_examples=40, deadline=None)
    @given(headline=headlines)
    def test_any_headline_round_trips_in_nfc(self, headline):
        article = Article(language="az", headline=headline, section=SectionFactory(slug="s"))
        prepare_article(article)
        article.save()
        stored = Article.objects.get(pk=article.pk)
        assert stored.headline == normalize(headline).strip()
        assert stored.slug.isascii()

    def test_azerbaijani_cyrillic_and_emoji(self):
        text = "İlham Əliyev: şəhər ğ ı — Москва, ёлка 🎉👩🏽‍💻"
        article = prepare_article(Article(language="az", headline=text, section=SectionFactory()))
        article.save()
        assert Article.objects.get(pk=article.pk).headline == text
