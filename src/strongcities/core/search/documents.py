"""What the index holds for one published practice, independent of the backend."""

from dataclasses import dataclass, field
from datetime import datetime

# Facets offered to readers, in display order (also the URL parameter names).
FACETS = (
    "theme",
    "audience",
    "stakeholder",
    "prevention",
    "evidence",
    "region",
    "city",
    "language",
    "label",
)
# Taxonomy scheme of each concept facet (and of the indexed-but-not-offered geographic scope).
CONCEPT_FACETS = {
    "theme": "theme",
    "audience": "audience",
    "stakeholder": "sector",
    "prevention": "prevention-level",
    "evidence": "evidence-level",
    "region": "region",
    "scope": "geographic-scope",
}
VISIBILITY_PREFIX = "vis"
# Documents whose text mentions a concept (one of its labels or synonyms, in any language).
MENTION_PREFIX = "mention"


def facet_token(facet: str, value: str) -> str:
    return f"{facet}:{value}"


def visibility_token(label: str) -> str:
    return f"{VISIBILITY_PREFIX}:{label}"


@dataclass
class Document:
    """One row of the index: a published practice.

    `texts[lang]` holds the original text of each language the practice is written in
    ({"title": ..., "body": ...}); `tags` are the labels of its concepts (every language) and its
    owner's names; `labels` its visibility labels (core/visibility.py); `facets` its facet tokens
    ("theme:youth-engagement", "city:tunis", ...); `sort_titles[lang]` the folded title a reader
    of `lang` sees; `mentions` the concepts its text names (vocabulary.mentions), so that a
    query expanded to a concept is one token lookup, not a dozen phrases in five languages.
    """

    id: int
    language: str
    published_at: datetime
    texts: dict[str, dict[str, str]]
    tags: list[str] = field(default_factory=list)
    labels: frozenset[str] = frozenset()
    facets: list[str] = field(default_factory=list)
    sort_titles: dict[str, str] = field(default_factory=dict)
    mentions: list[str] = field(default_factory=list)  # "mention:theme:online-radicalisation"

    @property
    def tokens(self) -> list[str]:
        """Facet, concept mention and visibility tokens: what the in-memory bitsets keep per
        document (a query naming a concept ORs its facet and mention bitsets)."""
        return sorted(
            {*self.facets, *self.mentions, *(visibility_token(label) for label in self.labels)}
        )
