from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from newsline.content.models import Article
from newsline.search.backends.base import REINDEX_BATCH
from newsline.search.services import lay_out_index, reindex_articles


class Command(BaseCommand):
    help = "Rebuild the search index of every article, in batches, while the site runs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=REINDEX_BATCH,
            help=f"Articles per transaction (default {REINDEX_BATCH}).",
        )
        parser.add_argument(
            "--lay-out",
            action="store_true",
            help="Then store the index in the order searches read it, as after an import"
            " (PostgreSQL locks the index meanwhile: about a minute per 1,000,000 stories).",
        )

    def handle(self, *args, batch_size, lay_out, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        with tqdm(
            total=Article.objects.count(),
            desc="Indexing articles",
            unit=" articles",
            disable=options["verbosity"] == 0,
        ) as bar:
            done = reindex_articles(progress=bar.update, batch_size=batch_size)
        self.stdout.write(f"Indexed {done} articles.")
        if lay_out:
            lay_out_index()
            self.stdout.write("Laid the index out by edition and day.")
