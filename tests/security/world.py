"""One hostile newsroom: every XSS vector written into every field a person can type.

Stories are written through the JSON API (which calls the editing and workflow services),
live entries through the newsroom's live blog form; sections, tags, authors and images,
which have no service, are stored as the newsroom's forms would store them.
"""

from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.test import Client

from newsline.content.models import Author, Image, Section, Tag
from newsline.search.services import index_articles
from tests.api.conftest import bearer, issue_token
from tests.factories import newsroom_user, png_bytes
from tests.live.support import run_worker
from tests.security.vectors import VECTORS, batches, storable

# Headlines hold 300 characters, alternative text 250: a batch's text fits both.
BATCH_LIMIT = 240
# A word in every headline, so one search lists every story with its highlighted snippet.
MARK = "Zebra"


@dataclass
class World:
    articles: list[int] = field(default_factory=list)
    live_story: int = 0
    sections: list[Section] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    authors: list[Author] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    refused_entries: list[str] = field(default_factory=list)
    api_problems: list[str] = field(default_factory=list)


def _text(batch: list[str]) -> str:
    return storable(" ".join(batch))


def build_world(*, with_live: bool = True) -> World:
    world = World()
    stored = [storable(v) for v in VECTORS]
    world.sections = Section.objects.bulk_create(
        Section(slug=f"x-s{i}", name_en=v, name_az=v, name_ru=v, order=i)
        for i, v in enumerate(stored)
    )
    world.tags = Tag.objects.bulk_create(
        Tag(language="en", name=v, slug=f"x-t{i}") for i, v in enumerate(stored)
    )
    world.authors = Author.objects.bulk_create(
        Author(display_name=v, slug=f"x-a{i}", bio=v) for i, v in enumerate(stored)
    )
    editor = newsroom_user("editor")
    _, raw = issue_token(editor, "write")
    api, position = Client(), 0
    for number, batch in enumerate(batches(VECTORS, BATCH_LIMIT)):
        text = _text(batch)
        image = Image.objects.create(
            file=ContentFile(png_bytes(), name="x.png"), alt_text=text, caption=text,
            credit=text[:120],
        )  # fmt: skip
        world.images.append(image)
        members = range(position, position + len(batch))
        position += len(batch)
        payload = {
            "language": "en",
            "headline": f"{MARK} {text}",
            "slug": text[:90],
            "lead": f"{MARK} {text}",
            "body": "".join(f"<p>{storable(v)}</p>{storable(v)}" for v in batch),
            "section_id": world.sections[members[0]].pk,
            "tags": [world.tags[i].pk for i in members],
            "authors": [world.authors[i].pk for i in members],
            "lead_image_id": image.pk,
            "kind": "live" if with_live and number == 0 else "news",
        }
        pk = _write(api, raw, "/api/v1/articles", payload, 201, world)
        _write(api, raw, f"/api/v1/articles/{pk}/publish", None, 200, world)
        world.articles.append(pk)
    if with_live:
        world.live_story = world.articles[0]
        _post_entries(world, editor)
    run_worker()  # publish effects and live entry events
    index_articles(ids=world.articles)  # as the on-commit handler would after the request
    return world


def _write(api, raw, path, payload, status, world) -> int:
    response = api.post(path, payload or {}, content_type="application/json", **bearer(raw))
    assert response.status_code == status, response.content
    body = response.json()["article"]["body"]
    from tests.security.markup import script_problems

    world.api_problems += [f"{path} body: {p}" for p in script_problems(body)]
    return response.json()["article"]["id"]


def _post_entries(world: World, editor) -> None:
    """Each batch as one entry, typed into the newsroom's live blog form."""
    newsroom = Client()
    newsroom.force_login(editor)
    url = f"/newsroom/content/article/{world.live_story}/live/"
    for batch in batches(VECTORS, BATCH_LIMIT):
        response = newsroom.post(url, {"text": "\n\n".join(storable(v) for v in batch)})
        if response.status_code != 302:  # refused by the form (nothing left to show)
            assert response.status_code == 200
            world.refused_entries.append(" ".join(batch))
