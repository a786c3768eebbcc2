from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from strongcities.core.taxonomy.models import Concept, Scheme
from strongcities.core.taxonomy.services import DATA_FILE, TaxonomyDataError, load_taxonomy


class Command(BaseCommand):
    help = "Load the shipped multilingual taxonomy (themes, sectors, regions, ...)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Reload even if up to date.")
        parser.add_argument(
            "--file", type=Path, default=DATA_FILE, help="Taxonomy JSON file (default: shipped)."
        )

    def handle(self, *args, force: bool = False, file: Path = DATA_FILE, **options):
        try:
            version = load_taxonomy(path=file, force=force)
        except TaxonomyDataError as exc:
            raise CommandError(
                f"The taxonomy file was refused; nothing was loaded.\n{exc}"
            ) from exc
        if options["verbosity"]:
            if version is None:
                self.stdout.write("Taxonomy is up to date.")
            else:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Taxonomy version {version} loaded: {Scheme.objects.count()} schemes, "
                        f"{Concept.objects.count()} concepts."
                    )
                )
