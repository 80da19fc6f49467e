"""Realistic demo content in every edition, fast enough for 100,000 stories.

Text comes from Faker's en_US, az_AZ and ru_RU providers; sentences are drawn from a
pool made once per run, so seeding costs bulk inserts, not text generation.
"""

import io
import random
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from faker import Faker
from PIL import Image as PILImage
from PIL import ImageDraw

from newsline.content.images import make_renditions
from newsline.content.models import Article, Author, Image, Section, Tag
from newsline.content.sanitize import sanitize_html
from newsline.text import slugify

FAKER_LOCALES = {"en": "en_US", "az": "az_AZ", "ru": "ru_RU"}
SECTIONS = [
    ("politics", "Politics", "Siyasət", "Политика"),
    ("economy", "Economy", "İqtisadiyyat", "Экономика"),
    ("world", "World", "Dünya", "В мире"),
    ("society", "Society", "Cəmiyyət", "Общество"),
    ("sport", "Sport", "İdman", "Спорт"),
    ("culture", "Culture", "Mədəniyyət", "Культура"),
    ("science", "Science and technology", "Elm və texnologiya", "Наука и технологии"),
    ("opinion", "Opinion", "Rəy", "Мнения"),
]
KINDS = ["news"] * 12 + ["video"] * 2 + ["interview", "live", "opinion", "photo"]
IMAGE_COUNT = 24
BATCH = 2000


def ensure_sections() -> list[Section]:
    for order, (slug, en, az, ru) in enumerate(SECTIONS):
        Section.objects.get_or_create(
            slug=slug, defaults={"name_en": en, "name_az": az, "name_ru": ru, "order": order}
        )
    return list(Section.objects.all())


def ensure_authors(rng: random.Random, count: int = 24) -> list[Author]:
    existing = list(Author.objects.all())
    fakers = list(FAKER_LOCALES.values())
    for i in range(len(existing), count):
        fake = Faker(fakers[i % 3])
        fake.seed_instance(rng.random())
        name = fake.name()
        existing.append(
            Author.objects.create(
                display_name=name, slug=f"{slugify(name)}-{i + 1}", bio=fake.sentence(12)
            )
        )
    return existing


def ensure_tags(rng: random.Random, languages: list[str], per_language: int = 40) -> dict:
    tags = {}
    for language in languages:
        fake = Faker(FAKER_LOCALES[language])
        fake.seed_instance(rng.random())
        have = list(Tag.objects.filter(language=language))
        words = {t.slug for t in have}
        while len(have) < per_language:
            word = fake.word().capitalize()
            if slugify(word) and slugify(word) not in words:
                words.add(slugify(word))
                have.append(Tag.objects.create(language=language, name=word, slug=slugify(word)))
        tags[language] = have
    return tags


def ensure_images(rng: random.Random) -> list[Image]:
    images = list(Image.objects.filter(credit="Newsline demo"))
    for i in range(len(images), IMAGE_COUNT):
        image = Image(alt_text=f"Abstract illustration {i + 1}", caption="", credit="Newsline demo")
        image.file.save(f"demo-{i + 1}.jpg", ContentFile(_picture(rng)), save=True)
        make_renditions(image)
        images.append(image)
    return images


def _picture(rng: random.Random) -> bytes:
    """A 1200×800 abstract picture: a two-colour gradient with a few shapes."""
    a, b = (tuple(rng.randrange(256) for _ in range(3)) for _ in range(2))
    gradient = PILImage.linear_gradient("L").resize((1200, 800))
    picture = PILImage.composite(
        PILImage.new("RGB", (1200, 800), a), PILImage.new("RGB", (1200, 800), b), gradient
    )
    draw = ImageDraw.Draw(picture)
    for _ in range(6):
        x, y, r = rng.randrange(1200), rng.randrange(800), rng.randrange(40, 260)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=82)
    return out.getvalue()


