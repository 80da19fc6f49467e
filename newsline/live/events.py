"""Events for open reader pages, recorded by the publishing outbox."""

from newsline.content.models import Article
from newsline.live.models import Event


def record_event(article: Article, event: str) -> None:
    """Append the change to the event log of the article's edition."""
    Event.objects.create(
        edition=article.language,
        kind=event,
        article=article,
        data={"id": article.pk, "headline": article.headline, "version": article.version},
    )
