import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from newsline.content.demo_data import seed_articles
from newsline.content.statistics import refresh_planner_statistics
from newsline.live.demo import seed_live_entries
from newsline.syndication import months


class Command(BaseCommand):
    help = "Fill the archive with realistic demo stories in every edition (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=3000,
            help="How many articles the archive should hold in total (default 3000).",
        )

    def handle(self, *args, articles, **options):
        if articles < 0:
            raise CommandError("--articles must be zero or more.")
        languages = [code for code, _name in settings.LANGUAGES]
        with tqdm(
            total=articles,
            desc="Seeding articles",
            unit=" articles",
            disable=options["verbosity"] == 0,
        ) as bar:
            from newsline.content.models import Article

            bar.update(min(articles, Article.objects.count()))
            started = time.monotonic()
            created = seed_articles(articles, languages=languages, progress=bar.update)
        seed_live_entries(languages)
        if created:
            refresh_planner_statistics()
            # Bulk inserts bypass the outbox, which keeps the sitemap's ended months current.
            months.forget()
            seeded = time.monotonic()
            # Bulk inserts bypass the save signals that keep the search index current.
            # Indexed by id, one day's rows would lie scattered; a site that grew story by
            # story has them together, as searches read them, and so does the seed's.
            call_command("reindex", lay_out=True, verbosity=options["verbosity"])
            self.stdout.write(
                f"Stored {created} articles in {seeded - started:.1f} s; "
                f"indexed them for search in {time.monotonic() - seeded:.1f} s."
            )
        self.stdout.write(f"Created {created} articles; the archive holds {max(articles, 0)}.")
