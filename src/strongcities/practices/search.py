"""What the search index holds for a practice, and keeping it up to date.

One document per PUBLISHED practice (core/search/documents.Document): its texts in every
language it is written in, the labels of its tags and its owner's names (every language), its
visibility labels (Practice.labels()) and its facet tokens. Any other status, or a deleted
practice, is removed from the index. Signals (signals.py) call `index_practices` after commit.
"""

from django.conf import settings
from django.db import models

from strongcities.core.search.backends import get_backend
from strongcities.core.search.documents import Document, facet_token
from strongcities.core.search.folding import folded_words, tokens
from strongcities.core.search.vocabulary import Vocabulary, get_vocabulary
from strongcities.practices.models import TEXT_FIELDS, Practice

LANGS = tuple(code for code, _name in settings.LANGUAGES)
BODY_FIELDS = TEXT_FIELDS[1:]
TAGS = (("themes", "theme"), ("audiences", "audience"), ("stakeholders", "stakeholder"))
LEVELS = (
    ("prevention_level", "prevention"),
    ("evidence_level", "evidence"),
    ("geographic_scope", "scope"),
)


def indexable() -> models.QuerySet:
    """The published practices, with everything document_for reads."""
    return (
        Practice.objects.filter(status=Practice.Status.PUBLISHED)
        .select_related(
            "city__region", "partner", "prevention_level", "evidence_level", "geographic_scope"
        )
        .prefetch_related("themes", "audiences", "stakeholders", "shared_with")
        .order_by("pk")
    )


def _names(obj, field: str) -> list[str]:
    return [value for lang in LANGS if (value := getattr(obj, f"{field}_{lang}", ""))]


def _mentions(texts: dict[str, dict[str, str]], vocabulary: Vocabulary) -> list[str]:
    found = set()
    for fields in texts.values():
        for text in fields.values():
            found.update(entry.mention_token for entry in vocabulary.mentions(tokens(text)))
    return sorted(found)


def document_for(practice: Practice, vocabulary: Vocabulary | None = None) -> Document:
    """The index document of a published practice."""
    languages = practice.languages()
    texts = {
        lang: {
            "title": practice.text("title", lang),
            "body": "\n".join(
                value for name in BODY_FIELDS if (value := practice.text(name, lang))
            ),
        }
        for lang in languages
    }
    tags: list[str] = []
    facets: list[str] = []
    for relation, facet in TAGS:
        for concept in getattr(practice, relation).all():
            tags.extend(_names(concept, "label"))
            facets.append(facet_token(facet, concept.code))
    for name, facet in LEVELS:
        concept = getattr(practice, name)
        if concept is not None:
            facets.append(facet_token(facet, concept.code))
    owner = practice.city or practice.partner
    if owner is not None:
        tags.extend(_names(owner, "name"))
    if practice.city is not None:
        facets.append(facet_token("city", practice.city.slug))
        if practice.city.region is not None:
            facets.append(facet_token("region", practice.city.region.code))
    facets.extend(facet_token("language", lang) for lang in languages)
    if practice.label:
        facets.append(facet_token("label", practice.label))
    return Document(
        id=practice.pk,
        language=practice.language,
        published_at=practice.published_at or practice.updated_at or practice.created_at,
        texts=texts,
        tags=tags,
        labels=practice.labels(),
        facets=sorted(set(facets)),
        sort_titles={
            lang: folded_words(practice.text("title", practice.shown_language(lang)))
            for lang in LANGS
        },
        mentions=_mentions(texts, vocabulary or get_vocabulary()),
    )


def index_practices(pks) -> None:
    """Bring the index in line with the practices `pks`: published ones (re)indexed, others
    (or deleted ones) removed."""
    pks = sorted({int(pk) for pk in pks if pk is not None})
    if not pks:
        return
    vocabulary = get_vocabulary()
    documents = [document_for(p, vocabulary) for p in indexable().filter(pk__in=pks)]
    backend = get_backend()
    backend.upsert(documents)
    backend.delete(sorted(set(pks) - {d.id for d in documents}))
