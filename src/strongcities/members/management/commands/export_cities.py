"""manage.py export_cities [FILE.json]: every city in the import format (stdout without FILE)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from strongcities.members.importing import export_document


class Command(BaseCommand):
    help = "Export every city as JSON (docs/formats/cities.md), to FILE or standard output."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", help="Where to write; standard output if omitted.")

    def handle(self, *args, **options) -> None:
        document = export_document()
        if not options["file"]:
            self.stdout.write(document, ending="")
            return
        path = Path(options["file"])
        try:
            path.write_text(document, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc}") from exc
        self.stderr.write(self.style.SUCCESS(f"Cities written to {path}."))
