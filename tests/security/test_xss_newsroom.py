"""The newsroom shows hostile text as text: lists, change forms, history, live entries, audit."""

import pytest

from newsline.newsroom.models import AuditEntry
from tests.factories import login
from tests.security.markup import script_problems
from tests.security.vectors import VECTORS, storable
from tests.security.world import MARK, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _roomy_api(settings):
    settings.NEWSLINE_API_RATE_WRITES_PER_MINUTE = 10_000


def test_newsroom_pages_run_no_script_from_any_field(client):
    world = build_world()
    login(client, "chief editor")
    paths = ["/newsroom/", "/newsroom/content/article/", f"/newsroom/content/article/?q={MARK}"]
    for pk in world.articles:
        paths += [f"/newsroom/content/article/{pk}/change/",
                  f"/newsroom/content/article/{pk}/history/"]  # fmt: skip
    paths.append(f"/newsroom/content/article/{world.live_story}/live/")
    for model in ("section", "tag", "author", "image"):
        paths += [f"/newsroom/content/{model}/", f"/newsroom/content/{model}/?p=2"]
    paths += [f"/newsroom/content/image/{image.pk}/change/" for image in world.images]
    # Change forms of the taxonomy put names and biographies in inputs and textareas.
    for items, model in ((world.sections, "section"), (world.tags, "tag"),
                         (world.authors, "author")):  # fmt: skip
        paths += [f"/newsroom/content/{model}/{item.pk}/change/" for item in items[::3]]
    assert AuditEntry.objects.exists()
    paths.append("/newsroom/newsroom/auditentry/")
    problems = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        problems += [f"{path}: {p}" for p in script_problems(response.content.decode())]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_autocomplete_answers_are_json(client):
    from tests.factories import AuthorFactory, ImageFactory, TagFactory

    for number, vector in enumerate(VECTORS[:20]):
        TagFactory(name=storable(vector), slug=f"x-t{number}")
        AuthorFactory(display_name=storable(vector), slug=f"x-a{number}")
        ImageFactory(alt_text=storable(vector))
    login(client, "editor")
    for field, term in (("tags", "script"), ("authors", "alert"), ("lead_image", "src")):
        response = client.get(
            "/newsroom/autocomplete/",
            {"app_label": "content", "model_name": "article", "field_name": field, "term": term},
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response.json()["results"], field
