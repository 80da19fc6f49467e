"""Demo entries for live stories, so the demo shows a live blog (`newsline seed`)."""

import random
from datetime import datetime

from django.utils import timezone
from django.utils.html import escape
from faker import Faker

from newsline.content.demo_data import FAKER_LOCALES
from newsline.content.models import Article
from newsline.live.models import LiveEntry


def seed_live_entries(
    languages: list[str], *, per_story: int = 6, now: datetime | None = None
) -> int:
    """Give each edition's newest live story a few entries if it has none; return how many."""
    now = now or timezone.now()
    rng = random.Random("newsline-live")
    created = []
    for language in languages:
        story = (
            Article.objects.visible(now).edition(language).filter(kind=Article.Kind.LIVE)
            .newest_first().only("id", "publish_at").first()
        )  # fmt: skip
        if story is None or story.live_entries.exists():
            continue
        fake = Faker(FAKER_LOCALES.get(language, "en_US"))
        fake.seed_instance(rng.random())
        span = now - story.publish_at
        created += [
            LiveEntry(
                article=story,
                body=f"<p>{escape(fake.paragraph(nb_sentences=rng.randint(1, 3)))}</p>",
                published_at=story.publish_at + span * (n + 1) / (per_story + 1),
                is_pinned=n == 0,
            )
            for n in range(per_story)
        ]
    LiveEntry.objects.bulk_create(created)
    return len(created)
