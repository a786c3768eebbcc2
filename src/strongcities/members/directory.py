"""The member directory: its filter form (choices that exist only) and the filtering itself.

Region, country and challenge filters run in the database. The text query and the language
filter run over one narrow pass of the already-filtered cities, folded in Python, so they are
case- and diacritic-insensitive in every language on SQLite and PostgreSQL alike (the network
has hundreds of cities, not millions).
"""

from collections.abc import Iterable
from functools import lru_cache

from django import forms
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from strongcities.core.taxonomy.models import Concept
from strongcities.core.text import fold

PAGE_SIZE = 24
CONTENT_LANGUAGES = [code for code, _name in settings.LANGUAGES]
TEXT_FIELDS = [f"name_{lang}" for lang in CONTENT_LANGUAGES] + [
    f"summary_{lang}" for lang in CONTENT_LANGUAGES
]


def language_name(code: str) -> str:
    """The name of a language in the reader's language ("ar" -> "Arabic"), or the code."""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def language_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, name in the reader's language), sorted by name."""
    return sorted(((c, language_name(c)) for c in set(codes)), key=lambda c: fold(c[1]))


@lru_cache(maxsize=512)
def country_names(code: str) -> tuple[str, ...]:
    """A country's name in every interface language (so any of them finds it)."""
    names = {str(countries.name(code))}
    for lang in CONTENT_LANGUAGES:
        with translation.override(lang):
            names.add(str(countries.name(code)))
    return tuple(sorted(names))


def challenge_queryset() -> QuerySet:
    return Concept.objects.in_scheme("theme").order_by("position", "code")


class DirectoryFilterForm(forms.Form):
    """The directory's GET filters; only choices that some listed city has are offered."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    challenge = forms.ChoiceField(label=_("Challenge"), required=False)

    def __init__(self, data=None, *, listed: QuerySet) -> None:
        super().__init__(data)
        any_choice = [("", _("Any"))]
        regions = Concept.objects.filter(cities_in_region__in=listed).distinct()
        self.fields["region"].choices = any_choice + [
            (r.code, r.label) for r in regions.order_by("position", "code")
        ]
        rows = list(listed.values_list("country", "languages"))
        country_codes = {country for country, _langs in rows}
        self.fields["country"].choices = any_choice + sorted(
            ((c, str(countries.name(c))) for c in country_codes), key=lambda c: fold(c[1])
        )
        languages = {code for _country, langs in rows for code in (langs or [])}
        self.fields["language"].choices = any_choice + language_choices(languages)
        challenges = challenge_queryset().filter(cities_with_challenge__in=listed).distinct()
        self.fields["challenge"].choices = any_choice + [(c.code, c.label) for c in challenges]

    def active_filters(self) -> dict[str, str]:
        """The filters in use (for links that keep them), empty when the form is invalid."""
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


def matches_text(row: dict, terms: list[str]) -> bool:
    """Every folded term occurs in a name, summary or country name of the city."""
    haystack = " ".join(
        [fold(row[field] or "") for field in TEXT_FIELDS]
        + [fold(name) for name in country_names(row["country"])]
    )
    return all(term in haystack for term in terms)


def filter_cities(queryset: QuerySet, filters: dict[str, str]) -> QuerySet:
    """`queryset` narrowed by region, country, challenge, language and text query."""
    if filters.get("region"):
        queryset = queryset.filter(region__code=filters["region"])
    if filters.get("country"):
        queryset = queryset.filter(country=filters["country"])
    if filters.get("challenge"):
        queryset = queryset.filter(
            challenges__code=filters["challenge"], challenges__scheme__code="theme"
        )
    terms = fold(filters.get("q", "")).split()
    language = filters.get("language")
    if terms or language:
        rows = queryset.values("pk", "country", "languages", *TEXT_FIELDS)
        ids = [
            row["pk"]
            for row in rows
            if (not language or language in (row["languages"] or []))
            and (not terms or matches_text(row, terms))
        ]
        queryset = queryset.filter(pk__in=ids)
    return queryset


def card_queryset(queryset: QuerySet) -> QuerySet:
    """What a directory card shows, in a fixed number of queries."""
    return (
        queryset.select_related("region")
        .prefetch_related(Prefetch("challenges", queryset=challenge_queryset()))
        .order_by("name_key", "pk")
    )
