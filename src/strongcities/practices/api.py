"""API: the practice library — search with facets, one practice, and writing one's own.

Every answer goes through the confidentiality rule: the list comes from the search index,
filtered by the caller's visibility labels before ranking, counting facets and cutting
snippets; a practice the caller may not see (or act on) answers 404, never 403.
"""

from datetime import datetime
from typing import Literal

import rules
from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.params import P, PathEx
from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt

from strongcities.api.auth import AUTHENTICATED
from strongcities.api.errors import ApiError, default_message
from strongcities.api.language import Language, LanguageQuery
from strongcities.api.openapi import error_responses
from strongcities.api.pagination import Page, PageQuery
from strongcities.api.schemas import CodeLabel
from strongcities.core.exceptions import DomainError
from strongcities.core.search import parse_filters, search
from strongcities.core.search.engine import MAX_PAGE_SIZE as SEARCH_MAX_PAGE_SIZE
from strongcities.core.visibility import Visibility
from strongcities.members.models import City
from strongcities.practices import services
from strongcities.practices.importing import (
    LANGUAGE_CODES,
    MAX_CONTACT,
    MAX_LENGTHS,
    Content,
    Vocabulary,
    read_content,
)
from strongcities.practices.models import (
    LEVEL_FIELDS,
    TAG_FIELDS,
    TEXT_FIELDS,
    Attachment,
    Practice,
)

router = Router(tags=["Practices"])

PracticeKey = PathEx[
    str,
    P(
        max_length=120,
        description="The practice's id or slug, as in its address on the site.",
        example="youth-mentoring-in-schools",
    ),
]
MAX_PK_DIGITS = 18
MAX_PAGE_SIZE = min(settings.API_MAX_PAGE_SIZE, SEARCH_MAX_PAGE_SIZE)


# --- Schemas


class Owner(Schema):
    slug: str
    name: str


class FacetValueOut(Schema):
    value: str = Field(description="The value to pass back as a filter parameter.")
    label: str
    count: int = Field(description="Matching practices the caller may see with this value.")
    selected: bool


class PracticeItem(Schema):
    id: int
    external_id: str | None = Field(description="The identifier in an imported collection.")
    slug: str
    title: str = Field(description="In the response's language when translated, else original.")
    language: str = Field(description="The practice's original language.")
    city: Owner | None
    partner: Owner | None
    label: Literal["inspiring", "peer-reviewed"] | None
    visibility: Visibility
    snippet: str = Field(description="An HTML extract with the matching words in <mark>.")
    url: str = Field(description="The practice's page on the site.")


class PracticePage(Page[PracticeItem]):
    facets: dict[str, list[FacetValueOut]] = Field(
        description="For each facet (theme, audience, ...), its values with their counts."
    )
    expansions: list[CodeLabel] = Field(
        description="Concepts the query was expanded to, across languages."
    )


class SearchPageQuery(PageQuery):
    page_size: int = Field(
        min(settings.API_PAGE_SIZE, MAX_PAGE_SIZE),
        ge=1,
        le=MAX_PAGE_SIZE,
        description=(
            f"Items per page, from 1 to {MAX_PAGE_SIZE} (a search's largest page; default "
            f"{min(settings.API_PAGE_SIZE, MAX_PAGE_SIZE)}); a larger value is refused with a 422."
        ),
    )


class PracticeQuery(LanguageQuery):
    q: str | None = Field(
        None,
        max_length=200,
        description=(
            "Words to search for, in any language; a word naming a theme, audience or sector "
            "also finds practices tagged with it in other languages. Empty: browse."
        ),
    )
    theme: list[str] = Field([], description="Theme concept codes (repeat for several).")
    audience: list[str] = Field([], description="Audience concept codes (repeat for several).")
    stakeholder: list[str] = Field([], description="Sector concept codes of stakeholders.")
    prevention: list[str] = Field([], description="Prevention level codes (primary...).")
    evidence: list[str] = Field([], description="Evidence level codes (described...).")
    region: list[str] = Field([], description="Region concept codes of the owner city.")
    city: list[str] = Field([], description="Slugs of owner cities.")
    language: list[str] = Field([], description="Original or translated language codes.")
    label: list[str] = Field([], description="inspiring and/or peer-reviewed.")
    order: Literal["relevance", "recent", "title"] = Field(
        "relevance", description="relevance (the default; newest first without q), recent, title."
    )


