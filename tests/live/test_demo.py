"""Demo data: each edition's newest live story gets a few entries, once."""

import pytest
from django.core.management import call_command

from newsline.live.demo import seed_live_entries
from newsline.live.models import LiveEntry
from tests.live.support import LiveStoryFactory

pytestmark = pytest.mark.django_db


def test_the_newest_live_story_of_each_edition_gets_entries_once():
    en, az = LiveStoryFactory(language="en"), LiveStoryFactory(language="az")
    assert seed_live_entries(["en", "az"]) == 12
    assert seed_live_entries(["en", "az"]) == 0
    for story in (en, az):
        entries = list(story.live_entries.all())
        assert len(entries) == 6 and sum(e.is_pinned for e in entries) == 1
        assert all(story.publish_at < e.published_at for e in entries)


def test_seeding_leaves_a_live_blog_to_look_at():
    call_command("seed", articles=60, verbosity=0)
    assert LiveEntry.objects.exists()
    count = LiveEntry.objects.count()
    call_command("seed", articles=60, verbosity=0)
    assert LiveEntry.objects.count() == count
