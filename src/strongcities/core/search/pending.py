"""Index work waiting for the end of the transaction that caused it.

Signal handlers (practices/signals.py) call `schedule(pk)`; the practice is reindexed once,
after commit (transaction.on_commit), however many signals the transaction fired. A search run
inside that same transaction first flushes the pending work (`flush()`), so it reads its own
writes; the index lives in the same database, so a rollback undoes such early writes too.
Work left over by a rolled-back transaction (its on_commit callback discarded) is dropped.
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction

ATTRIBUTE = "_search_batch"


class Batch:
    """The practices one transaction changed; called once, on commit."""

    def __init__(self) -> None:
        self.pks: set[int] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        self.run()

    def run(self) -> None:
        pks = sorted(self.pks)
        self.pks.clear()
        if pks:
            from strongcities.practices.search import index_practices

            index_practices(pks)


def _current(using: str) -> Batch | None:
    """The batch registered with the current transaction, if any."""
    connection = connections[using]
    batch = getattr(connection, ATTRIBUTE, None)
    if batch is None or batch.done or not connection.in_atomic_block:
        return None
    if not any(entry[1] is batch for entry in connection.run_on_commit):
        return None  # discarded by a rollback
    return batch


def schedule(pk: int, using: str = DEFAULT_DB_ALIAS) -> None:
    """Reindex practice `pk` when the current transaction commits (now, outside one)."""
    if pk is None:
        return
    if not connections[using].in_atomic_block:
        from strongcities.practices.search import index_practices

        index_practices([pk])
        return
    batch = _current(using)
    if batch is None:
        batch = Batch()
        setattr(connections[using], ATTRIBUTE, batch)
        transaction.on_commit(batch, using=using, robust=True)
    batch.pks.add(pk)


def flush(using: str = DEFAULT_DB_ALIAS) -> None:
    """Do the current transaction's pending index work now (a search reads its own writes)."""
    batch = _current(using)
    if batch is not None:
        batch.run()
