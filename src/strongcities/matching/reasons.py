"""Stored reasons (JSON, scoring.py) rendered as sentences in the reader's language.

A reason is a dict with a `code` and the ids it needs: concept ids (labels come from the
taxonomy's translated columns at reading time), a city id, language codes. Each code is one
whole translatable sentence with placeholders; lists are joined through a translated pattern
("A, B and C").
"""

from collections.abc import Iterable, Mapping
from functools import lru_cache

from django.conf import settings
from django.utils.translation import get_language, get_language_info, gettext, ngettext, pgettext

FALLBACK = tuple(getattr(settings, "MODELTRANSLATION_FALLBACK_LANGUAGES", ("en",)))

CONCEPT_LIST_CODES = ("shared_challenges", "practices", "runs", "audiences")
CONCEPT_LIST_CODES += ("addresses", "for_audiences")


def concept_ids(reasons_lists: Iterable[list[dict]]) -> set[int]:
    """Every concept id the reasons name (themes, audiences, a region, an evidence level)."""
    ids: set[int] = set()
    for reasons in reasons_lists:
        for reason in reasons:
            ids.update(reason.get("concepts", ()))
            for key in ("concept", "level"):
                if reason.get(key):
                    ids.add(reason[key])
    return ids


def load_labels(ids: Iterable[int]) -> dict[int, str]:
    """Concept labels in the active language (modeltranslation), in one query."""
    from strongcities.core.taxonomy.models import Concept

    ids = set(ids)
    if not ids:
        return {}
    lang = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    codes = [code for code, _name in settings.LANGUAGES]
    wanted = [f"label_{code}" for code in dict.fromkeys([lang, *FALLBACK]) if code in codes]
    rows = Concept.objects.filter(pk__in=ids).values_list("pk", *wanted, "label")
    # The reader's language, else the fallback language, else the untranslated column.
    return {pk: next((label for label in labels if label), "") for pk, *labels in rows}


def _lang() -> str:
    return get_language() or settings.LANGUAGE_CODE


@lru_cache(maxsize=16)
def patterns(lang: str) -> dict[str, str]:
    """Every sentence pattern in `lang` (the active language when first asked).

    Catalogs do not change while a process runs, and a page renders hundreds of reasons: each
    gettext call would look the active translation up again."""
    return {
        # Translators: the separator between the items of a list but the last two: "A, B and C".
        "separator": pgettext("list separator", ", "),
        # Translators: the end of a list: "A, B and C" is "%(first)s and %(last)s", first "A, B".
        "list": gettext("%(first)s and %(last)s"),
        "shared_challenges": gettext("also works on %(concepts)s"),
        "runs": gettext("already runs work on %(concepts)s"),
        "audiences": gettext("shares priority audiences: %(concepts)s"),
        "addresses": gettext("addresses the city's challenges: %(concepts)s"),
        "for_audiences": gettext("for the city's priority audiences: %(concepts)s"),
        "evidence_reviewed": gettext("evidence: %(level)s; peer reviewed"),
        "evidence": gettext("evidence: %(level)s"),
        "reviewed": gettext("evidence: peer reviewed"),
        "same_region": gettext("also in %(region)s"),
        "similar_city": gettext("from a similar city: %(city)s"),
        "similar_size": gettext("similar size"),
        "language": gettext("speaks %(languages)s"),
        "available_in": gettext("available in %(languages)s"),
    }


@lru_cache(maxsize=256)
def published(lang: str, count: int) -> str:
    return ngettext(
        "published %(count)d practice on these themes",
        "published %(count)d practices on these themes",
        count,
    ) % {"count": count}


@lru_cache(maxsize=256)
def language_name(code: str, lang: str = "") -> str:
    """The language's name in the active language ("French", "français"), else its code."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def join(items: list[str], lang: str | None = None) -> str:
    """'A', 'A and B', 'A, B and C' in the active language."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    texts = patterns(lang or _lang())
    return texts["list"] % {"first": texts["separator"].join(items[:-1]), "last": items[-1]}


def in_sentence(label: str, lang: str | None = None) -> str:
    """A taxonomy label ("Youth engagement") inside a sentence ("youth engagement").

    The first letter is lowered unless the label starts with an acronym ("ICT training").
    """
    if len(label) < 2 or not label[0].isupper() or label[1].isupper():
        return label
    first = label[0]
    if (lang or _lang()).startswith("tr"):
        first = {"I": "ı", "İ": "i"}.get(first, first)
    return first.lower() + label[1:]


def _concepts(reason: dict, labels: Mapping[int, str], lang: str) -> str:
    names = [in_sentence(labels[pk], lang) for pk in reason["concepts"] if pk in labels]
    return join(names, lang)


def _languages(reason: dict, lang: str) -> str:
    return join([language_name(code, lang) for code in reason["languages"]], lang)


def _concept_list(reason: dict, labels, cities, lang: str) -> str | None:
    concepts = _concepts(reason, labels, lang)
    if not concepts:
        return None
    if reason["code"] == "practices":
        return published(lang, reason["count"])
    return patterns(lang)[reason["code"]] % {"concepts": concepts}


def _region(reason: dict, labels, cities, lang: str) -> str | None:
    region = labels.get(reason.get("concept"))
    return patterns(lang)["same_region"] % {"region": region} if region else None


def _similar_city(reason: dict, labels, cities, lang: str) -> str | None:
    city = cities.get(reason.get("city"))
    return patterns(lang)["similar_city"] % {"city": city} if city else None


def _language_list(reason: dict, labels, cities, lang: str) -> str:
    return patterns(lang)[reason["code"]] % {"languages": _languages(reason, lang)}


SENTENCES = {
    **dict.fromkeys(CONCEPT_LIST_CODES, _concept_list),
    "similar_size": lambda reason, labels, cities, lang: patterns(lang)["similar_size"],
    "same_region": _region,
    "language": _language_list,
    "available_in": _language_list,
    "evidence": lambda reason, labels, cities, lang: _evidence(reason, labels, lang),
    "similar_city": _similar_city,
}


def sentence(
    reason: dict, labels: Mapping[int, str], cities: Mapping[int, str], lang: str | None = None
) -> str | None:
    """One reason as a sentence; None when what it names is gone (a deleted concept)."""
    build = SENTENCES.get(reason.get("code"))
    return build(reason, labels, cities, lang or _lang()) if build else None


def _evidence(reason: dict, labels: Mapping[int, str], lang: str) -> str | None:
    texts = patterns(lang)
    level = labels.get(reason.get("level")) if reason.get("level") else None
    if level:
        key = "evidence_reviewed" if reason.get("peer_reviewed") else "evidence"
        return texts[key] % {"level": in_sentence(level, lang)}
    return texts["reviewed"] if reason.get("peer_reviewed") else None


def render(
    reasons: list[dict],
    labels: Mapping[int, str] | None = None,
    cities: Mapping[int, str] | None = None,
) -> list[str]:
    """The reasons as sentences in the active language.

    `labels` (concept id → label) and `cities` (city id → name) may be given when the caller
    has loaded them for many rows at once; otherwise they are loaded here (one query each).
    """
    if labels is None:
        labels = load_labels(concept_ids([reasons]))
    if cities is None:
        wanted = {r["city"] for r in reasons if r.get("code") == "similar_city"}
        cities = {}
        if wanted:
            from strongcities.members.models import City

            cities = {c.pk: str(c.name) for c in City.objects.filter(pk__in=wanted)}
    lang = _lang()
    rendered = (sentence(reason, labels, cities, lang) for reason in reasons)
    return [text for text in rendered if text]
