"""API: the member cities of the network and the partner organisations (public data)."""

from datetime import date
from typing import Literal

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.params import P, PathEx

from strongcities.api.errors import ApiError
from strongcities.api.language import LanguageQuery
from strongcities.api.pagination import Page, PageQuery, paginate
from strongcities.api.schemas import CodeLabel
from strongcities.members.directory import card_queryset, filter_cities
from strongcities.members.models import City, Partner

router = Router(tags=["Cities and partners"])

LANGS = [code for code, _name in settings.LANGUAGES]
CitySlug = PathEx[
    str, P(description="The city's slug, as in its address on the site.", example="tunis")
]
PartnerSlug = PathEx[str, P(description="The partner organisation's slug.", example="unhcr")]
# A Literal, not Partner.Kind: an enum would become an OpenAPI component named "Kind", which
# other apps' enums of the same name would overwrite.
PartnerKind = Literal[tuple(Partner.Kind.values)]


# --- Schemas


class Country(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code.")
    name: str = Field(description="The country's name in the response's language.")


class CityOut(Schema):
    slug: str
    name: str = Field(description="The name in the response's language (English if missing).")
    names: dict[str, str] = Field(description="The name in every language it is recorded in.")
    country: Country
    region: CodeLabel
    lat: float
    lon: float
    population: int | None
    languages: list[str] = Field(description="Languages spoken, ISO 639-1 codes.")
    status: str
    joined_on: date | None
    challenges: list[CodeLabel] = Field(description="The city's challenges: theme concepts.")
    summary: str
    url: str = Field(description="The city's page on the site.")


class CityFilters(LanguageQuery):
    region: str | None = Field(None, max_length=80, description="A region concept's code.")
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="An ISO 3166-1 alpha-2 country code."
    )
    language: str | None = Field(
        None,
        pattern=r"^[a-z]{2,3}$",
        description="Cities where this language is spoken (ISO 639-1 code, e.g. ar).",
    )
    challenge: str | None = Field(
        None, max_length=80, description="A theme concept's code the city has as a challenge."
    )
    q: str | None = Field(
        None,
        max_length=200,
        description=(
            "Words in the city's name, summary or country, in any language; "
            "case and accents are ignored."
        ),
    )


class PartnerOut(Schema):
    slug: str
    name: str
    names: dict[str, str]
    kind: CodeLabel
    country: Country | None
    website: str
    description: str


class PartnerFilters(LanguageQuery):
    kind: PartnerKind | None = Field(None, description="The kind of organisation.")
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="An ISO 3166-1 alpha-2 country code."
    )


# --- Queries and serialisation


def translated_values(obj, field: str) -> dict[str, str]:
    values = {lang: getattr(obj, f"{field}_{lang}") for lang in LANGS}
    return {lang: value for lang, value in values.items() if value}


def country_out(country) -> dict | None:
    return {"code": country.code, "name": str(country.name)} if country else None


def member_cities() -> QuerySet:
    """Listed cities with what the API shows of them, in a fixed number of queries."""
    return card_queryset(City.objects.listed())


def filter_member_cities(cities: QuerySet, filters: CityFilters) -> QuerySet:
    """The directory's own filtering, so the API and the directory always agree."""
    values = filters.dict(exclude={"lang"}, exclude_none=True)
    if "country" in values:
        values["country"] = values["country"].upper()
    return filter_cities(cities, values)


def city_out(city: City, request: HttpRequest) -> dict:
    return {
        "slug": city.slug,
        "name": city.name,
        "names": translated_values(city, "name"),
        "country": country_out(city.country),
        "region": {"code": city.region.code, "label": city.region.label},
        "lat": float(city.latitude),
        "lon": float(city.longitude),
        "population": city.population,
        "languages": list(city.languages),
        "status": city.status,
        "joined_on": city.joined_on,
        "challenges": [{"code": c.code, "label": c.label} for c in city.challenges.all()],
        "summary": city.summary or "",
        "url": request.build_absolute_uri(city.get_absolute_url()),
    }


def partner_out(partner: Partner) -> dict:
    return {
        "slug": partner.slug,
        "name": partner.name,
        "names": translated_values(partner, "name"),
        "kind": {"code": partner.kind, "label": str(partner.get_kind_display())},
        "country": country_out(partner.country),
        "website": partner.website,
        "description": partner.description or "",
    }


# --- Endpoints


@router.get(
    "/cities",
    response=Page[CityOut],
    url_name="city_list",
    operation_id="listCities",
    summary="List member cities",
)
def list_cities(
    request: HttpRequest, filters: Query[CityFilters], pagination: Query[PageQuery]
) -> dict:
    """The member cities of the network, by English name, with the directory's filters.

    `q` finds cities whose name, summary or country name (in any language) contains every
    word of it, ignoring case and accents; `language` is a language spoken in the city.
    """
    cities = filter_member_cities(member_cities(), filters)
    return paginate(cities, pagination, lambda city: city_out(city, request))


@router.get(
    "/cities/{slug}",
    response=CityOut,
    url_name="city_detail",
    operation_id="getCity",
    summary="Get a member city",
)
def get_city(request: HttpRequest, slug: CitySlug, params: Query[LanguageQuery]) -> dict:
    """One member city; a city that is not (or no longer) a member answers 404."""
    city = member_cities().filter(slug=slug).first()
    if city is None:
        raise ApiError(404, message=gettext("There is no member city at this address."))
    return city_out(city, request)


@router.get(
    "/partners",
    response=Page[PartnerOut],
    url_name="partner_list",
    operation_id="listPartners",
    summary="List partner organisations",
)
def list_partners(
    request: HttpRequest, filters: Query[PartnerFilters], pagination: Query[PageQuery]
) -> dict:
    """The partner organisations of the network (never member cities), by name."""
    partners = Partner.objects.order_by("name", "slug")
    if filters.kind:
        partners = partners.filter(kind=filters.kind)
    if filters.country:
        partners = partners.filter(country=filters.country.upper())
    return paginate(partners, pagination, partner_out)


@router.get(
    "/partners/{slug}",
    response=PartnerOut,
    url_name="partner_detail",
    operation_id="getPartner",
    summary="Get a partner organisation",
)
def get_partner(request: HttpRequest, slug: PartnerSlug, params: Query[LanguageQuery]) -> dict:
    """One partner organisation."""
    partner = Partner.objects.filter(slug=slug).first()
    if partner is None:
        raise ApiError(404, message=gettext("There is no partner organisation at this address."))
    return partner_out(partner)
