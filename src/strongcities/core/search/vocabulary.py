"""The concept vocabulary (labels and synonyms in every language) and city names, in memory.

Loaded once per process and reloaded when a Concept or a City changes: the signal handlers in
apps.py delete a version key in Django's cache (shared by every worker when Redis is used), at
once and after commit, and every search compares it with the version it loaded.
"""

import threading
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction

from strongcities.core.search.documents import CONCEPT_FACETS, MENTION_PREFIX
from strongcities.core.search.folding import tokens

VERSION_KEY = "search:vocabulary"
LANGS = tuple(code for code, _name in settings.LANGUAGES)
MAX_PHRASE = 8


@dataclass(eq=False)
class ConceptEntry:
    """A concept the search knows: its facet, and every label and synonym, folded."""

    concept: object  # the Concept instance (for `results.expansions`)
    facet: str
    code: str
    labels: dict[str, str]
    position: int
    phrases: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (lang, tokens)

    @property
    def token(self) -> str:
        return f"{self.facet}:{self.code}"

    @property
    def mention_token(self) -> str:
        """The token of documents whose text contains one of the concept's phrases."""
        return f"{MENTION_PREFIX}:{self.facet}:{self.code}"


@dataclass
class Vocabulary:
    concepts: dict[tuple[str, str], ConceptEntry]  # (facet, code) -> entry
    phrases: dict[tuple[str, ...], list[ConceptEntry]]  # folded words -> concepts
    cities: dict[str, dict[str, str]]  # slug -> {lang: name}
    longest: int = 1
    first_words: frozenset[str] = frozenset()

    def mentions(self, words: list[str]) -> list[ConceptEntry]:
        """The concepts whose label or synonym (any language) occurs in `words`."""
        found: list[ConceptEntry] = []
        count = len(words)
        for i, word in enumerate(words):
            if word not in self.first_words:
                continue
            for n in range(1, min(self.longest, count - i) + 1):
                for entry in self.phrases.get(tuple(words[i : i + n]), ()):
                    if all(entry is not other for other in found):
                        found.append(entry)
        return found

    def concept(self, facet: str, code: str) -> ConceptEntry | None:
        return self.concepts.get((facet, code))

    def label(self, facet: str, code: str, lang: str) -> str:
        entry = self.concepts.get((facet, code))
        if entry is None:
            return code
        return entry.labels.get(lang) or entry.labels.get("en") or code

    def city_name(self, slug: str, lang: str) -> str:
        names = self.cities.get(slug, {})
        return names.get(lang) or names.get("en") or slug


_lock = threading.Lock()
_loaded: tuple[str, Vocabulary] | None = None


def _forget() -> None:
    global _loaded  # noqa: PLW0603 - the process-wide cache
    cache.delete(VERSION_KEY)
    _loaded = None


def invalidate(using: str = DEFAULT_DB_ALIAS, **_kwargs) -> None:
    """Signal handler: a concept or a city changed.

    Forgotten now (this transaction's next search reads the change) and again after commit: a
    process that reloaded in between read the rows of before the change.
    """
    _forget()
    transaction.on_commit(_forget, using=using)


def get_vocabulary() -> Vocabulary:
    """The vocabulary, loaded (two queries) when missing or outdated."""
    global _loaded  # noqa: PLW0603 - the process-wide cache
    version = cache.get(VERSION_KEY)
    loaded = _loaded
    if version is not None and loaded is not None and loaded[0] == version:
        return loaded[1]
    with _lock:
        vocabulary = _load()
        if version is None:
            version = uuid.uuid4().hex
            cache.set(VERSION_KEY, version, None)
        _loaded = (version, vocabulary)
    return vocabulary


def _synonyms(concept, lang: str) -> list[str]:
    return [s.strip() for s in (getattr(concept, f"synonyms_{lang}", "") or "").splitlines()]


def _load() -> Vocabulary:
    from strongcities.core.taxonomy.models import Concept
    from strongcities.members.models import City

    facet_of = {scheme: facet for facet, scheme in CONCEPT_FACETS.items()}
    concepts: dict[tuple[str, str], ConceptEntry] = {}
    phrases: dict[tuple[str, ...], list[ConceptEntry]] = {}
    rows = Concept.objects.filter(scheme__code__in=list(facet_of)).select_related("scheme")
    for concept in rows:
        facet = facet_of[concept.scheme.code]
        labels = {lang: getattr(concept, f"label_{lang}", "") or "" for lang in LANGS}
        entry = ConceptEntry(concept, facet, concept.code, labels, concept.position)
        concepts[(facet, concept.code)] = entry
        if not concept.active:
            continue
        seen = set()
        for lang in LANGS:
            for text in [labels[lang], *_synonyms(concept, lang)]:
                words = tuple(tokens(text))
                if not words or len(words) > MAX_PHRASE or (lang, words) in seen:
                    continue
                seen.add((lang, words))
                entry.phrases.append((lang, words))
                bucket = phrases.setdefault(words, [])
                if entry not in bucket:
                    bucket.append(entry)
    name_fields = [f"name_{lang}" for lang in LANGS]
    cities = {
        row[0]: {lang: name for lang, name in zip(LANGS, row[1:], strict=True) if name}
        for row in City.objects.values_list("slug", *name_fields)
    }
    longest = max((len(words) for words in phrases), default=1)
    first_words = frozenset(words[0] for words in phrases)
    return Vocabulary(concepts, phrases, cities, longest, first_words)
