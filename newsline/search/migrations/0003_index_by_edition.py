# Written by hand, as 0001: the index lives in an engine-specific table.

from django.db import migrations

from newsline.search.operations import RunSQLOn


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0002_document_out_of_line"),
    ]

    operations = [
        RunSQLOn(
            "postgresql",
            # Left in place on the way back: other indexes may use it.
            sql=["CREATE EXTENSION IF NOT EXISTS btree_gin"],
            reverse_sql=[],
        ),
        RunSQLOn(
            "postgresql",
            # One GIN index over edition and words: the index holds every edition, and the
            # Russian configuration stems an English word as the English one does, so asking
            # for a Russian match of it rechecked 56,000 English documents (1,000,000 stories).
            sql=[
                "CREATE INDEX search_document_edition_gin"
                " ON search_document USING gin (language, document)",
                "DROP INDEX search_document_gin",
            ],
            reverse_sql=[
                "CREATE INDEX search_document_gin ON search_document USING gin (document)",
                "DROP INDEX search_document_edition_gin",
            ],
        ),
    ]
