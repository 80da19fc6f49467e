# Written by hand, as 0001: the index lives in an engine-specific table.

from django.db import migrations

from newsline.search.operations import LAY_OUT_BY_EDITION_AND_DAY, RunSQLOn


class Migration(migrations.Migration):
    """Lay the index rows out by edition and day, as they are read.

    A search reads the rows of its edition's newest days. Stored in the order their stories
    were indexed (an import's, or a seed's), those rows lay one or two to a page across the
    whole table, and a 128-day window at 1,000,000 stories read 1,863 pages, mostly from
    disk (73 ms); laid out by edition and day, 8.5 ms. Stories indexed later go to the end,
    where the newest already lie. At 1,000,000 stories: 56 s, during which searches and
    indexing wait.
    """

    dependencies = [("search", "0005_index_per_edition")]
    operations = [RunSQLOn("postgresql", sql=LAY_OUT_BY_EDITION_AND_DAY, reverse_sql=[])]
