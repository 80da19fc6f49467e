"""A live story's page is valid HTML with every kind of entry, open or closed, any page."""

from pathlib import Path

import pytest

from newsline.content.images import make_renditions
from newsline.content.workflow import close_coverage
from tests.factories import ImageFactory, newsroom_user
from tests.live.support import LiveEntryFactory, LiveStoryFactory, entries
from tests.reader.test_markup import vnu_messages


@pytest.mark.django_db
def test_live_story_pages_are_valid_html(client, tmp_path):
    story, closed = LiveStoryFactory(), LiveStoryFactory()
    entries(story, 25)
    image = ImageFactory(caption="Queues", credit="Staff")
    make_renditions(image)
    LiveEntryFactory(article=story, is_pinned=True, image=image, body="<p><b>Pinned</b></p>")
    LiveEntryFactory(article=story, embed_url="https://youtu.be/dQw4w9WgXcQ")
    LiveEntryFactory(article=story, embed_url="https://t.me/channel/42")
    close_coverage(article_id=closed.pk, user=newsroom_user("editor"))
    first = client.get(story.get_absolute_url())
    cursor = first.context["live"].next_cursor
    pages = {
        "live": first,
        "live-older": client.get(story.get_absolute_url(), {"entries": cursor}),
        "live-closed-empty": client.get(closed.get_absolute_url()),
    }
    files = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    errors = [m for m in vnu_messages(files) if m.get("type") in {"error", "non-document-error"}]
    report = "\n".join(
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']}" for m in errors
    )
    assert not errors, report
