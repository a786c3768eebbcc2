"""search(): one interface over both backends (docs/architecture.md, "Search").

The hot path of one query:
1. the vocabulary (concepts, city names) from process memory, checked against a version key in
   Django's cache (reloaded with 2 queries after a concept or city change);
2. the in-memory facet bitsets checked against the index's change log (1 query, plus 1 when the
   index changed since this process last looked; memory.py);
3. the documents matching the words (1 query, FTS5 MATCH / tsvector @@, plus 1 per word naming
   a concept, ORed with the concept's bitsets; none for a browse without words, nor for words
   this process answered since the index last changed), ANDed at once with the reader's
   visibility bitset: nothing hidden goes further;
4. facet filters, total and facet counts: bitset ANDs and popcounts over the visible matched set;
5. the page of hits: bm25 / ts_rank_cd in SQL with the same filters (1 query) when the set is at
   most RANK_LIMITS, else title matches first (streamed until the page is full), then the other
   matches newest first (1 query); recency order from memory; title order in SQL (1 query);
6. the texts of the page's hits, visibility checked again (1 query); snippets in Python.
"""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info, override

from strongcities.core.search import memory as index_memory
from strongcities.core.search import pending
from strongcities.core.search.backends import get_backend
from strongcities.core.search.backends.base import Criteria
from strongcities.core.search.documents import FACETS, facet_token, visibility_token
from strongcities.core.search.query import ParsedQuery, parse
from strongcities.core.search.snippets import Matcher, matched_spans, snippet
from strongcities.core.search.vocabulary import Vocabulary, get_vocabulary
from strongcities.core.visibility import user_labels

LANGS = tuple(code for code, _name in settings.LANGUAGES)
ORDERS = ("relevance", "recent", "title")
# Above this many matches, relevance is title-then-body, newest first (bm25 costs ~3 µs a
# document in SQLite, ts_rank_cd ~20 µs in PostgreSQL, which detoasts each tsvector: 600 cost
# about 13 ms).
RANK_LIMITS = {"sqlite": 4000, "postgresql": 600}
SMALL_SET = 4000
MAX_PAGE_SIZE = 100
LEVEL_FACETS = ("prevention", "evidence")


@dataclass
class Hit:
    id: int
    score: float
    snippet: SafeString
    language: str
    matched_language: str


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    expansions: list = field(default_factory=list)
    page: int = 1
    page_size: int = 20
    pages: int = 1
    order: str = "relevance"

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _label_values() -> set[str]:
    from strongcities.practices.models import Practice

    return set(Practice.Label.values)


def _valid(facet: str, value: str, vocabulary: Vocabulary) -> bool:
    if facet == "city":
        return value in vocabulary.cities
    if facet == "language":
        return value in LANGS
    if facet == "label":
        return value in _label_values()
    return vocabulary.concept(facet, value) is not None


def clean_filters(filters, vocabulary: Vocabulary | None = None) -> dict[str, list[str]]:
    """Known facets and values only, without duplicates; unknown ones are dropped silently."""
    vocabulary = vocabulary or get_vocabulary()
    out: dict[str, list[str]] = {}
    for facet in FACETS:
        values = (filters or {}).get(facet) or []
        if isinstance(values, str):
            values = [values]
        kept: list[str] = []
        for raw in values:
            value = str(raw).strip()[:120]
            if value and value not in kept and _valid(facet, value, vocabulary):
                kept.append(value)
        if kept:
            out[facet] = kept
    return out


def parse_filters(querydict) -> dict[str, list[str]]:
    """GET parameters -> {facet: [values]} (facets with at least one known value only)."""
    raw = {}
    for facet in FACETS:
        if hasattr(querydict, "getlist"):
            raw[facet] = querydict.getlist(facet)
        else:
            raw[facet] = (querydict or {}).get(facet) or []
    return clean_filters(raw)


