"""manage.py reindex: rebuild the search index of the practice library."""

import sys

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from strongcities.core.search import memory
from strongcities.core.search.backends import get_backend
from strongcities.core.search.vocabulary import get_vocabulary

BATCH = 500


class Command(BaseCommand):
    help = "Rebuild the search index: every published practice, in batches (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="No progress bar, no summary.")
        parser.add_argument("--batch", type=int, default=BATCH, help="Practices per batch.")

    def handle(self, *args, quiet: bool = False, batch: int = BATCH, **options):
        from strongcities.practices.search import document_for, indexable

        quiet = quiet or options["verbosity"] == 0
        backend = get_backend()
        vocabulary = get_vocabulary()
        pks = list(indexable().values_list("pk", flat=True))
        stale = sorted(backend.indexed_ids() - set(pks))
        for start in range(0, len(stale), BATCH):
            backend.delete(stale[start : start + BATCH])
        batch = max(1, batch)
        with tqdm(
            total=len(pks),
            desc="Indexing practices",
            unit="practice",
            disable=quiet,
            file=options.get("stderr") or sys.stderr,
        ) as bar:
            for start in range(0, len(pks), batch):
                chunk = pks[start : start + batch]
                with transaction.atomic():
                    documents = [
                        document_for(p, vocabulary) for p in indexable().filter(pk__in=chunk)
                    ]
                    backend.upsert(documents)
                bar.update(len(chunk))
        backend.optimize()
        memory.forget()
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Search index rebuilt: {len(pks)} practices indexed, {len(stale)} removed."
                )
            )
