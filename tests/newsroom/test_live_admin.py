"""The live entries page in the newsroom: post fast, fix mistakes, pin, remove, end coverage."""

import pytest
from django.test import Client

from newsline.live.models import LiveEntry
from tests.factories import ArticleFactory, ImageFactory, login, newsroom_user
from tests.live.support import LiveEntryFactory, LiveStoryFactory

pytestmark = pytest.mark.django_db


def live_url(story, suffix=""):
    return f"/newsroom/content/article/{story.pk}/live/{suffix}"


def test_the_change_page_of_a_live_story_links_to_its_entries(client):
    login(client, "editor")
    story, news = LiveStoryFactory(), ArticleFactory()
    page = client.get(f"/newsroom/content/article/{story.pk}/change/").content.decode()
    assert f'href="{live_url(story)}"' in page and "Live entries" in page
    page = client.get(f"/newsroom/content/article/{news.pk}/change/").content.decode()
    assert "Live entries" not in page
    assert client.get(live_url(news)).status_code == 404


def test_posting_returns_to_an_empty_form_focused_for_the_next_entry(client):
    editor, story = login(client, "editor"), LiveStoryFactory()
    image = ImageFactory(alt_text="Queue at a polling station")
    response = client.post(
        live_url(story),
        {"text": "Queues at the polls", "image": image.pk, "embed_url": "", "pinned": "on"},
    )
    assert response.status_code == 302 and response["Location"] == live_url(story)
    entry = LiveEntry.objects.get()
    assert (entry.body, entry.image, entry.is_pinned, entry.author) == (
        "<p>Queues at the polls</p>",
        image,
        True,
        editor,
    )
    page = client.get(live_url(story)).content.decode()
    assert "The entry is posted." in page
    assert '<textarea name="text" cols="40" rows="4" autofocus' in page
    assert "Queues at the polls</textarea>" not in page  # the form is empty again
    assert "<p>Queues at the polls</p>" in page and "Queue at a polling station" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "This field is required."),
        ({"text": "<script>alert(1)</script>"}, "Write the entry"),
        ({"text": "x" * 5001}, "5000 characters"),
        ({"text": "ok", "embed_url": "http://youtube.com/watch?v=dQw4w9WgXcQ"}, "https://"),
        ({"text": "ok", "embed_url": "https://evil.example/post"}, "can be embedded"),
        ({"text": "ok", "embed_url": "javascript:alert(1)"}, "https://"),
        ({"text": "ok", "image": "999999"}, "Select a valid choice"),
        ({"text": "ok", "image": "not-a-number"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_answered_with_form_errors(client, data, message):
    login(client, "editor")
    story = LiveStoryFactory()
    response = client.post(live_url(story), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LiveEntry.objects.exists()


def test_an_image_without_alt_text_is_refused_with_a_reason(client):
    login(client, "editor")
    story, image = LiveStoryFactory(), ImageFactory(alt_text="")
    response = client.post(live_url(story), {"text": "ok", "image": image.pk})
    assert response.status_code == 200 and "no alternative text" in response.content.decode()
    assert not LiveEntry.objects.exists()


def test_edit_pin_unpin_and_remove(client):
    login(client, "editor")
    entry = LiveEntryFactory(body="<p>Typo in teh text</p>")
    story = entry.article
    page = client.get(live_url(story, f"{entry.pk}/")).content.decode()
    assert "Typo in teh text" in page and "Save the entry" in page
    response = client.post(live_url(story, f"{entry.pk}/"), {"text": "Typo fixed in the text"})
    assert response.status_code == 302
    assert client.post(live_url(story, f"{entry.pk}/pin/")).status_code == 302
    entry.refresh_from_db()
    assert (entry.body, entry.is_pinned, entry.version) == (
        "<p>Typo fixed in the text</p>",
        True,
        3,
    )
    client.post(live_url(story, f"{entry.pk}/unpin/"))
    client.post(live_url(story, f"{entry.pk}/remove/"))
    entry.refresh_from_db()
    assert not entry.is_pinned and entry.removed_at is not None
    assert "Typo fixed" not in client.get(live_url(story)).content.decode()
    # A removed entry cannot be opened, removed again or pinned.
    assert client.get(live_url(story, f"{entry.pk}/")).status_code == 404
    response = client.post(live_url(story, f"{entry.pk}/pin/"), follow=True)
    assert "This entry was removed." in response.content.decode()


def test_steps_need_post_and_a_known_name(client):
    login(client, "editor")
    entry = LiveEntryFactory()
    story = entry.article
    assert client.get(live_url(story, f"{entry.pk}/remove/")).status_code == 404
    assert client.post(live_url(story, f"{entry.pk}/explode/")).status_code == 404
    other = LiveEntryFactory()  # an entry of another story
    assert client.post(live_url(story, f"{other.pk}/remove/")).status_code == 404
    url = f"/newsroom/content/article/{story.pk}/coverage/"
    assert client.get(url + "close/").status_code == 404
    assert client.post(url + "forever/").status_code == 404
    assert client.get(live_url(story) + "?entries=forged").status_code == 400


def test_close_and_reopen_coverage(client):
    login(client, "chief editor")
    story = LiveStoryFactory()
    url = f"/newsroom/content/article/{story.pk}/coverage/"
    page = client.post(url + "close/", follow=True).content.decode()
    assert "The live coverage has ended." in page and "Reopen coverage" in page
    story.refresh_from_db()
    assert story.coverage_ended_at is not None
    page = client.post(url + "reopen/", follow=True).content.decode()
    assert "The live coverage is running again." in page and "Close coverage" in page
    story.refresh_from_db()
    assert story.coverage_ended_at is None


@pytest.mark.parametrize(
    ("role", "may_post"),
    [("reporter", False), ("editor", True), ("chief editor", True)],
)
def test_each_role_sees_and_may_do_what_the_table_says(client, role, may_post):
    login(client, role)
    entry = LiveEntryFactory(body="<p>Existing entry</p>")
    story = entry.article
    page = client.get(live_url(story))
    assert page.status_code == 200 and "Existing entry" in page.content.decode()
    assert ('name="text"' in page.content.decode()) is may_post
    expected = 302 if may_post else 403
    assert client.post(live_url(story), {"text": "New"}).status_code == expected
    assert client.post(live_url(story, f"{entry.pk}/"), {"text": "Changed"}).status_code == expected
    assert client.post(live_url(story, f"{entry.pk}/pin/")).status_code == expected
    assert client.post(live_url(story, f"{entry.pk}/remove/")).status_code == expected
    coverage = f"/newsroom/content/article/{story.pk}/coverage/close/"
    assert client.post(coverage).status_code == expected
    story.refresh_from_db()
    assert (story.coverage_ended_at is not None) is may_post
    assert LiveEntry.objects.filter(body="<p>New</p>").exists() is may_post


def test_strangers_and_anonymous_users_are_kept_out(client):
    story = LiveStoryFactory()
    response = client.get(live_url(story))
    assert response.status_code == 302 and "/newsroom/login/" in response["Location"]
    login(client, None)  # staff, but no newsroom role
    assert client.get(live_url(story)).status_code == 403
    assert client.post(live_url(story), {"text": "x"}).status_code == 403
    assert not LiveEntry.objects.exists()


def test_posting_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(newsroom_user("editor"))
    story = LiveStoryFactory()
    assert client.post(live_url(story), {"text": "Forged"}).status_code == 403
    assert not LiveEntry.objects.exists()