def _number(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _language(lang: str | None) -> str:
    lang = (lang or "en").lower()
    return lang if lang in LANGS else lang.split("-")[0] if lang.split("-")[0] in LANGS else "en"


def _visible(memory, labels) -> int:
    if labels is None:
        return memory.all_bits
    bits = 0
    for label in labels:
        bits |= memory.token_bits(visibility_token(label))
    return bits


def _newest_first(memory, bits: int, offset: int, limit: int) -> list[int]:
    """Ids of `bits`, newest publication first, sliced."""
    if not bits or limit <= 0:
        return []
    if bits.bit_count() <= SMALL_SET:
        ids = index_memory.ids_of(bits)
        published = memory.published
        ids.sort(key=lambda i: (published.get(i, 0.0), i), reverse=True)
        return ids[offset : offset + limit]
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
    size, out, skipped = len(data), [], 0
    for _published, doc_id in reversed(memory.recent):
        byte = doc_id >> 3
        if byte < size and data[byte] >> (doc_id & 7) & 1:
            if skipped < offset:
                skipped += 1
                continue
            out.append(doc_id)
            if len(out) == limit:
                break
    return out


def word_groups(parsed: ParsedQuery) -> list[list]:
    """The units naming no concept together, then each unit naming concepts alone."""
    plain = [unit for unit in parsed.units if not unit.facet_tokens]
    return ([plain] if plain else []) + [[unit] for unit in parsed.units if unit.facet_tokens]


def _matched(memory, backend, parsed: ParsedQuery) -> int:
    """Bitset of the documents matching every unit of the query, whoever may read them.

    The units naming no concept are one full-text statement (their AND); each unit naming
    concepts is its own statement, ORed with the bitsets of the documents tagged with or
    mentioning its concepts. Each statement's result is remembered by the process until the
    index changes (memory.match_bits), so refining a search re-reads nothing."""
    bits = None
    for group in word_groups(parsed):
        key = tuple((unit.words, unit.phrase) for unit in group)
        group_bits = memory.match_bits(
            key, lambda group=group: backend.words_bits(group), units=group
        )
        for unit in group:
            for token in unit.facet_tokens:
                group_bits |= memory.token_bits(token)
        bits = group_bits if bits is None else bits & group_bits
        if not bits:
            return 0
    return bits or 0


@dataclass
class _Plan:
    parsed: ParsedQuery
    criteria: Criteria
    base: int
    filter_bits: dict[str, int]
    matched: int


def _facet_counts(memory, plan: _Plan) -> dict[str, dict[str, int]]:
    """Count of each facet value over the visible matched set, each facet's own filter left
    out (OR within a facet: the counts say what choosing one more value would add)."""
    bases = {}
    for facet in FACETS:
        bits = plan.base
        for other, other_bits in plan.filter_bits.items():
            if other != facet:
                bits &= other_bits
        bases[facet] = bits
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    for facet in index_memory.PER_DOCUMENT_FACETS:
        for token, count in memory.value_counts(facet, bases.pop(facet)).items():
            counts[facet][token.partition(":")[2]] = count
    for token, token_bits in memory.bits.items():
        facet, _sep, value = token.partition(":")
        base = bases.get(facet)
        if base:
            count = (base & token_bits).bit_count()
            if count:
                counts[facet][value] = count
    return counts


def _page_ids(backend, memory, plan: _Plan, *, order: str, lang: str, offset: int, limit: int):
    """[(id, score)] of the requested page."""
    if order == "title":
        ids = index_memory.ids_of(plan.matched) if backend.reads_by_id else []
        return [(i, 0.0) for i in backend.by_title(plan.criteria, lang, limit, offset, ids)]
    if order == "recent" or plan.parsed.empty:
        return [(i, 0.0) for i in _newest_first(memory, plan.matched, offset, limit)]
    if plan.matched.bit_count() <= RANK_LIMITS.get(backend.connection.vendor, 1500):
        ids = index_memory.ids_of(plan.matched) if backend.reads_by_id else []
        return backend.ranked(plan.criteria, limit, offset, ids)
    return _title_first(backend, memory, plan, offset, limit)


def _title_first(backend, memory, plan: _Plan, offset: int, limit: int):
    """Too many matches to rank them all: title (or tag) matches first, highest id first, then
    the other matches, newest first. Reads title matches only until the page is full."""
    matched = plan.matched
    data = matched.to_bytes((matched.bit_length() + 7) >> 3, "little")
    size, first, complete = len(data), [], True
    # A first batch of about twice the ids needed: most title matches are in the matched set,
    # and a small batch stops the backend's walk down the ids early.
    for doc_id in backend.title_ids(plan.criteria, first=2 * (offset + limit) + 10):
        byte = doc_id >> 3
        if byte < size and data[byte] >> (doc_id & 7) & 1:
            first.append(doc_id)
            if len(first) >= offset + limit:
                complete = False
                break
    out = [(i, 2.0) for i in first[offset : offset + limit]]
    if complete and len(out) < limit:
        rest = matched & ~index_memory.bits_of(first)
        rest_offset = max(0, offset - len(first))
        out += [(i, 1.0) for i in _newest_first(memory, rest, rest_offset, limit - len(out))]
    return out


def _hit(doc_id: int, score: float, document: tuple[str, dict], terms: Matcher, lang: str):
    language, texts = document
    candidates = [c for c in dict.fromkeys([lang, language, *LANGS]) if c in texts]
    chosen, spans = None, None
    if terms:
        for candidate in candidates:
            body_spans = matched_spans(texts[candidate].get("body", ""), terms)
            if any(s[2] for s in body_spans) or any(
                s[2] for s in matched_spans(texts[candidate].get("title", ""), terms)
            ):
                chosen, spans = candidate, body_spans
                break
    if chosen is None:
        chosen = lang if lang in texts else language
    body = texts.get(chosen, {}).get("body", "")
    text = snippet(body, terms, spans) if body else mark_safe("")
    return Hit(doc_id, score, text, language, chosen)


def _facet_label(facet: str, value: str, lang: str, vocabulary: Vocabulary) -> str:
    if facet == "city":
        return vocabulary.city_name(value, lang)
    if facet == "language":
        info = get_language_info(value)
        return info["name_local"]
    if facet == "label":
        from strongcities.practices.models import Practice

        with override(lang):
            return str(Practice.Label(value).label)
    return vocabulary.label(facet, value, lang)


def _facet_values(counts, filters, lang, vocabulary) -> dict[str, list[FacetValue]]:
    out = {}
    for facet in FACETS:
        selected = filters.get(facet, [])
        values = dict(counts.get(facet, {}))
        for value in selected:
            values.setdefault(value, 0)
        items = [
            FacetValue(
                value, _facet_label(facet, value, lang, vocabulary), count, value in selected
            )
            for value, count in values.items()
        ]
        if facet in LEVEL_FACETS:
            position = {
                v: (e.position if (e := vocabulary.concept(facet, v)) else 0) for v in values
            }
            items.sort(key=lambda fv: (position[fv.value], fv.value))
        else:
            items.sort(key=lambda fv: (-fv.count, fv.label.casefold(), fv.value))
        out[facet] = items
    return out


def search(  # noqa: PLR0917 - the interface of the contract
    query: str,
    filters: dict | None,
    user,
    lang: str,
    page: int = 1,
    page_size: int = 20,
    order: str = "relevance",
) -> SearchResults:
    """The published practices `user` may see that match `query` and `filters`."""
    pending.flush()
    lang = _language(lang)
    vocabulary = get_vocabulary()
    parsed = parse(query, vocabulary)
    filters = clean_filters(filters, vocabulary)
    labels = user_labels(user)
    backend = get_backend()
    memory = index_memory.current(backend)
    tokens = {f: [facet_token(f, v) for v in values] for f, values in filters.items()}
    criteria = Criteria(parsed.units, labels, tokens)
    base = _visible(memory, labels)
    if not parsed.empty:
        base &= _matched(memory, backend, parsed)
    filter_bits = {}
    for facet, facet_tokens in tokens.items():
        bits = 0
        for token in facet_tokens:
            bits |= memory.token_bits(token)
        filter_bits[facet] = bits
    matched = base
    for bits in filter_bits.values():
        matched &= bits
    plan = _Plan(parsed, criteria, base, filter_bits, matched)

    total = matched.bit_count()
    page_size = max(1, min(_number(page_size, 20), MAX_PAGE_SIZE))
    pages = max(1, math.ceil(total / page_size))
    page = max(1, min(_number(page, 1), pages))
    if order not in ORDERS:
        order = "relevance"
    if parsed.empty and order == "relevance":
        order = "recent"
    offset = (page - 1) * page_size
    ranked = (
        _page_ids(backend, memory, plan, order=order, lang=lang, offset=offset, limit=page_size)
        if total
        else []
    )
    texts = backend.fetch([doc_id for doc_id, _score in ranked], labels)
    terms = Matcher(parsed.words, parsed.expansion_phrases)
    hits = [
        _hit(doc_id, score, texts[doc_id], terms, lang)
        for doc_id, score in ranked
        if doc_id in texts
    ]
    return SearchResults(
        total=total,
        hits=hits,
        facets=_facet_values(_facet_counts(memory, plan), filters, lang, vocabulary),
        expansions=[entry.concept for entry in parsed.concepts],
        page=page,
        page_size=page_size,
        pages=pages,
        order=order,
    )
