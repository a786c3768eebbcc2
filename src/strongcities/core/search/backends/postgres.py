"""PostgreSQL: tsvectors built with each language's text search configuration, GIN indexes.

search_document.document holds every language's text, each with its own configuration
(search_cfg: english, french, spanish, turkish, arabic, else simple): the title with weight A,
concept labels and owner names B, the body D. A query word is looked up under every
configuration (OR) and as a prefix, so a French word meets French stemming and a Turkish one
Turkish stemming; a word that is a concept's label or synonym also matches the documents
tagged with or mentioning the concept (facet and mention tokens). Visibility labels and facet
tokens are text[] with GIN indexes, filtered in
the same WHERE clause as the text, before ranking (ts_rank_cd) and counting.
"""

import json

from strongcities.core.search.backends.base import LANGS, Backend, Criteria
from strongcities.core.search.documents import Document
from strongcities.core.search.folding import folded_words
from strongcities.core.search.query import Unit


def unit_tsquery(unit: Unit, *, opaque: bool = True) -> tuple[str, list]:
    """A tsquery expression (SQL, params) matching the unit in any language."""
    text = " ".join(unit.words)
    function = "phraseto_tsquery" if unit.phrase else "plainto_tsquery"
    parts, params = [], []
    for lang in LANGS:
        parts.append(f"{function}(search_cfg(%s), search_fold(%s))")
        params += [lang, text]
    if unit.prefix:
        # One word of letters and digits (folding.TOKEN): safe in to_tsquery's syntax.
        parts.append("to_tsquery('simple', search_fold(%s))")
        params.append(f"{unit.words[0]}:*")
    else:
        parts.append(f"{function}('simple', search_fold(%s))")
        params.append(text)
    # A scalar subquery: the planner cannot see the value, so it estimates a selective match
    # and uses the GIN index (a bitmap scan) instead of reading (detoasting) every tsvector of
    # the table to test the few lexemes of a common word.
    if not opaque:  # titles: let the planner see how common the words are
        return "(" + " || ".join(parts) + ")", params
    return "(SELECT " + " || ".join(parts) + ")", params


def where(criteria: Criteria, *, filters: bool = True, title_only: bool = False):
    """The WHERE clause (SQL, params) of the criteria."""
    clauses, params = ["TRUE"], []
    if criteria.labels is not None:
        clause, label_params = PostgresBackend._labels_clause(criteria.labels)
        clauses.append(clause)
        params += label_params
    for unit in criteria.units:
        tsquery, tsparams = unit_tsquery(unit, opaque=not title_only)
        if title_only:
            clauses.append(f"title_document @@ {tsquery}")
            params += tsparams
        elif unit.facet_tokens:
            clauses.append(f"(document @@ {tsquery} OR facets && (SELECT %s::text[]))")
            params += [*tsparams, unit.facet_tokens]
        else:
            clauses.append(f"document @@ {tsquery}")
            params += tsparams
    if filters:
        for tokens in criteria.filters.values():
            clauses.append("facets && (SELECT %s::text[])")
            params.append(sorted(tokens))
    return " AND ".join(clauses), params


def _vector(documents_texts: dict, tags: str, *, title_only: bool) -> tuple[str, list]:
    parts, params = ["setweight(to_tsvector('simple', %s), 'B')"], [tags]
    for lang, texts in documents_texts.items():
        parts.append("setweight(to_tsvector(search_cfg(%s), %s), 'A')")
        params += [lang, folded_words(texts.get("title", ""))]
        if not title_only:
            parts.append("setweight(to_tsvector(search_cfg(%s), %s), 'D')")
            params += [lang, folded_words(texts.get("body", ""))]
    return " || ".join(parts), params


