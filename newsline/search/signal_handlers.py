"""Keep the search index in step with articles, after each transaction commits.

Every save is indexed, drafts included (visibility is decided at query time), so this
follows saves rather than the publishing outbox, which runs only for what readers see.
A failed indexing run is logged (robust=True), never raised into the editor's save, and
`newsline reindex` repairs the index.
"""

from functools import partial

from django.db import transaction

from newsline.search.services import index_articles, remove_articles


def article_saved(sender, instance, **kwargs) -> None:
    # Indexed on commit from the database, so the entry is the committed version; fixtures
    # (raw=True) are indexed too, since by then the whole fixture is in place.
    transaction.on_commit(partial(index_articles, ids=[instance.pk]), robust=True)


def article_deleted(sender, instance, **kwargs) -> None:
    transaction.on_commit(partial(remove_articles, ids=[instance.pk]), robust=True)
