"""Load the illustrative demo network (cities, partners, people)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo network; with --once, only into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")

    def handle(self, *args, **options):
        from strongcities.core.demo import load_demo

        load_demo(once=options["once"], stdout=self.stdout)
