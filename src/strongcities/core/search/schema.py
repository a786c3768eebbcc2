"""The index tables of each backend (created and dropped by migrations/0001_initial.py)."""

import logging

from django.conf import settings
from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)
LANGS = tuple(code for code, _name in settings.LANGUAGES)
# PostgreSQL text search configuration of each language (when the server has it).
PG_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "tr": "turkish", "ar": "arabic"}

SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, tags, labels, facets,
        tokenize = "unicode61 remove_diacritics 2", prefix = '3')""",
    """CREATE VIRTUAL TABLE search_title USING fts5(
        title, tags, tokenize = "unicode61 remove_diacritics 2", prefix = '3')""",
    "CREATE TABLE search_document ("
    " id INTEGER PRIMARY KEY,"
    " language TEXT NOT NULL,"
    " published REAL NOT NULL,"
    " labels TEXT NOT NULL,"
    " tokens TEXT NOT NULL,"
    " texts TEXT NOT NULL,"
    + ",".join(f" sort_{lang} TEXT NOT NULL DEFAULT ''" for lang in LANGS)
    + ")",
    "CREATE INDEX search_document_published ON search_document (published, id)",
    *(
        f"CREATE INDEX search_document_sort_{lang} ON search_document (sort_{lang}, id)"
        for lang in LANGS
    ),
    "CREATE TABLE search_change ("
    " seq INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL, stamp TEXT NOT NULL)",
]
SQLITE_DROP = [
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_title",
    "DROP TABLE IF EXISTS search_document",
    "DROP TABLE IF EXISTS search_change",
]

POSTGRES = [
    "CREATE TABLE search_document ("
    " id bigint PRIMARY KEY,"
    " language varchar(8) NOT NULL,"
    " published double precision NOT NULL,"
    " labels text[] NOT NULL,"
    " facets text[] NOT NULL,"
    " tokens text[] NOT NULL,"
    " texts jsonb NOT NULL,"
    " document tsvector NOT NULL,"
    " title_document tsvector NOT NULL,"
    + ",".join(f" sort_{lang} text NOT NULL DEFAULT ''" for lang in LANGS)
    # Texts and tsvectors out of line: the rows a query visits stay small (ids, labels, facets).
    + ") WITH (toast_tuple_target = 128)",
    "CREATE INDEX search_document_document ON search_document USING gin (document)",
    "CREATE INDEX search_document_title ON search_document USING gin (title_document)",
    "CREATE INDEX search_document_labels ON search_document USING gin (labels)",
    "CREATE INDEX search_document_facets ON search_document USING gin (facets)",
    "CREATE INDEX search_document_published ON search_document (published, id)",
    *(
        f'CREATE INDEX search_document_sort_{lang} ON search_document (sort_{lang} COLLATE "C", id)'
        for lang in LANGS
    ),
    "CREATE TABLE search_change ("
    " seq bigserial PRIMARY KEY, doc_id bigint NOT NULL, stamp varchar(32) NOT NULL)",
]
POSTGRES_DROP = [
    "DROP TABLE IF EXISTS search_document",
    "DROP TABLE IF EXISTS search_change",
    "DROP FUNCTION IF EXISTS search_cfg(text)",
    "DROP FUNCTION IF EXISTS search_fold(text)",
]


def _postgres_functions(cursor, alias: str) -> list[str]:
    """search_cfg(lang) -> regconfig and search_fold(text), from what the server offers."""
    cursor.execute("SELECT cfgname FROM pg_ts_config")
    available = {row[0] for row in cursor.fetchall()}
    cases = " ".join(
        f"WHEN '{lang}' THEN '{config}'::regconfig"
        for lang, config in PG_CONFIGS.items()
        if config in available
    )
    statements = [
        "CREATE OR REPLACE FUNCTION search_cfg(code text) RETURNS regconfig"
        f" LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE code {cases}"
        " ELSE 'simple'::regconfig END $$"
    ]
    try:
        with transaction.atomic(using=alias):
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except DatabaseError:
        # No right to create it: search_fold lowers without unaccent (Python folds anyway).
        logger.warning("Could not create the unaccent extension; searching without it.")
    cursor.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
        " WHERE e.extname = 'unaccent'"
    )
    row = cursor.fetchone()
    body = f"lower({row[0]}.unaccent('{row[0]}.unaccent'::regdictionary, t))" if row else "lower(t)"
    statements.append(
        "CREATE OR REPLACE FUNCTION search_fold(t text) RETURNS text"
        f" LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT {body} $$"
    )
    return statements


def create(apps, schema_editor) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in [*_postgres_functions(cursor, connection.alias), *POSTGRES]:
                cursor.execute(statement)
        else:
            for statement in SQLITE:
                cursor.execute(statement)


def drop(apps, schema_editor) -> None:
    connection = schema_editor.connection
    statements = POSTGRES_DROP if connection.vendor == "postgresql" else SQLITE_DROP
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
