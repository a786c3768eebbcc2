"""manage.py import_practices FILE.json [--dry-run]: create or update practices (all or nothing)."""

import sys
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from strongcities.practices.importing import import_records, plan, validate_document


def progress_bar(description: str) -> Callable:
    """A tqdm progress bar on standard error (shown on a terminal only)."""

    def wrap(items):
        return tqdm(
            items, desc=description, unit="practice", file=sys.stderr,
            disable=not sys.stderr.isatty(),
        )  # fmt: skip

    return wrap


class Command(BaseCommand):
    help = (
        "Import practices from a JSON file (docs/formats/practices.md), matched by external_id; "
        "nothing is written if any record is invalid."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Path of the practices JSON file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change, without writing anything.",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            message = _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}
            raise CommandError(message) from exc
        records, problems = validate_document(text, progress=progress_bar(_("checking")))
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(count)s error(s) in %(path)s: nothing was imported.")
                % {"count": len(problems), "path": path}
            )
        if options["dry_run"]:
            summary = plan(records)
            message = _("Dry run, nothing written: would create %(created)s, update %(updated)s, "
                        "leave %(unchanged)s unchanged.")  # fmt: skip
        else:
            summary = import_records(records, progress=progress_bar(_("importing")))
            message = _("created %(created)s, updated %(updated)s, unchanged %(unchanged)s")
        self.stdout.write(self.style.SUCCESS(message % vars(summary)))
