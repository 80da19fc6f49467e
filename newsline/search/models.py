"""The PostgreSQL search table. SQLite's index is an FTS5 table with no model (backends.sqlite)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from newsline.content.models import Article


class SearchDocument(models.Model):
    """An article's weighted tsvector: headline A, lead B, body C (PostgreSQL only)."""

    # Migration 0001 creates the table, with its GIN index, on PostgreSQL alone, so the
    # model is unmanaged. No foreign key constrains article_id: Django's flush (transactional
    # tests) truncates only managed tables and would refuse to truncate articles referenced
    # from here. Deletions reach the index through post_delete; reindex prunes the rest.

    article = models.OneToOneField(
        Article,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="search_document",
    )
    language = models.CharField(max_length=8)
    # The day (UTC midnight) of the story's publish_at; 'infinity' while it has none, which
    # Python's datetime cannot hold: read as an epoch (a float) only. In the GIN index, so a
    # word's matches are found day by day.
    published_day = models.DateTimeField()
    document = SearchVectorField()

    class Meta:
        managed = False
        db_table = "search_document"

    def __str__(self):
        return f"search document of article {self.article_id}"