class PostgresBackend(Backend):
    TABLES = ("search_document", "search_change")
    reads_by_id = True

    def _delete(self, cursor, ids: list[int]) -> None:
        cursor.execute("DELETE FROM search_document WHERE id = ANY(%s)", [list(ids)])

    def _insert(self, cursor, documents: list[Document]) -> None:
        sorts = ", ".join(f"sort_{lang}" for lang in LANGS)
        for d in documents:
            tags = folded_words(" ; ".join(d.tags))
            vector, vector_params = _vector(d.texts, tags, title_only=False)
            title, title_params = _vector(d.texts, tags, title_only=True)
            marks = ", ".join(["%s"] * (len(LANGS) + 7))
            cursor.execute(
                "INSERT INTO search_document (id, language, published, labels, facets, tokens,"  # noqa: S608
                f" texts, {sorts}, document, title_document)"
                f" VALUES ({marks}, {vector}, {title})",
                [
                    d.id,
                    d.language,
                    d.published_at.timestamp(),
                    sorted(d.labels),
                    [*d.facets, *d.mentions],
                    d.tokens,
                    json.dumps(d.texts, ensure_ascii=False),
                    *(d.sort_titles.get(lang, "") for lang in LANGS),
                    *vector_params,
                    *title_params,
                ],
            )

    @staticmethod
    def _labels_clause(labels):
        return "labels && (SELECT %s::text[])", [sorted(labels)]

    def _title_sql(self, criteria: Criteria, before: int | None, size: int):
        # No labels: the engine keeps only the ids of its (visible) matched set, and with a
        # labels clause the planner detoasted every visible row to test the title (35 ms at
        # 10,000 practices, against 3 ms walking the primary key backwards).
        unlabelled = Criteria(criteria.units, None, criteria.filters)
        clause, params = where(unlabelled, filters=False, title_only=True)
        if before is not None:
            clause += " AND id < %s"
            params.append(before)
        sql = f"SELECT id FROM search_document WHERE {clause} ORDER BY id DESC LIMIT %s"  # noqa: S608
        return sql, [*params, size]

    def _match_sql(self, criteria: Criteria):
        clause, params = where(criteria, filters=False)
        sql = f"SELECT '[' || string_agg(id::text, ',') || ']' FROM search_document WHERE {clause}"  # noqa: S608
        return sql, params

    def _words_sql(self, units, among=None):
        clauses, params = [], []
        if among is not None:
            clauses.append("id = ANY(%s)")
            params.append(list(among))
        for unit in units:
            tsquery, tsparams = unit_tsquery(unit)
            clauses.append(f"document @@ {tsquery}")
            params += tsparams
        sql = (
            "SELECT '[' || string_agg(id::text, ',') || ']' FROM search_document"  # noqa: S608
            f" WHERE {' AND '.join(clauses)}"
        )
        return sql, params

    def ranked(
        self, criteria: Criteria, limit: int, offset: int, ids: list[int]
    ) -> list[tuple[int, float]]:
        # The documents are known (at most RANK_LIMITS): read them by primary key and rank
        # them. Matching the criteria again let the planner scan the labels index and detoast
        # every visible row to test the words (30 ms for 9 hits at 10,000 practices).
        queries, rank_params = [], []
        for unit in criteria.units:
            tsquery, tsparams = unit_tsquery(unit)
            queries.append(tsquery)
            rank_params += tsparams
        rank = f"ts_rank_cd(document, {' || '.join(queries)})" if queries else "0"
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, {rank} AS score FROM search_document WHERE id = ANY(%s)"  # noqa: S608
                " ORDER BY score DESC, id DESC LIMIT %s OFFSET %s",
                [*rank_params, ids, limit, offset],
            )
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    def by_title(
        self, criteria: Criteria, lang: str, limit: int, offset: int, ids: list[int]
    ) -> list[int]:
        column = self._sort_column(lang)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM search_document WHERE id = ANY(%s)"  # noqa: S608
                f' ORDER BY {column} COLLATE "C", id LIMIT %s OFFSET %s',
                [ids, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("ANALYZE search_document")
