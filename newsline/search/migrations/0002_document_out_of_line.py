from django.db import migrations

from newsline.search.operations import RunSQLOn


class Migration(migrations.Migration):
    """Keep the vectors out of line, so finding matches reads small rows.

    A GIN match still visits each matching row for its article id; with the vectors inline
    a common word read tens of megabytes of them (measured: 13,000 blocks for one query).
    Only the ranked page's vectors are read, from the TOAST table. Existing rows move out
    on their next write: run `newsline reindex`.
    """

    dependencies = [("search", "0001_initial")]
    operations = [
        RunSQLOn(
            "postgresql",
            sql=[
                "ALTER TABLE search_document ALTER COLUMN document SET STORAGE EXTERNAL",
                "ALTER TABLE search_document SET (toast_tuple_target = 128)",
            ],
            reverse_sql=[
                "ALTER TABLE search_document RESET (toast_tuple_target)",
                "ALTER TABLE search_document ALTER COLUMN document SET STORAGE MAIN",
            ],
        ),
    ]
