"""manage.py import_cities FILE.json: create or update cities (all or nothing)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from strongcities.members.importing import import_records, validate_document


class Command(BaseCommand):
    help = "Import cities from a JSON file (docs/formats/cities.md); nothing is written on error."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Path of the cities JSON file.")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        records, errors = validate_document(text)
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(f"{len(errors)} error(s) in {path}: nothing was imported.")

        def progress(items):
            return tqdm(
                items, desc="cities", unit="city", file=sys.stderr,
                disable=not sys.stderr.isatty(),
            )  # fmt: skip

        created, updated = import_records(records, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(f"{created} cities created, {updated} updated from {path}.")
        )
