"""A reader switches a story between editions and searches in Azerbaijani."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import ArticleFactory, SectionFactory


def test_switch_a_story_to_azerbaijani_and_back_then_search(page, page_problems):
    section = SectionFactory(slug="politics", name_en="Politics", name_az="Siyasət")
    now = timezone.now()
    english = ArticleFactory(
        headline="Ilham Aliyev opens the new bridge", section=section,
        publish_at=now - timedelta(minutes=5),
    )  # fmt: skip
    azerbaijani = ArticleFactory(
        language="az", headline="İLHAM ƏLİYEV yeni körpünü açdı", section=section,
        translation_group=english.translation_group, publish_at=now - timedelta(minutes=4),
    )  # fmt: skip
    ArticleFactory(language="az", headline="Başqa xəbər", section=section)

    page.goto(english.get_absolute_url())
    page.locator('.editions a[hreflang="az"]').click()
    expect(page).to_have_url(re.compile(re.escape(azerbaijani.get_absolute_url()) + "$"))
    expect(page.locator("h1")).to_have_text("İLHAM ƏLİYEV yeni körpünü açdı")
    expect(page.locator("html")).to_have_attribute("lang", "az")

    page.locator('.editions a[hreflang="en"]').click()
    expect(page.locator("h1")).to_have_text("Ilham Aliyev opens the new bridge")

    page.goto("/az/search/")
    page.get_by_label("Axtarılan söz").fill("ilham əliyev")
    page.get_by_role("button", name="Axtarış").click()
    results = page.locator(".search-results li")
    expect(results).to_have_count(1)
    expect(results.first.locator("mark").first).to_have_text("İLHAM")
    results.first.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("İLHAM ƏLİYEV yeni körpünü açdı")
    assert page_problems == []
