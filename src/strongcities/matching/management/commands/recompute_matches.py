"""Recompute every member city's peer and practice recommendations now (docs/matching.md)."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from strongcities.matching import services


class Command(BaseCommand):
    help = (
        "Recompute the stored recommendations (cities like this one, practices for its "
        "challenges) of every member city, with a progress bar. The worker does the same after "
        "every change of an input and every night."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 0
        bar = tqdm(unit="city", disable=not verbose, file=sys.stderr, miniters=1)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            run = services.recompute_all(progress=progress)
        finally:
            bar.close()
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Recomputed the matches of {run.cities_done} cities over "
                    f"{run.practices_considered} practices in {run.seconds:.1f} s."
                )
            )
