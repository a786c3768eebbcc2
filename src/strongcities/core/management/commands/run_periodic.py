"""Enqueue the periodic tasks that are due (see strongcities/core/periodic.py); run it from cron."""

import time

from django.core.management.base import BaseCommand

from strongcities.core import periodic


class Command(BaseCommand):
    help = "Enqueue every registered periodic task that is due, once (run it from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running and check again every SECONDS (default: check once and exit).",
        )

    def handle(self, *args, every: int, **options):
        while True:
            for name in periodic.run_due():
                self.stdout.write(f"Enqueued {name}")
            if every <= 0:
                return
            time.sleep(every)
