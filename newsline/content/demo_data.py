"""Realistic demo content in every edition, fast enough for 1,000,000 stories.

Text comes from Faker's en_US, az_AZ and ru_RU providers; headlines, sentences and sanitized
paragraphs are drawn from pools made once per run, so seeding costs inserts, not text
generation. PostgreSQL is filled with COPY (ids reserved from the sequence first, so a story
created afterwards gets a fresh id); other databases with bulk inserts.
"""

import io
import itertools
import random
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import connection, transaction
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
COPY_BATCH = 10000  # articles per transaction on PostgreSQL


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
    """Headlines, sentences and paragraphs of one language, made once and drawn from quickly."""

    def __init__(self, language: str, rng: random.Random, size: int = 1500):
        fake = Faker(FAKER_LOCALES[language])
        fake.seed_instance(rng.random())
        self.rng = rng
        self.sentences = [fake.sentence(nb_words=rng.randint(8, 16)) for _ in range(size)]
        headlines = [fake.sentence(nb_words=rng.randint(5, 10)).rstrip(".") for _ in range(size)]
        # (headline, slug) pairs: slugifying a million headlines would cost more than the rest.
        self.headlines = [(headline, slugify(headline)) for headline in headlines]
        # Paragraphs are sanitized here, once; a body is a few of them, so it is sanitized too.
        self.paragraphs = [
            sanitize_html(
                f"<p>{escape(' '.join(rng.sample(self.sentences, rng.randint(2, 4))))}</p>"
            )
            for _ in range(size * 2)
        ]

    def headline(self) -> tuple[str, str]:
        return self.rng.choice(self.headlines)

    def lead(self) -> str:
        return " ".join(self.rng.sample(self.sentences, 2))

    def body(self) -> str:
        return "".join(self.rng.sample(self.paragraphs, self.rng.randint(3, 6)))


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
    # Larger archives draw from larger pools, so headlines repeat about as often as at 100,000.
    size = max(1500, min(20000, missing // (50 * len(languages))))
    pools = {language: TextPool(language, rng, size) for language in languages}
    copy = connection.vendor == "postgresql"
    insert = _copy_articles if copy else _create_articles
    batch_size = COPY_BATCH if copy else BATCH
    created = 0
    stories = _stories(rng, missing, languages, now)
    while created < missing:
        rows = []
        for _ in range(min(batch_size, missing - created)):
            language, group, publish_at, status = next(stories)
            rows.append(
                _article(
                    rng, pools[language], language, group, publish_at, status, sections, images
                )
            )
        links = _links(rng, rows, tags, authors)
        with transaction.atomic():
            insert(rows, links, now)
        created += len(rows)
        if progress:
            progress(len(rows))
    return created


def _stories(rng: random.Random, count: int, languages: list[str], now: datetime) -> Iterator:
    """Yield (language, translation group, publish_at, status) for `count` articles."""
    span = timedelta(days=730).total_seconds()
    scheduled = min(6, max(1, count // 500))
    for made in itertools.count():  # stories, each in one or more editions
        group = uuid.UUID(int=rng.getrandbits(128), version=4)
        if made < scheduled:  # a few stories scheduled for the next hours
            publish_at, status = now + timedelta(minutes=rng.randint(20, 360)), "published"
        elif made < scheduled * 2:  # and a few still in the newsroom
            publish_at, status = None, rng.choice(["draft", "review"])
        else:
            publish_at, status = now - timedelta(seconds=rng.random() * span), "published"
        versions = rng.sample(languages, rng.choice([1, 1, 2, len(languages)]))
        for language in versions:
            jitter = timedelta(minutes=rng.randint(0, 40)) if publish_at else timedelta()
            yield language, group, publish_at and publish_at + jitter, status


def _article(rng, pool, language, group, publish_at, status, sections, images) -> dict:
    """One article's field values by attribute name (section_id, not section)."""
    headline, slug = pool.headline()
    image = rng.choice(images) if rng.random() < 0.7 else None
    return {
        "language": language,
        "translation_group": group,
        "headline": headline,
        "slug": slug,
        "lead": pool.lead(),
        "body": pool.body(),
        "section_id": rng.choice(sections).id,
        "kind": rng.choice(KINDS),
        "lead_image_id": image and image.id,
        "status": status,
        "publish_at": publish_at,
        "first_published_at": publish_at if status == "published" else None,
        "is_breaking": False,
        "featured_rank": rng.randint(1, 6) if rng.random() < 0.02 else None,
    }


def _links(rng, rows, tags, authors) -> list[tuple[list[int], int]]:
    """Each row's tag ids and author id."""
    return [
        ([t.id for t in rng.sample(tags[row["language"]], rng.randint(0, 3))],
         rng.choice(authors).id)
        for row in rows
    ]  # fmt: skip


def _create_articles(rows, links, now) -> None:
    articles = Article.objects.bulk_create(Article(**row) for row in rows)
    Article.tags.through.objects.bulk_create(
        Article.tags.through(article_id=a.id, tag_id=tag_id)
        for a, (tag_ids, _author) in zip(articles, links, strict=True)
        for tag_id in tag_ids
    )
    Article.authors.through.objects.bulk_create(
        Article.authors.through(article_id=a.id, author_id=author_id)
        for a, (_tags, author_id) in zip(articles, links, strict=True)
    )


def _copy_articles(rows, links, now) -> None:
    """Write articles and their tag and author rows with COPY (PostgreSQL).

    bulk_create sends one INSERT of every value per batch, which PostgreSQL parses and plans;
    COPY streams the rows: 1,000,000 stories in minutes rather than most of an hour.
    """
    fields = [f for f in Article._meta.concrete_fields if not f.primary_key]
    # Fields the seed does not set take their default, as Model.save would give them.
    defaults = {
        f.attname: now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
    }  # fmt: skip
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        # Reserve a block of ids from the table's own sequence, so the sequence stays ahead
        # of every row written here and the next story saved the usual way gets a fresh id.
        cursor.execute(
            "SELECT setval(seq, nextval(seq) + %s - 1) FROM pg_get_serial_sequence(%s, 'id') seq",
            [len(rows), table],
        )
        first = cursor.fetchone()[0] - len(rows) + 1
        ids = range(first, first + len(rows))
        names = [f.attname for f in fields]
        with cursor.copy(f"COPY {table} (id, {columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row((pk, *[row.get(name, defaults[name]) for name in names]))
        tags_table = Article.tags.through._meta.db_table
        with cursor.copy(f"COPY {tags_table} (article_id, tag_id) FROM STDIN") as copy:
            for pk, (tag_ids, _author) in zip(ids, links, strict=True):
                for tag_id in tag_ids:
                    copy.write_row((pk, tag_id))
        authors_table = Article.authors.through._meta.db_table
        with cursor.copy(f"COPY {authors_table} (article_id, author_id) FROM STDIN") as copy:
            for pk, (_tags, author_id) in zip(ids, links, strict=True):
                copy.write_row((pk, author_id))
