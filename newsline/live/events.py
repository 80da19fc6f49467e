"""Events for open reader pages, recorded by the publishing outbox (never by a request).

Each event carries the markup the server itself renders for the change, so the reader
script inserts exactly what a reload would show. Kinds, as the stream names them:

- ``story``: a headline to insert or replace in the news line (``id``, ``html``);
- ``withdrawn``: a headline to remove (``id``);
- ``breaking``: the edition's breaking banner now (``html``, empty when there is none);
- ``entry``: a live blog entry added, changed or removed (``article``, ``id``, ``html``).
"""

from django.conf import settings
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import translation

from newsline.content import outbox, selectors
from newsline.content.models import Article
from newsline.live import wake
from newsline.live.models import Event


def record_event(article: Article, event: str, subject: str = "") -> None:
    """Append the change to the event log of the article's edition and wake the tails."""
    with translation.override(article.language):
        kind, data = _describe(article, event, subject)
    if kind is None:
        return
    _take_turn()
    event = Event.objects.create(edition=article.language, kind=kind, article=article, data=data)
    Event.objects.filter(pk__lte=event.pk - settings.NEWSLINE_LIVE_KEEP).delete()
    transaction.on_commit(wake.notify)


def latest_event_id(edition: str) -> int:
    """The id of the edition's newest event (0 if none): where a page's stream resumes."""
    last = Event.objects.filter(edition=edition).order_by("-pk").values_list("pk", flat=True)
    return last.first() or 0


def _take_turn() -> None:
    """Make events commit in id order (until this transaction ends).

    Tails read past the last id they saw; on PostgreSQL two workers could otherwise
    commit ids 11 then 10, and 10 would never be read. SQLite writers take turns anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('newsline.live.events'))")


def _describe(article: Article, event: str, subject: str) -> tuple[str | None, dict]:
    if event in (outbox.PUBLISHED, outbox.UPDATED):
        html = render_to_string("reader/_news_line_item.html", {"item": article})
        return "story", {"id": article.pk, "html": html.strip()}
    if event == outbox.WITHDRAWN:
        return "withdrawn", {"id": article.pk}
    if event == outbox.BREAKING:
        story = selectors.breaking_story(article.language)
        html = render_to_string("reader/_breaking.html", {"story": story}) if story else ""
        return "breaking", {"id": story.pk if story else None, "html": html.strip()}
    if event == outbox.ENTRY:
        from newsline.live.blog import entry_event

        return "entry", entry_event(article, subject)
    return None, {}
