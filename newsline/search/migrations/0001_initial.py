# Written by hand: the index lives in engine-specific tables, each made on its engine only.

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from newsline.search.operations import RunSQLOn


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("content", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("article", models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name="search_document", serialize=False, to="content.article")),
                ("language", models.CharField(max_length=8)),
                ("document", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={
                "db_table": "search_document",
                "managed": False,
            },
        ),
        RunSQLOn(
            "postgresql",
            sql=[
                "CREATE TABLE search_document ("
                " article_id bigint PRIMARY KEY,"
                " language varchar(8) NOT NULL,"
                " document tsvector NOT NULL)",
                # Inline (compressed) rather than moved out to TOAST: reading a vector to
                # check or rank a match then costs no TOAST index lookups.
                "ALTER TABLE search_document ALTER COLUMN document SET STORAGE MAIN",
                "CREATE INDEX search_document_gin ON search_document USING gin (document)",
            ],
            reverse_sql=["DROP TABLE search_document"],
        ),
        RunSQLOn(
            "sqlite",
            # Terms are prepared in Python; unicode61 only splits them (diacritics kept).
            sql=[
                "CREATE VIRTUAL TABLE search_fts USING fts5("
                "headline, lead, body, tokenize = 'unicode61 remove_diacritics 0')",
            ],
            reverse_sql=["DROP TABLE search_fts"],
        ),
    ]
