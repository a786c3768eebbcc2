"""Compile the .po catalogs to .mo with polib (no GNU gettext needed); --check verifies them."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogs() -> list[Path]:
    return sorted(
        po for root in settings.LOCALE_PATHS for po in Path(root).glob("*/LC_MESSAGES/*.po")
    )


def problems(po_path: Path) -> list[str]:
    """Untranslated or fuzzy entries of a non-English catalog, and a stale .mo."""
    po = polib.pofile(str(po_path))
    found = []
    if not po_path.parts[-3].startswith("en"):
        found += [f"untranslated: {e.msgid[:60]!r}" for e in po.untranslated_entries()]
    found += [f"fuzzy: {e.msgid[:60]!r}" for e in po.fuzzy_entries()]
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        found.append("not compiled (.mo missing): run `make translations`")
    else:
        compiled = {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(e.msgstr_plural.items()))
            for e in polib.mofile(str(mo_path))
        }
        source = {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(e.msgstr_plural.items()))
            for e in po.translated_entries()
        }
        if compiled != source:
            found.append(".mo is older than .po: run `make translations`")
    return found


class Command(BaseCommand):
    help = "Compile translation catalogs; with --check, fail on untranslated, fuzzy or stale ones."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check: bool = False, **options):
        if check:
            failures = {str(p): issues for p in catalogs() if (issues := problems(p))}
            for path, issues in failures.items():
                self.stderr.write(f"{path}: {len(issues)} problem(s)")
                for issue in issues[:20]:
                    self.stderr.write(f"  {issue}")
            if failures:
                raise CommandError("Translations are incomplete or not compiled.")
            self.stdout.write(f"{len(catalogs())} catalogs complete and compiled.")
            return
        for po_path in catalogs():
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
            if options["verbosity"] > 1:
                self.stdout.write(f"compiled {po_path}")
        self.stdout.write(f"{len(catalogs())} catalogs compiled.")
