"""Load the illustrative demo network (cities, partners, people)."""

from django.core.management.base import BaseCommand, CommandError

from strongcities.core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Load the demo network (idempotent) and print the demo accounts; with --once, "
        "only into a database that has no city yet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Do nothing (but list the accounts) if loaded."
        )

    def handle(self, *args, **options):
        from strongcities.core.demo import load_demo

        try:
            load_demo(once=options["once"], stdout=self.stdout)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
