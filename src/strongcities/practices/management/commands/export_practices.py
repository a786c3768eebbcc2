"""manage.py export_practices [--status STATUS] [FILE.json]: practices in the import format."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from strongcities.practices.importing import export_document
from strongcities.practices.models import Practice


class Command(BaseCommand):
    help = (
        "Export practices as JSON (docs/formats/practices.md), to FILE or standard output; "
        "the file imports back with import_practices."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", help="Where to write; standard output if omitted.")
        parser.add_argument(
            "--status",
            choices=Practice.Status.values,
            help="Only the practices in this workflow status (e.g. published).",
        )

    def handle(self, *args, **options) -> None:
        document = export_document(status=options["status"])
        if not options["file"]:
            self.stdout.write(document, ending="")
            return
        path = Path(options["file"])
        try:
            path.write_text(document, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc}") from exc
        self.stderr.write(self.style.SUCCESS(f"Practices written to {path}."))
