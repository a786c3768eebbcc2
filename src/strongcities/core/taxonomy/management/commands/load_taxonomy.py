from django.core.management.base import BaseCommand

from strongcities.core.taxonomy.services import load_taxonomy


class Command(BaseCommand):
    help = "Load the shipped multilingual taxonomy (themes, sectors, regions, ...)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Reload even if up to date.")

    def handle(self, *args, force: bool = False, **options):
        version = load_taxonomy(force=force)
        if options["verbosity"]:
            if version is None:
                self.stdout.write("Taxonomy is up to date.")
            else:
                self.stdout.write(self.style.SUCCESS(f"Taxonomy version {version} loaded."))
