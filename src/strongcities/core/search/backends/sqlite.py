"""SQLite: an FTS5 table (unicode61, diacritics removed) and a plain table of the texts.

search_fts(title, body, tags, labels, facets): the folded words of the practice in every
language (title weighted above tags above body by bm25), and its visibility labels and facet
(and concept mention) tokens written as single words (folding.keyword) in their own columns.
search_title(title, tags): the titles and tag labels alone, small, for "title matches first"
when a query matches too many documents to rank them all by bm25. The visibility filter
and the facet filters are column filters INSIDE the MATCH, so nothing hidden is ever ranked,
counted or cut into a snippet. Every word a reader typed is quoted: no FTS5 syntax error is
possible.
"""

import json

from strongcities.core.search.backends.base import LANGS, Backend, Criteria
from strongcities.core.search.documents import Document
from strongcities.core.search.folding import folded_words, keyword
from strongcities.core.search.query import Unit

TEXT_COLUMNS = "{title body tags}"
# bm25 weights of title, body, tags, labels, facets.
WEIGHTS = "10.0, 1.0, 4.0, 0.0, 0.0"


def _quoted(words) -> str:
    # Words are runs of letters and digits (folding.TOKEN): they never hold a double quote.
    return '"' + " ".join(words) + '"'


def _any(words_list) -> str:
    return "(" + " OR ".join(words_list) + ")"


def unit_expression(unit: Unit, columns: str = TEXT_COLUMNS, facets: bool = True) -> str:
    """The words of the unit in the text columns, or (expanded to concepts) a document tagged
    with or mentioning one of its concepts: index-time mention tokens, one lookup each."""
    expression = f"{columns}: " + _quoted(unit.words) + ("*" if unit.prefix else "")
    if facets and unit.facet_tokens:
        tokens = _any(_quoted([keyword(t)]) for t in unit.facet_tokens)
        expression = f"({expression} OR {{facets}}: {tokens})"
    return expression


def title_expression(criteria: Criteria) -> str:
    """The MATCH string of search_title: every unit's words in the title or tag labels."""
    return " AND ".join(
        _quoted(unit.words) + ("*" if unit.prefix else "") for unit in criteria.units
    )


def match_expression(criteria: Criteria, *, filters: bool = True) -> str | None:
    """The FTS5 MATCH string of the criteria; None when nothing restricts the documents."""
    parts = []
    if criteria.labels is not None:
        labels = sorted(criteria.labels) or ["-"]
        parts.append("{labels}: " + _any(_quoted([keyword(label)]) for label in labels))
    parts.extend(unit_expression(unit) for unit in criteria.units)
    if filters:
        for tokens in criteria.filters.values():
            parts.append("{facets}: " + _any(_quoted([keyword(t)]) for t in sorted(tokens)))
    return " AND ".join(parts) if parts else None


class SQLiteBackend(Backend):
    TABLES = ("search_fts", "search_title", "search_document", "search_change")

    def _delete(self, cursor, ids: list[int]) -> None:
        marks = ",".join(["%s"] * len(ids))
        cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", ids)  # noqa: S608
        cursor.execute(f"DELETE FROM search_title WHERE rowid IN ({marks})", ids)  # noqa: S608
        cursor.execute(f"DELETE FROM search_document WHERE id IN ({marks})", ids)  # noqa: S608

    def _insert(self, cursor, documents: list[Document]) -> None:
        rows = [
            (
                d.id,
                folded_words(" ".join(t.get("title", "") for t in d.texts.values())),
                folded_words(" ".join(t.get("body", "") for t in d.texts.values())),
                folded_words(" ; ".join(d.tags)),
                " ".join(keyword(label) for label in sorted(d.labels)),
                " ".join(keyword(token) for token in [*d.facets, *d.mentions]),
            )
            for d in documents
        ]
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, body, tags, labels, facets)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )
        cursor.executemany(
            "INSERT INTO search_title (rowid, title, tags) VALUES (%s, %s, %s)",
            [row[:2] + row[3:4] for row in rows],
        )
        sorts = ", ".join(f"sort_{lang}" for lang in LANGS)
        marks = ", ".join(["%s"] * (len(LANGS) + 6))
        cursor.executemany(
            f"INSERT INTO search_document (id, language, published, labels, tokens, texts, {sorts})"  # noqa: S608
            f" VALUES ({marks})",
            [
                (
                    d.id,
                    d.language,
                    d.published_at.timestamp(),
                    " " + " ".join(sorted(d.labels)) + " ",
                    " ".join(d.tokens),
                    json.dumps(d.texts, ensure_ascii=False),
                    *(d.sort_titles.get(lang, "") for lang in LANGS),
                )
                for d in documents
            ],
        )

    @staticmethod
    def _labels_clause(labels):
        checks = " OR ".join(["instr(labels, %s) > 0"] * len(labels)) or "0"
        return f"({checks})", [f" {label} " for label in sorted(labels)]

    def _title_sql(self, criteria: Criteria, before: int | None, size: int):
        sql = "SELECT rowid FROM search_title WHERE search_title MATCH %s"
        params: list = [title_expression(criteria)]
        if before is not None:
            sql += " AND rowid < %s"
            params.append(before)
        return f"{sql} ORDER BY rowid DESC LIMIT %s", [*params, size]

    def _match_sql(self, criteria: Criteria):
        expression = match_expression(criteria, filters=False)
        if expression is None:
            return "SELECT '[' || group_concat(id) || ']' FROM search_document", []
        return (
            "SELECT '[' || group_concat(rowid) || ']' FROM search_fts WHERE search_fts MATCH %s",
            [expression],
        )

    def _words_sql(self, units, among=None):
        expression = " AND ".join(unit_expression(unit, facets=False) for unit in units)
        sql = "SELECT '[' || group_concat(rowid) || ']' FROM search_fts WHERE search_fts MATCH %s"
        if among is None:
            return sql, [expression]
        if not among:
            return "SELECT NULL", []
        marks = ", ".join(["%s"] * len(among))
        return f"{sql} AND rowid IN ({marks})", [expression, *among]

    def ranked(
        self, criteria: Criteria, limit: int, offset: int, ids: list[int]
    ) -> list[tuple[int, float]]:
        # bm25() needs the MATCH, which FTS5 answers fast: the ids are not needed.
        expression = match_expression(criteria)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, bm25(search_fts, {WEIGHTS}) AS score FROM search_fts"  # noqa: S608
                " WHERE search_fts MATCH %s ORDER BY score, rowid DESC LIMIT %s OFFSET %s",
                [expression, limit, offset],
            )
            return [(row[0], -row[1]) for row in cursor.fetchall()]

    def by_title(
        self, criteria: Criteria, lang: str, limit: int, offset: int, ids: list[int]
    ) -> list[int]:
        column = self._sort_column(lang)
        expression = match_expression(criteria)
        with self.connection.cursor() as cursor:
            if expression is None:
                cursor.execute(
                    f"SELECT id FROM search_document ORDER BY {column}, id"  # noqa: S608
                    " LIMIT %s OFFSET %s",
                    [limit, offset],
                )
            else:
                cursor.execute(
                    f"SELECT d.id FROM search_document d WHERE d.id IN ("  # noqa: S608
                    " SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
                    f" ORDER BY d.{column}, d.id LIMIT %s OFFSET %s",
                    [expression, limit, offset],
                )
            return [row[0] for row in cursor.fetchall()]

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
            cursor.execute("INSERT INTO search_title (search_title) VALUES ('optimize')")
