"""A migration operation for SQL that only one database engine understands."""

from django.db import migrations


class RunSQLOn(migrations.RunSQL):
    """RunSQL on one database vendor ("postgresql", "sqlite"); a no-op on the others."""

    def __init__(self, vendor: str, sql, reverse_sql=None, **kwargs):
        super().__init__(sql, reverse_sql, **kwargs)
        self.vendor = vendor

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, kwargs.pop("sql"), *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Raw SQL operation on {self.vendor}"


# The index rows stored by edition and day, as searches read them (search migration 0006,
# and `newsline seed` after a load). CLUSTER needs a btree index for the order; it is
# dropped after, so the planner never reads the edition's rows through it in place of the
# words' GIN index. The table is locked meanwhile: 56 s at 1,000,000 stories.
LAY_OUT_BY_EDITION_AND_DAY = [
    "CREATE INDEX IF NOT EXISTS search_document_edition_day"
    " ON search_document (language, published_day)",
    "CLUSTER search_document USING search_document_edition_day",
    "DROP INDEX search_document_edition_day",
    "ANALYZE search_document",
]
