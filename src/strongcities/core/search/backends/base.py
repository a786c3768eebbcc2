"""What the search engine asks of an index backend."""

import json
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, transaction

from strongcities.core.search.documents import Document
from strongcities.core.search.memory import bits_of
from strongcities.core.search.query import Unit

LANGS = tuple(code for code, _name in settings.LANGUAGES)
LOG_KEEP = 20_000  # change-log rows kept (processes further behind reload everything)


@dataclass
class Criteria:
    """What a query selects: the units of the query, the reader's visibility labels (None: the
    secretariat, no filter) and the facet filters (facet -> tokens, OR within, AND across)."""

    units: list[Unit]
    labels: frozenset[str] | None
    filters: dict[str, list[str]] = field(default_factory=dict)


class Backend:
    """Base class: what both backends share (change log, facet-cache rows, id lists, texts);
    each backend supplies its own SQL for matching, ranking and ordering."""

    alias: str
    # Whether ranked() and by_title() read the matched documents by id (the engine then
    # passes their ids) rather than matching the criteria again.
    reads_by_id = False

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias

    @property
    def connection(self):
        return connections[self.alias]

    # --- writing -------------------------------------------------------------------------
    def upsert(self, documents: list[Document]) -> None:
        if not documents:
            return
        with transaction.atomic(using=self.alias), self.connection.cursor() as cursor:
            self._delete(cursor, [d.id for d in documents])
            self._insert(cursor, documents)
            self._log(cursor, [d.id for d in documents])

    def delete(self, ids: list[int]) -> None:
        ids = sorted(set(ids))
        if not ids:
            return
        with transaction.atomic(using=self.alias), self.connection.cursor() as cursor:
            self._delete(cursor, ids)
            self._log(cursor, ids)

    def _log(self, cursor, ids: list[int]) -> None:
        stamp = uuid.uuid4().hex
        cursor.executemany(
            "INSERT INTO search_change (doc_id, stamp) VALUES (%s, %s)",
            [(doc_id, stamp) for doc_id in ids],
        )
        cursor.execute(
            "DELETE FROM search_change WHERE seq < (SELECT max(seq) FROM search_change) - %s",
            [LOG_KEEP],
        )

    def indexed_ids(self) -> set[int]:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT id FROM search_document")
            return {row[0] for row in cursor.fetchall()}

    # --- the in-memory facet cache (memory.py) ---------------------------------------------
    def changes(self, since: int | None) -> list[tuple[int, int, str]]:
        """Log rows from `since` (at most a few hundred), and always the latest row."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT seq, doc_id, stamp FROM ("
                " SELECT seq, doc_id, stamp FROM search_change WHERE seq >= %s"
                " ORDER BY seq LIMIT 502) AS a"
                " UNION SELECT seq, doc_id, stamp FROM ("
                " SELECT seq, doc_id, stamp FROM search_change ORDER BY seq DESC LIMIT 1) AS b"
                " ORDER BY seq",
                [since if since is not None else -1],
            )
            return [tuple(row) for row in cursor.fetchall()]

    def document_rows(self, ids: list[int] | None) -> list[tuple[int, float, list[str]]]:
        """(id, published timestamp, tokens) of the given documents, or of all."""
        sql, params = "SELECT id, published, tokens FROM search_document", []
        if ids is not None:
            if not ids:
                return []
            sql += f" WHERE id IN ({', '.join(['%s'] * len(ids))})"
            params = list(ids)
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(row[0], row[1], self._tokens(row[2])) for row in cursor.fetchall()]

    # --- reading -----------------------------------------------------------------------------
    def match_ids(self, criteria: Criteria) -> list[int]:
        """Ids of the documents matching the query and the labels (no facet filter)."""
        return self._matching(*self._match_sql(criteria))

    def words_bits(self, units: list[Unit], among: list[int] | None = None) -> int:
        """Bitset of the documents whose text holds the words of every unit, whoever may read
        them (no labels, no concept tokens: the engine adds those from memory.py).

        Leaving the labels out spares the index a merge without showing anything hidden (the
        engine ANDs the reader's visibility bitset first) and lets one result serve every
        reader; leaving the concept tokens out keeps the statement a plain full-text match,
        which PostgreSQL's planner answers from the GIN index (with an OR on the facets
        column it chose to read and detoast every row: one second at 100,000 practices)."""
        return bits_of(self._matching(*self._words_sql(units, among)))

    def _matching(self, sql: str, params: list) -> list[int]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            value = cursor.fetchone()[0]
        # A JSON array: parsed in C, several times faster than splitting and int() each id.
        return json.loads(value) if value else []

    def title_ids(self, criteria: Criteria, first: int = 200):
        """Ids of the documents whose title or tag labels hold the query, highest id first,
        read in batches of `first`, then ten times more each time (the caller stops once it
        has a page: usually one query). Whoever may read them: the caller keeps those of its
        visible matched set only."""
        before, size = None, first
        while True:
            sql, params = self._title_sql(criteria, before, size)
            with self.connection.cursor() as cursor:
                cursor.execute(sql, params)
                ids = [row[0] for row in cursor.fetchall()]
            yield from ids
            if len(ids) < size:
                return
            before, size = ids[-1], size * 10

    def fetch(self, ids: list[int], labels: frozenset[str] | None) -> dict[int, tuple[str, dict]]:
        """{id: (language, texts)} of the given documents that carry one of `labels`."""
        if not ids:
            return {}
        sql = (
            "SELECT id, language, texts FROM search_document"  # noqa: S608
            f" WHERE id IN ({', '.join(['%s'] * len(ids))})"
        )
        params = list(ids)
        if labels is not None:
            clause, label_params = self._labels_clause(labels)
            sql += f" AND {clause}"
            params += label_params
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[0]: (row[1], self._texts(row[2])) for row in cursor.fetchall()}

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            for table in self.TABLES:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names

    @staticmethod
    def _sort_column(lang: str) -> str:
        return f"sort_{lang if lang in LANGS else 'en'}"

    @staticmethod
    def _texts(value) -> dict:
        return json.loads(value) if isinstance(value, str) else value

    @staticmethod
    def _tokens(value) -> list[str]:
        return value.split() if isinstance(value, str) else list(value)

    # --- to implement ----------------------------------------------------------------------
    TABLES: tuple[str, ...] = ()  # the index tables, emptied by clear()

    def _delete(self, cursor, ids: list[int]) -> None:
        raise NotImplementedError

    def _insert(self, cursor, documents: list[Document]) -> None:
        raise NotImplementedError

    def _words_sql(self, units: list[Unit], among: list[int] | None = None) -> tuple[str, list]:
        """SQL and params of one row, one value: the ids (JSON array, NULL when none) of the
        documents whose text holds the words of every unit (only among `among`, if given)."""
        raise NotImplementedError

    def _match_sql(self, criteria: Criteria) -> tuple[str, list]:
        """SQL and params of one row, one value: the ids (JSON array, NULL when none) of the
        documents matching the query (words or concepts) and carrying one of the labels."""
        raise NotImplementedError

    @staticmethod
    def _labels_clause(labels: frozenset[str]) -> tuple[str, list]:
        """SQL condition and params: a search_document row carries one of `labels`."""
        raise NotImplementedError

    def _title_sql(self, criteria: Criteria, before: int | None, size: int):
        """SQL and params of one batch of title_ids: ids below `before`, at most `size`."""
        raise NotImplementedError

    def ranked(
        self, criteria: Criteria, limit: int, offset: int, ids: list[int]
    ) -> list[tuple[int, float]]:
        """(id, score) of the matching documents by relevance, best first. `ids` are those
        documents (visible, matching, filtered), known from memory: a backend may rank them
        by id rather than match the criteria again."""
        raise NotImplementedError

    def by_title(
        self, criteria: Criteria, lang: str, limit: int, offset: int, ids: list[int]
    ) -> list[int]:
        """Ids of the matching documents (`ids`, as for ranked) in the title order of `lang`."""
        raise NotImplementedError

    def optimize(self) -> None:
        """After a full rebuild."""