FILTER_NAMES = (
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


class AttachmentOut(Schema):
    id: int
    title: str
    filename: str
    kind: str
    size: int = Field(description="In bytes.")
    url: str = Field(description="The download address on the site (same access rule).")


class ContactOut(Schema):
    name: str
    role: str
    email: str


class RelatedOut(Schema):
    id: int
    slug: str
    title: str
    url: str


class PracticeOut(Schema):
    id: int
    external_id: str | None
    slug: str
    url: str
    status: str = Field(description="draft, submitted, changes-requested, published, archived.")
    label: Literal["inspiring", "peer-reviewed"] | None
    visibility: Visibility
    language: str = Field(description="The original language.")
    shown_language: str = Field(description="The language of the text fields below.")
    languages: list[str] = Field(description="Every language it is written in, original first.")
    title: str
    summary: str
    context: str
    approach: str
    resources: str
    results: str
    theory_of_change: str
    lessons_learned: str
    transferability: str
    translations: dict[str, dict[str, str]] = Field(
        description="The text fields in every language it is written in, original included."
    )
    city: Owner | None
    partner: Owner | None
    themes: list[CodeLabel]
    audiences: list[CodeLabel]
    stakeholders: list[CodeLabel]
    prevention_level: CodeLabel | None
    evidence_level: CodeLabel | None
    geographic_scope: CodeLabel | None
    start_year: int | None
    still_running: bool
    contact: ContactOut | None = Field(description="Network members only; else null.")
    shared_with: list[Owner] | None = Field(
        description="The cities a restricted practice is shared with: for its owner and the "
        "secretariat only (null for others)."
    )
    related: list[RelatedOut] = Field(description="Related practices the caller may see.")
    attachments: list[AttachmentOut]
    version: int
    published_at: datetime | None
    updated_at: datetime


# What the import's checks (read_content) enforce, with their own messages, is documented here
# too (json_schema_extra documents without enforcing), so that the description does not promise
# more than the API accepts. Rules that depend on data (concept codes, city slugs) or on another
# field (a translation in the original language; shared_with outside restricted practices) are
# in the descriptions and answered 422.
NOT_BLANK = {"pattern": r"\S"}
CONTACT_TEXT = {"maxLength": MAX_CONTACT}
TRANSLATIONS_SCHEMA = {
    "propertyNames": {"enum": list(LANGUAGE_CODES)},
    "additionalProperties": {
        "type": "object",
        "properties": {
            name: {
                "type": "string",
                **({"maxLength": MAX_LENGTHS[name]} if name in MAX_LENGTHS else {}),
            }
            for name in TEXT_FIELDS
        },
        "additionalProperties": False,
    },
}


# A pydantic model, not a ninja Schema: a Schema reads the attributes of any value, so that
# `"contact": [null, null]` or `"contact": 5` passed as an empty contact.
class ContactIn(BaseModel):
    name: str = Field("", json_schema_extra=CONTACT_TEXT)
    role: str = Field("", json_schema_extra=CONTACT_TEXT)
    email: str = Field(
        "", description="An email address, or empty.", json_schema_extra=CONTACT_TEXT
    )


class PracticeIn(Schema):
    """A whole practice (PUT replaces every field)."""

    model_config = ConfigDict(extra="forbid")

    language: Language = Field(description="The original language.")
    title: str = Field(max_length=MAX_LENGTHS["title"], json_schema_extra=NOT_BLANK)
    summary: str = Field(max_length=MAX_LENGTHS["summary"], json_schema_extra=NOT_BLANK)
    context: str = ""
    approach: str = ""
    resources: str = ""
    results: str = ""
    theory_of_change: str = ""
    lessons_learned: str = ""
    transferability: str = ""
    themes: list[str] = Field([], description="Concept codes of the theme scheme.")
    audiences: list[str] = Field([], description="Concept codes of the audience scheme.")
    stakeholders: list[str] = Field([], description="Concept codes of the sector scheme.")
    prevention_level: str | None = Field(None, description="A prevention-level concept code.")
    evidence_level: str | None = Field(None, description="An evidence-level concept code.")
    geographic_scope: str | None = Field(None, description="A geographic-scope concept code.")
    visibility: Visibility = Visibility.MEMBERS
    shared_with: list[str] = Field([], description="City slugs; restricted practices only.")
    # Strict: pydantic would otherwise take "2019" for 2019 and 0 or "no" for false.
    start_year: StrictInt | None = Field(None, ge=1950, le=2100)
    still_running: StrictBool = True
    contact: ContactIn | None = None
    translations: dict[str, dict[str, str]] = Field(
        {},
        description='Other languages than the original: {"fr": {"title": ..., "summary": ...}}; '
        "a translation with any text needs a title.",
        json_schema_extra=TRANSLATIONS_SCHEMA,
    )


class PracticeCreateIn(PracticeIn):
    city: str = Field(description="The slug of one of your member cities.", examples=["tunis"])


# --- Reading


def _owner(owner) -> dict | None:
    return {"slug": owner.slug, "name": owner.name} if owner is not None else None


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _code_label(concept) -> dict | None:
    return {"code": concept.code, "label": concept.label} if concept is not None else None


def _filters_querydict(params: PracticeQuery) -> QueryDict:
    querydict = QueryDict(mutable=True)
    for name in FILTER_NAMES:
        querydict.setlist(name, getattr(params, name))
    return querydict


def _item(practice: Practice, hit, lang: str, request: HttpRequest) -> dict:
    return {
        "id": practice.pk,
        "external_id": practice.external_id,
        "slug": practice.slug,
        "title": practice.text("title", practice.shown_language(lang)),
        "language": practice.language,
        "city": _owner(practice.city),
        "partner": _owner(practice.partner),
        "label": practice.label or None,
        "visibility": practice.visibility,
        "snippet": str(hit.snippet),
        "url": _absolute(request, practice.get_absolute_url()),
    }


def _facets(facets: dict) -> dict:
    return {
        name: [
            {"value": v.value, "label": str(v.label), "count": v.count, "selected": v.selected}
            for v in values
        ]
        for name, values in facets.items()
    }


def detail_queryset(user):
    """The practices `user` may open, with what the detail shows, in a fixed query count."""
    return (
        Practice.objects.visible_to(user)
        .select_related("city", "partner", *LEVEL_FIELDS)
        .prefetch_related(
            *TAG_FIELDS, Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
        )
    )


def find_practice(user, key: str) -> Practice:
    """The practice `key` (id or slug) if `user` may see it; else a 404."""
    queryset = detail_queryset(user)
    if key.isdigit() and len(key) <= MAX_PK_DIGITS:
        practice = queryset.filter(pk=int(key)).first()
    else:
        practice = queryset.filter(slug=key).first()
    if practice is None:
        raise ApiError(404, message=gettext("There is no practice at this address."))
    return practice


def _related(practice: Practice, user, request: HttpRequest, lang: str) -> list[dict]:
    related = (
        Practice.objects.visible_to(user)
        .filter(related=practice, status__in=Practice.READABLE_STATUSES)
        .order_by("pk")
    )
    return [
        {
            "id": other.pk,
            "slug": other.slug,
            "title": other.text("title", other.shown_language(lang)),
            "url": _absolute(request, other.get_absolute_url()),
        }
        for other in related
    ]


def practice_out(practice: Practice, user, request: HttpRequest) -> dict:
    """Every field of a practice the caller may see."""
    lang = translation.get_language() or practice.language
    languages = practice.languages()
    shown = practice.shown_language(lang)
    may_contact = rules.has_perm("practices.view_contact", user, practice)
    owner_side = rules.has_perm("practices.view_history", user, practice)
    return {
        "id": practice.pk,
        "external_id": practice.external_id,
        "slug": practice.slug,
        "url": _absolute(request, practice.get_absolute_url()),
        "status": practice.status,
        "label": practice.label or None,
        "visibility": practice.visibility,
        "language": practice.language,
        "shown_language": shown,
        "languages": languages,
        **practice.texts(lang),
        "translations": {
            code: {name: text for name in TEXT_FIELDS if (text := practice.text(name, code))}
            for code in languages
        },
        "city": _owner(practice.city),
        "partner": _owner(practice.partner),
        **{name: [_code_label(c) for c in getattr(practice, name).all()] for name in TAG_FIELDS},
        **{name: _code_label(getattr(practice, name)) for name in LEVEL_FIELDS},
        "start_year": practice.start_year,
        "still_running": practice.still_running,
        "contact": {
            "name": practice.contact_name,
            "role": practice.contact_role,
            "email": practice.contact_email,
        }
        if may_contact
        else None,
        "shared_with": [_owner(c) for c in practice.shared_with.order_by("slug")]
        if owner_side
        else None,
        "related": _related(practice, user, request, lang),
        "attachments": [
            {
                "id": a.pk,
                "title": a.title,
                "filename": a.filename,
                "kind": a.kind,
                "size": a.size,
                "url": _absolute(
                    request, reverse("practices:attachment", args=[practice.slug, a.pk])
                ),
            }
            for a in practice.attachments.all()
        ],
        "version": practice.version,
        "published_at": practice.published_at,
        "updated_at": practice.updated_at,
    }


# --- Writing


def _invalid(errors: list[dict]) -> ApiError:
    return ApiError(422, "validation_error", default_message(422), errors)


def _content(payload: PracticeIn) -> Content:
    """The payload checked as the importer checks a record: every problem is a 422."""
    raw = payload.model_dump(exclude={"city"})
    if raw["contact"] is None:
        raw.pop("contact")
    content, errors = read_content(raw, Vocabulary())
    if errors:
        raise _invalid([{"field": e.field, "message": e.reason} for e in errors])
    return content


def _refused(exc: DomainError) -> ApiError:
    return _invalid([{"field": exc.field or "", "message": str(exc.message)}])


def _writable_city(user, slug: str) -> City:
    """A member city the caller may write for (any for the secretariat); else a 404."""
    city = City.objects.members().filter(slug=slug).first()
    allowed = city is not None and (user.is_secretariat or city.pk in user.member_city_ids)
    if not allowed or not rules.has_perm("practices.add_practice", user):
        raise ApiError(404, message=gettext("There is no city of yours at this address."))
    return city


def _acting_on(user, key: str, perm: str) -> Practice:
    """The practice `key` if the caller may see it and has `perm` on it; else a 404."""
    practice = find_practice(user, key)
    if not rules.has_perm(perm, user, practice):
        raise ApiError(404, message=gettext("There is no practice at this address."))
    return practice


def _reloaded(practice: Practice, user, request: HttpRequest) -> dict:
    return practice_out(find_practice(user, str(practice.pk)), user, request)


# --- Endpoints


@router.get(
    "/practices",
    response=PracticePage,
    url_name="practice_list",
    operation_id="listPractices",
    summary="Search the practice library",
)
def list_practices(
    request: HttpRequest, params: Query[PracticeQuery], pagination: Query[SearchPageQuery]
) -> dict:
    """The published practices the caller may see, ranked, with facets, as on the library page.

    Filters combine as on the library page: several values of one facet are alternatives,
    different facets must all match. Values that name nothing are ignored.
    """
    user = request.auth
    lang = translation.get_language()
    results = search(
        params.q or "",
        parse_filters(_filters_querydict(params)),
        user,
        lang,
        page=pagination.page,
        page_size=pagination.page_size,
        order=params.order,
    )
    # The engine answers its last page for a page past the end; the API answers none.
    hits = results.hits if results.page == pagination.page else []
    ids = [hit.id for hit in hits]
    practices = Practice.objects.listed_for(user).select_related("city", "partner").in_bulk(ids)
    return {
        "count": results.total,
        "page": pagination.page,
        "page_size": pagination.page_size,
        "items": [
            _item(practices[hit.id], hit, lang, request) for hit in hits if hit.id in practices
        ],
        "facets": _facets(results.facets),
        "expansions": [_code_label(concept) for concept in results.expansions],
    }


@router.get(
    "/practices/{key}",
    response=PracticeOut,
    url_name="practice_detail",
    operation_id="getPractice",
    summary="Get a practice",
)
def get_practice(request: HttpRequest, key: PracticeKey, params: Query[LanguageQuery]) -> dict:
    """One practice with every field the caller may see and all its translations.

    A practice the caller may not see answers 404, as if it did not exist.
    """
    return practice_out(find_practice(request.auth, key), request.auth, request)


@router.post(
    "/practices",
    response={201: PracticeOut},
    auth=AUTHENTICATED,
    url_name="practice_create",
    operation_id="createPractice",
    summary="Create a draft practice",
    openapi_extra=error_responses(not_found="The city is not one of the caller's member cities."),
)
def create_practice(request: HttpRequest, payload: PracticeCreateIn) -> Status:
    """A new draft practice of one of the caller's member cities (any member city for the
    secretariat). A city that is not the caller's answers 404; invalid fields answer 422."""
    user = request.auth
    city = _writable_city(user, payload.city)
    content = _content(payload)
    try:
        practice = services.create_practice(city, content.as_input(), user=user, request=request)
    except DomainError as exc:
        raise _refused(exc) from exc
    return Status(201, _reloaded(practice, user, request))


@router.put(
    "/practices/{key}",
    response=PracticeOut,
    auth=AUTHENTICATED,
    url_name="practice_update",
    operation_id="updatePractice",
    summary="Replace a practice's content",
)
def update_practice(request: HttpRequest, key: PracticeKey, payload: PracticeIn) -> dict:
    """Save a new content for a practice the caller may change (its city's team, or the
    secretariat); after publication the change keeps a version. Others get 404."""
    user = request.auth
    practice = _acting_on(user, key, "practices.change_practice")
    content = _content(payload)
    data = content.as_input(related=practice.related.all())
    try:
        practice = services.update_practice(practice, data, user=user, request=request)
    except DomainError as exc:
        raise _refused(exc) from exc
    return _reloaded(practice, user, request)


@router.post(
    "/practices/{key}/submit",
    response=PracticeOut,
    auth=AUTHENTICATED,
    url_name="practice_submit",
    operation_id="submitPractice",
    summary="Submit a practice for review",
)
def submit_practice(request: HttpRequest, key: PracticeKey) -> dict:
    """Ask the secretariat to review and publish a draft (or returned) practice: its city's
    focal point, or the secretariat. Others get 404."""
    user = request.auth
    practice = _acting_on(user, key, "practices.submit_practice")
    try:
        practice = services.submit_practice(practice, user=user, request=request)
    except DomainError as exc:
        raise _refused(exc) from exc
    return _reloaded(practice, user, request)