class TextPool:
    """Sentences of one language, made once and drawn from quickly."""

    def __init__(self, language: str, rng: random.Random, size: int = 1500):
        fake = Faker(FAKER_LOCALES[language])
        fake.seed_instance(rng.random())
        self.rng = rng
        self.sentences = [fake.sentence(nb_words=rng.randint(8, 16)) for _ in range(size)]
        self.headlines = [
            fake.sentence(nb_words=rng.randint(5, 10)).rstrip(".") for _ in range(size)
        ]

    def headline(self) -> str:
        return self.rng.choice(self.headlines)

    def lead(self) -> str:
        return " ".join(self.rng.sample(self.sentences, 2))

    def body(self) -> str:
        paragraphs = (
            " ".join(self.rng.sample(self.sentences, self.rng.randint(2, 4)))
            for _ in range(self.rng.randint(3, 6))
        )
        return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def seed_articles(
    total: int, *, languages: list[str], progress=None, now: datetime | None = None
) -> int:
    """Top the archive up to `total` articles; return how many were created."""
    now = now or timezone.now()
    missing = total - Article.objects.count()
    if missing <= 0:
        return 0
    rng = random.Random(f"newsline-{missing}-{total}")
    sections = ensure_sections()
    authors = ensure_authors(rng)
    tags = ensure_tags(rng, languages)
    images = ensure_images(rng)
    pools = {language: TextPool(language, rng) for language in languages}
    created = 0
    stories = _stories(rng, missing, languages, now)
    while created < missing:
        batch = []
        for _ in range(min(BATCH, missing - created)):
            language, group, publish_at, status = next(stories)
            batch.append(
                _article(
                    rng, pools[language], language, group, publish_at, status, sections, images
                )
            )
        with transaction.atomic():
            Article.objects.bulk_create(batch)
            _link(rng, batch, tags, authors)
        created += len(batch)
        if progress:
            progress(len(batch))
    return created


def _stories(rng: random.Random, count: int, languages: list[str], now: datetime) -> Iterator:
    """Yield (language, translation group, publish_at, status) for `count` articles."""
    span = timedelta(days=730).total_seconds()
    scheduled = min(6, max(1, count // 500))
    made = 0
    while True:
        group = uuid.uuid4()
        if made < scheduled:  # a few stories scheduled for the next hours
            publish_at, status = now + timedelta(minutes=rng.randint(20, 360)), "published"
        elif made < scheduled * 2:  # and a few still in the newsroom
            publish_at, status = None, rng.choice(["draft", "review"])
        else:
            publish_at, status = now - timedelta(seconds=rng.random() * span), "published"
        versions = rng.sample(languages, rng.choice([1, 1, 2, len(languages)]))
        for language in versions:
            made += 1
            jitter = timedelta(minutes=rng.randint(0, 40)) if publish_at else timedelta()
            yield language, group, publish_at and publish_at + jitter, status


def _article(rng, pool, language, group, publish_at, status, sections, images) -> Article:
    headline = pool.headline()
    return Article(
        language=language,
        translation_group=group,
        headline=headline,
        slug=slugify(headline),
        lead=pool.lead(),
        body=sanitize_html(pool.body()),
        section=rng.choice(sections),
        kind=rng.choice(KINDS),
        lead_image=rng.choice(images) if rng.random() < 0.7 else None,
        status=status,
        publish_at=publish_at,
        first_published_at=publish_at if status == "published" else None,
        is_breaking=False,
        featured_rank=rng.randint(1, 6) if rng.random() < 0.02 else None,
    )


def _link(rng, articles, tags, authors) -> None:
    ArticleTag = Article.tags.through
    ArticleAuthor = Article.authors.through
    ArticleTag.objects.bulk_create(
        ArticleTag(article_id=a.id, tag_id=t.id)
        for a in articles
        for t in rng.sample(tags[a.language], rng.randint(0, 3))
    )
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article_id=a.id, author_id=rng.choice(authors).id) for a in articles
    )
