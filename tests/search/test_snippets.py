"""Snippets and highlighted headlines: the match in <mark>, everything else escaped."""

import pytest

from newsline.search.services import search_articles
from newsline.search.snippets import highlight
from tests.search.conftest import story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def only_hit(language: str, query: str):
    (hit,) = search_articles(language, query).items
    return hit


def test_the_snippet_marks_the_match_in_the_lead():
    story(headline="Council", lead="The harbour budget was approved.")
    hit = only_hit("en", "harbour")
    assert hit.snippet == "The <mark>harbour</mark> budget was approved."
    assert hit.headline_html == "Council"


def test_the_snippet_comes_from_the_body_around_the_match():
    words = " ".join(f"word{i}" for i in range(100))
    story(headline="Council", lead="Nothing here.", body=f"<p>{words} harbour {words}</p>")
    snippet = only_hit("en", "harbour").snippet
    assert snippet.startswith("…word94 ") and snippet.endswith("…")
    assert "<mark>harbour</mark>" in snippet and snippet.count(" ") < 35


def test_a_headline_only_match_shows_the_lead():
    story(headline="Harbour plan", lead="Members talked.")
    hit = only_hit("en", "harbour")
    assert hit.headline_html == "<mark>Harbour</mark> plan"
    assert hit.snippet == "Members talked."


def test_markup_in_stories_comes_back_escaped():
    story(
        headline="<b>Harbour</b> & co",
        lead="",
        body="<p>&lt;script&gt;alert(1)&lt;/script&gt; harbour &amp; more</p>",
    )
    hit = only_hit("en", "harbour")
    assert hit.headline_html == "&lt;b&gt;<mark>Harbour</mark>&lt;/b&gt; &amp; co"
    assert hit.snippet == ("&lt;script&gt;alert(1)&lt;/script&gt; <mark>harbour</mark> &amp; more")
    assert "<script>" not in hit.snippet and "<b>" not in hit.headline_html


def test_highlighting_follows_the_edition_rules():
    story(language="az", headline="İLHAM və Əliyev", lead="")
    assert only_hit("az", "ilham eliyev").headline_html == (
        "<mark>İLHAM</mark> və <mark>Əliyev</mark>"
    )
    story(language="ru", headline="Новость дня", lead="")
    assert only_hit("ru", "новости").headline_html == "<mark>Новость</mark> дня"


def test_highlight_without_a_match_is_none():
    assert highlight("Nothing to see", frozenset({"harbour"}), "en") is None
