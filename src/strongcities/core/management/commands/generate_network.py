"""Generate a realistic synthetic network (cities, published practices) for load testing."""

import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from strongcities.core.generation.network import GenerationError, clear_network, generate_network


class Command(BaseCommand):
    help = (
        "Generate member cities and published multilingual practices (slugs gen-<n>) for load "
        "tests, then rebuild the search index. Growing is incremental: --practices is the total "
        "number of generated practices wanted; missing ones are added, extra ones removed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cities", type=int, default=1000, help="Generated cities (at least; default 1000)."
        )
        parser.add_argument(
            "--practices",
            type=int,
            default=10000,
            help="Generated practices in total (default 10000).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Delete previously generated data first (with --practices 0: only delete).",
        )
        parser.add_argument(
            "--no-reindex", action="store_true", help="Do not rebuild the search index."
        )

    def handle(self, *args, **options):
        if options["cities"] < 1 or options["practices"] < 0:
            raise CommandError("--cities must be at least 1 and --practices at least 0.")
        verbose = options["verbosity"] > 0
        if options["clear"]:
            outcome = clear_network()
            if verbose:
                self.stdout.write(
                    f"Deleted {outcome.practices_deleted} generated practices and "
                    f"{outcome.cities_deleted} generated cities."
                )
            if options["practices"] == 0:
                self._reindex(options)
                return

        def bar(total: int):
            return tqdm(
                total=total, unit="practice", disable=not verbose, file=sys.stderr, miniters=1
            )

        try:
            outcome = generate_network(
                cities=options["cities"],
                practices=options["practices"],
                seed=options["seed"],
                progress_factory=bar,
            )
        except GenerationError as exc:
            raise CommandError(str(exc)) from exc
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Generated network: {outcome.counts['cities']} cities "
                    f"({outcome.cities_created} new), {outcome.counts['practices']} practices "
                    f"({outcome.practices_created} new, {outcome.practices_deleted} removed)."
                )
            )
        self._reindex(options)

    def _reindex(self, options) -> None:
        if not options["no_reindex"]:
            call_command("reindex", verbosity=options["verbosity"])
