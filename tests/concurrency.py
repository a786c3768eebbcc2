"""Real races for the PostgreSQL concurrency tests: threads released at the same moment."""

import threading

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection, connections

from strongcities.core.exceptions import DomainError

# Mark a module's tests with these: they need committed rows, row locks and real threads.
POSTGRES_ONLY = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's row locks and real races"
    ),
]


def load_taxonomy() -> None:
    """The database is flushed after each transactional test: load the taxonomy again."""
    call_command("load_taxonomy", verbosity=0)


def race(count: int, action) -> list:
    """Run action(i) in `count` threads released at the same moment; their outcomes (what
    `action` returned, a refusal's `code`, or the repr of any other exception)."""
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(i: int) -> None:
        close_old_connections()
        try:
            barrier.wait(timeout=30)
            outcomes[i] = action(i)
        except DomainError as error:
            outcomes[i] = getattr(error, "code", "") or str(error)
        except Exception as error:  # reported by the assertions
            outcomes[i] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes
