"""DESIGN invariant 10 in search: Azerbaijani casing and transliteration, stemming."""

import pytest

from tests.search.conftest import headlines, story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_azerbaijani_dotted_capital_i_is_found_by_a_plain_i():
    story(language="az", headline="İLHAM FESTİVALI", lead="")
    story(language="az", headline="Yeni kitab", lead="İlham haqqında bir hekayə.")
    story(language="az", headline="Başqa xəbər", lead="Heç nə.")
    assert sorted(headlines("az", "ilham")) == ["Yeni kitab", "İLHAM FESTİVALI"]
    assert sorted(headlines("az", "İLHAM")) == sorted(headlines("az", "ilham"))


def test_azerbaijani_capitals_fold_the_turkic_way():
    story(language="az", headline="VİDEO: Bakıda qar", lead="")
    story(language="az", headline="IŞIQLAR SÖNDÜ", lead="")
    assert headlines("az", "video") == ["VİDEO: Bakıda qar"]
    assert headlines("az", "ışıqlar") == ["IŞIQLAR SÖNDÜ"]


@pytest.mark.parametrize("query", ["Əliyev", "eliyev", "ƏLİYEV", "Eliyev"])
def test_azerbaijani_transliteration_matches_both_ways(query):
    story(language="az", headline="Əliyev görüş keçirdi", lead="")
    story(language="az", headline="Eliyev imza atdı", lead="")
    assert sorted(headlines("az", query)) == ["Eliyev imza atdı", "Əliyev görüş keçirdi"]


def test_russian_forms_of_a_word_find_each_other():
    story(language="ru", headline="Главная новость дня", lead="")
    story(language="ru", headline="Погода в Баку", lead="Без новостей.")
    story(language="ru", headline="Спорт", lead="Матч перенесли.")
    assert sorted(headlines("ru", "новости")) == ["Главная новость дня", "Погода в Баку"]


def test_english_stemming():
    story(language="en", headline="She runs the city", lead="")
    story(language="en", headline="A run on the banks", lead="")
    story(language="en", headline="Ran out of time", lead="")  # irregular: not a stem match
    assert sorted(headlines("en", "running")) == ["A run on the banks", "She runs the city"]


def test_words_are_matched_in_the_body_text_not_its_markup():
    story(language="en", headline="Markup", lead="", body='<p>Harbour <a href="/strong">x</a></p>')
    story(language="en", headline="Joined", lead="", body="<p>first</p><p>harbour</p>")
    assert headlines("en", "strong") == []
    assert sorted(headlines("en", "harbour")) == ["Joined", "Markup"]


def test_all_words_must_match():
    story(language="en", headline="Harbour budget approved", lead="")
    story(language="en", headline="Harbour closed", lead="")
    assert headlines("en", "harbour budget") == ["Harbour budget approved"]
