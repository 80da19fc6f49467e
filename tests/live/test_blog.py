"""Live blog entries: the services write them, the outbox turns each change into one event."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django_tasks_db.models import DBTaskResult

from newsline.content.models import OutboxReceipt
from newsline.content.outbox import run_effects
from newsline.content.workflow import publish_article
from newsline.live import blog
from newsline.live.models import Event, LiveEntry
from newsline.newsroom.models import AuditEntry
from tests.factories import ArticleFactory, ImageFactory, newsroom_user
from tests.live.support import LiveEntryFactory, LiveStoryFactory, run_worker

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 4, 23, 21, 0, tzinfo=UTC)  # 01:00 on 24 April in Baku


def entry_events() -> list[dict]:
    return [event.data for event in Event.objects.filter(kind="entry").order_by("id")]


def test_a_posted_entry_reaches_open_pages_as_its_rendered_markup():
    editor = newsroom_user("editor")
    with time_machine.travel(NOW, tick=False):
        story = LiveStoryFactory()
        entry = blog.add_entry(article_id=story.pk, user=editor, text="The polls have closed.")
        run_worker()
    assert (entry.version, entry.author, entry.published_at) == (1, editor, NOW)
    [event] = Event.objects.filter(kind="entry")
    assert (event.edition, event.article_id) == ("en", story.pk)
    assert event.data["article"] == story.pk and event.data["id"] == entry.pk
    assert event.data["pinned"] is False
    html = event.data["html"]
    assert html.startswith(f'<li class="liveblog__item" data-entry="{entry.pk}">')
    assert (
        f'<article class="liveblog__entry" id="entry-{entry.pk}" data-entry="{entry.pk}">' in html
    )
    # Shown as HH:MM in the site's time zone, with the exact moment for machines.
    assert '<time datetime="2024-04-24T01:00:00+0400"' in html and ">01:00</time>" in html
    assert "<p>The polls have closed.</p>" in html
    assert AuditEntry.objects.filter(action="entry posted", article=story).exists()


def test_an_edit_a_pin_and_a_removal_each_send_one_event():
    editor, story = newsroom_user("editor"), LiveStoryFactory()
    entry = blog.add_entry(article_id=story.pk, user=editor, text="First count: 40%")
    blog.edit_entry(entry_id=entry.pk, user=editor, text="First count: 45%")
    blog.pin_entry(entry_id=entry.pk, user=editor, pinned=True)
    blog.pin_entry(entry_id=entry.pk, user=editor, pinned=True)  # already pinned: no change
    blog.remove_entry(entry_id=entry.pk, user=editor)
    run_worker()
    events = entry_events()
    assert [e["id"] for e in events] == [entry.pk] * 4
    # Each task renders the entry as it is when the task runs: the latest state.
    assert [e["html"] for e in events] == [""] * 4
    entry.refresh_from_db()
    assert entry.version == 4 and entry.removed_at is not None
    assert DBTaskResult.objects.count() == 4


def test_each_event_shows_the_entry_as_the_change_left_it():
    editor, story = newsroom_user("editor"), LiveStoryFactory()
    entry = blog.add_entry(article_id=story.pk, user=editor, text="First count: 40%")
    run_worker()
    blog.edit_entry(entry_id=entry.pk, user=editor, text="First count: 45%")
    run_worker()
    blog.pin_entry(entry_id=entry.pk, user=editor, pinned=True)
    run_worker()
    blog.remove_entry(entry_id=entry.pk, user=editor)
    run_worker()
    added, edited, pinned, removed = entry_events()
    assert "40%" in added["html"] and "45%" in edited["html"]
    assert pinned["pinned"] is True and "liveblog__entry--pinned" in pinned["html"]
    assert removed == {"article": story.pk, "id": entry.pk, "html": "", "pinned": False}


def test_a_repeated_task_sends_its_event_once():
    editor, story = newsroom_user("editor"), LiveStoryFactory()
    entry = blog.add_entry(article_id=story.pk, user=editor, text="Once")
    task = DBTaskResult.objects.get()
    kwargs = task.args_kwargs["kwargs"]
    assert kwargs["key"] == f"entry:{story.pk}:entry:{entry.pk}:1"
    assert run_effects.call(**kwargs) is True
    assert run_effects.call(**kwargs) is False
    assert len(entry_events()) == 1 and OutboxReceipt.objects.count() == 1


def test_script_and_handlers_in_entry_text_are_neutralised():
    editor, story = newsroom_user("editor"), LiveStoryFactory()
    entry = blog.add_entry(
        article_id=story.pk,
        user=editor,
        text='<img src=x onerror="alert(1)"><script>alert(2)</script><b onclick="x()">Vote</b> '
        '<a href="javascript:alert(3)">here</a>',
    )
    assert "<script" not in entry.body and "onerror" not in entry.body
    assert "onclick" not in entry.body and "javascript:" not in entry.body
    assert "<b>Vote</b>" in entry.body


def test_plain_text_keeps_its_paragraphs_and_angle_brackets():
    editor, story = newsroom_user("editor"), LiveStoryFactory()
    entry = blog.add_entry(article_id=story.pk, user=editor, text="Turnout 3 < 5\n\nSecond line")
    assert entry.body == "<p>Turnout 3 &lt; 5</p>\n\n<p>Second line</p>"


@pytest.mark.parametrize("text", ["", "   ", "<p></p>", "<script>alert(1)</script>", "x" * 5001])
def test_empty_or_overlong_text_is_refused(text):
    editor, story = newsroom_user("editor"), LiveStoryFactory()
    with pytest.raises(ValidationError):
        blog.add_entry(article_id=story.pk, user=editor, text=text)
    assert not LiveEntry.objects.exists() and not DBTaskResult.objects.exists()


def test_an_image_needs_alt_text_and_an_embed_an_allowed_host():
    editor, story = newsroom_user("editor"), LiveStoryFactory()
    with pytest.raises(ValidationError):
        blog.add_entry(
            article_id=story.pk, user=editor, text="x", image_id=ImageFactory(alt_text="").pk
        )
    with pytest.raises(ValidationError):
        blog.add_entry(article_id=story.pk, user=editor, text="x", embed_url="https://evil.test/")
    image = ImageFactory()
    entry = blog.add_entry(
        article_id=story.pk,
        user=editor,
        text="Watch",
        image_id=image.pk,
        embed_url="https://youtu.be/dQw4w9WgXcQ",
    )
    assert entry.image == image and entry.youtube_id == "dQw4w9WgXcQ"


@pytest.mark.parametrize("role", ["reporter", None])
def test_only_editors_and_chief_editors_write_entries(role):
    user, story = newsroom_user(role), LiveStoryFactory()
    entry = LiveEntryFactory(article=story)
    with pytest.raises(PermissionDenied):
        blog.add_entry(article_id=story.pk, user=user, text="Not mine to post")
    with pytest.raises(PermissionDenied):
        blog.edit_entry(entry_id=entry.pk, user=user, text="Nor to change")
    with pytest.raises(PermissionDenied):
        blog.remove_entry(entry_id=entry.pk, user=user)
    with pytest.raises(PermissionDenied):
        blog.pin_entry(entry_id=entry.pk, user=user, pinned=True)
    assert LiveEntry.objects.get() == entry and not DBTaskResult.objects.exists()
    chief = newsroom_user("chief editor")
    assert blog.add_entry(article_id=story.pk, user=chief, text="Chief editors may").pk


def test_entries_belong_to_live_stories_and_removed_ones_stay_removed():
    editor = newsroom_user("editor")
    with pytest.raises(blog.LiveBlogError):
        blog.add_entry(article_id=ArticleFactory(kind="news").pk, user=editor, text="x")
    entry = LiveEntryFactory()
    blog.remove_entry(entry_id=entry.pk, user=editor)
    with pytest.raises(blog.LiveBlogError):
        blog.edit_entry(entry_id=entry.pk, user=editor, text="back?")
    with pytest.raises(blog.LiveBlogError):
        blog.remove_entry(entry_id=entry.pk, user=editor)


def test_pinning_is_capped_so_the_news_stays_in_view():
    editor, story = newsroom_user("editor"), LiveStoryFactory()
    for n in range(blog.PINNED_MAX):
        blog.add_entry(article_id=story.pk, user=editor, text=f"Pinned {n}", pinned=True)
    extra = blog.add_entry(article_id=story.pk, user=editor, text="One more")
    with pytest.raises(blog.LiveBlogError):
        blog.pin_entry(entry_id=extra.pk, user=editor, pinned=True)
    with pytest.raises(blog.LiveBlogError):
        blog.add_entry(article_id=story.pk, user=editor, text="Pinned too", pinned=True)
    assert LiveEntry.objects.filter(is_pinned=True).count() == blog.PINNED_MAX


def test_entries_of_an_unpublished_story_wait_for_it(client):
    editor = newsroom_user("editor")
    story = LiveStoryFactory(status="draft", publish_at=None, first_published_at=None)
    entry = blog.add_entry(article_id=story.pk, user=editor, text="Posted before publication")
    run_worker()
    assert not Event.objects.exists()  # readers cannot see the story yet
    publish_article(article_id=story.pk, user=editor)
    run_worker()
    assert list(Event.objects.values_list("kind", flat=True)) == ["story"]
    story.refresh_from_db()
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'id="entry-{entry.pk}"' in page and "Posted before publication" in page
