"""A reader's query, parsed into units that every backend turns into its own query language.

Words are folded (core of folding.py) and ANDed. "Quoted words" form a phrase. Any run of words
that is a concept's label or synonym in any language (the longest first, the whole query
included) becomes a unit that also matches the concept: practices tagged with it, or containing
any of its labels and synonyms in the other languages. Nothing a reader types is ever passed to
a query parser: operators and punctuation are just ignored.
"""

import re
from dataclasses import dataclass, field

from strongcities.core.search.folding import tokens
from strongcities.core.search.vocabulary import ConceptEntry, Vocabulary

MAX_UNITS = 12
MAX_QUERY = 500
PREFIX_FROM = 3  # words this long also match as prefixes ("mentor" finds "mentoring")
_QUOTED = re.compile(r'"([^"]*)"')


@dataclass
class Unit:
    """Words that must all match (as a phrase when `phrase`), or one of `concepts`."""

    words: tuple[str, ...]
    phrase: bool = False
    concepts: list[ConceptEntry] = field(default_factory=list)

    @property
    def prefix(self) -> bool:
        return not self.phrase and len(self.words[0]) >= PREFIX_FROM

    @property
    def facet_tokens(self) -> list[str]:
        """Tokens of the documents tagged with, or mentioning, the unit's concepts."""
        return [t for entry in self.concepts for t in (entry.token, entry.mention_token)]


@dataclass
class ParsedQuery:
    units: list[Unit]

    @property
    def empty(self) -> bool:
        return not self.units

    @property
    def concepts(self) -> list[ConceptEntry]:
        out: list[ConceptEntry] = []
        for unit in self.units:
            out.extend(e for e in unit.concepts if all(e is not o for o in out))
        return out

    @property
    def words(self) -> set[str]:
        """The folded words the reader typed."""
        return {word for unit in self.units for word in unit.words}

    @property
    def expansion_phrases(self) -> set[tuple[str, ...]]:
        """The folded labels and synonyms (any language) of the concepts the query names."""
        return {
            words
            for unit in self.units
            for entry in unit.concepts
            for _lang, words in entry.phrases
        }


def _match_concepts(words: list[str], vocabulary: Vocabulary) -> list[Unit]:
    """Greedy longest match of runs of words against the concept vocabulary."""
    units, i = [], 0
    while i < len(words):
        for n in range(min(vocabulary.longest, len(words) - i), 0, -1):
            run = tuple(words[i : i + n])
            concepts = vocabulary.phrases.get(run)
            if concepts:
                units.append(Unit(run, phrase=n > 1, concepts=list(concepts)))
                i += n
                break
        else:
            units.append(Unit((words[i],)))
            i += 1
    return units


def parse(text: str, vocabulary: Vocabulary) -> ParsedQuery:
    text = (text or "")[:MAX_QUERY]
    units: list[Unit] = []
    for quoted in _QUOTED.findall(text):
        words = tuple(tokens(quoted))
        if len(words) > 1:
            concepts = vocabulary.phrases.get(words, [])
            units.append(Unit(words, phrase=True, concepts=list(concepts)))
        elif words:
            units.extend(_match_concepts(list(words), vocabulary))
    units.extend(_match_concepts(tokens(_QUOTED.sub(" ", text)), vocabulary))
    unique: list[Unit] = []
    for unit in units:
        if all(u.words != unit.words for u in unique):
            unique.append(unit)
    return ParsedQuery(unique[:MAX_UNITS])
