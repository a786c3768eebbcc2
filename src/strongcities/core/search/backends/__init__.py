"""Index backends: SQLite FTS5 and PostgreSQL full-text search, chosen by the database in use."""

from django.db import connections

from strongcities.core.search.backends.base import Backend


def get_backend(alias: str = "default") -> Backend:
    vendor = connections[alias].vendor
    if vendor == "postgresql":
        from strongcities.core.search.backends.postgres import PostgresBackend

        return PostgresBackend(alias)
    from strongcities.core.search.backends.sqlite import SQLiteBackend

    return SQLiteBackend(alias)
