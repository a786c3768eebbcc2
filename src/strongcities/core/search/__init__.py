"""Cross-lingual full-text search of the practice library (SQLite FTS5 or PostgreSQL).

    from strongcities.core.search import search, FACETS, parse_filters

See engine.py for the query path, backends/ for the index of each database, memory.py for the
facet counting, and strongcities/practices/search.py for what is indexed.
"""

from strongcities.core.search.documents import FACETS

__all__ = ["FACETS", "FacetValue", "Hit", "SearchResults", "parse_filters", "search"]


def __getattr__(name: str):
    # Lazy: the package is imported while Django loads its apps, before models are ready.
    if name in {"search", "parse_filters", "Hit", "FacetValue", "SearchResults"}:
        from strongcities.core.search import engine

        return getattr(engine, name)
    raise AttributeError(name)
