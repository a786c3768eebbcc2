"""API: exchange programmes, the exchanges the caller may see, and the steps a city takes
through the API under the same rules as on the site (propose, accept, decline, report).

Who sees what is the models' `visible_to` (a hidden programme or exchange answers 404, never
403); reports, follow-ups, participants and the host's message stay with the parties
(`exchanges.see_exchange_details`), a programme's budget note with the secretariat, its sponsor
and its cities' focal points (`exchanges.see_budget_note`). Writes call the exchanges services:
a refusal because of the exchange's state is a 409 with a `code`, one about what was sent a
422 naming the field, one about who the caller is — on an exchange they may see — a 403.
"""

from datetime import date, datetime
from typing import Literal

import rules
from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.params import P, PathEx
from pydantic import ConfigDict

from strongcities.api.auth import AUTHENTICATED
from strongcities.api.errors import ApiError, default_message
from strongcities.api.language import Language, LanguageQuery
from strongcities.api.openapi import error_responses
from strongcities.api.pagination import Page, PageQuery, paginate
from strongcities.core.taxonomy.models import Concept
from strongcities.core.visibility import Visibility
from strongcities.exchanges.models import Exchange, FollowUp, Programme, Report, Side
from strongcities.exchanges.services import lifecycle
from strongcities.exchanges.services import reports as report_services
from strongcities.exchanges.services.errors import ExchangeError
from strongcities.members.models import City
from strongcities.practices.models import Practice

router = Router(tags=["Exchanges"])

ProgrammeSlug = PathEx[
    str,
    P(
        max_length=120,
        description="The programme's slug, as in its address on the site.",
        example="danish-mena-city-exchanges",
    ),
]
ExchangeId = PathEx[int, P(ge=1, le=2**63 - 1, description="The exchange's id.")]

# How the API answers the services' refusals (ExchangeError.code): who the caller is is a 403;
# the state of the exchange (or a full side) a 409; what the caller sent a 422 naming the field.
CONFLICT_REFUSALS = {"state", "limit"}
INPUT_REFUSALS = {"dates", "city", "side", "person", "programme", "practices", "practice", "input"}
# The services name model fields; the API names some of them differently.
API_FIELDS = {"kind": "type"}
MAX_PRACTICES = 20

StateName = Literal[
    "proposed",
    "accepted",
    "declined",
    "scheduled",
    "completed",
    "reported",
    "followed_up",
    "cancelled",
]
SideName = Literal["visiting", "host"]
OutcomeName = Literal["adopted", "adapting", "not_adopted"]


# --- Schemas (named after the app: component names are global to the API description)


class ExchangeConcept(Schema):
    code: str
    label: str = Field(description="In the response's language.")


class ExchangeCity(Schema):
    slug: str
    name: str


class ProgrammeSponsor(Schema):
    slug: str
    name: str


class ProgrammeRef(Schema):
    slug: str
    title: str


class ExchangePractice(Schema):
    slug: str
    title: str = Field(description="In the response's language when translated.")
    url: str


class ProgrammeItem(Schema):
    slug: str
    title: str = Field(description="In the response's language (else English).")
    description: str
    sponsor: ProgrammeSponsor
    cities: list[ExchangeCity] = Field(description="The participating cities.")
    starts_on: date
    ends_on: date | None
    participants_per_side: int = Field(
        description="How many people each city may send to, or field for, one exchange."
    )
    visibility: Visibility
    url: str = Field(description="The programme's page on the site.")


class ProgrammeOut(ProgrammeItem):
    budget_note: str | None = Field(
        description="For the secretariat, the sponsor and the cities' focal points (else null)."
    )


class ExchangeItem(Schema):
    id: int
    state: StateName
    type: ExchangeConcept = Field(description="study-visit, staff-exchange, job-shadowing...")
    visiting_city: ExchangeCity
    host_city: ExchangeCity
    programme: ProgrammeRef | None
    objectives: str
    language: str = Field(description="The language the exchange is conducted in.")
    practices: list[ExchangePractice] = Field(
        description="The practices of interest the caller may see."
    )
    proposed_start: date
    proposed_end: date
    starts_on: date | None = Field(description="Once scheduled.")
    ends_on: date | None = Field(description="Once scheduled.")
    proposed_at: datetime
    responded_at: datetime | None
    completed_at: datetime | None
    url: str = Field(description="The exchange's page on the site.")


class ExchangeParticipant(Schema):
    name: str
    side: SideName
    sector: ExchangeConcept | None
    role: str


class ExchangeReport(Schema):
    side: SideName
    learned: str
    plans: str = Field(description="What the visiting city plans to adopt.")
    practices: list[ExchangePractice] = Field(
        description="The practices the city plans to adopt, as far as the caller may see them."
    )
    language: str
    author: str | None
    submitted_at: datetime
    draft_practice: ExchangePractice | None = Field(
        description="The draft practice started from this report, if the caller may see it."
    )


class ExchangeFollowUp(Schema):
    month: Literal[3, 6]
    due_on: date
    outcome: OutcomeName | None = Field(description="Once recorded by the visiting city.")
    reason: str
    practice: ExchangePractice | None
    recorded_at: datetime | None


class ExchangeOut(ExchangeItem):
    participants_per_side: int
    my_side: SideName | None = Field(
        description="The side the caller reports for (a focal point or participant), else null."
    )
    response_message: str | None = Field(
        description="The host's message when accepting or declining: for the parties only."
    )
    cancel_reason: str | None = Field(description="For the parties only.")
    participants: list[ExchangeParticipant] | None = Field(
        description="For the parties, the sponsor and the secretariat (else null)."
    )
    reports: list[ExchangeReport] | None = Field(
        description="For the parties, the sponsor and the secretariat (else null)."
    )
    follow_ups: list[ExchangeFollowUp] | None = Field(
        description="The 3- and 6-month follow-ups: for the parties, the sponsor and the "
        "secretariat (else null)."
    )


class ExchangeQuery(LanguageQuery):
    state: StateName | None = Field(None, description="Only exchanges in this state.")
    city: str | None = Field(
        None, max_length=120, description="Only exchanges this city (slug) visits or hosts."
    )
    programme: str | None = Field(
        None, max_length=120, description="Only exchanges of this programme (slug)."
    )


class ExchangeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    visiting_city: str = Field(
        max_length=120,
        description="The slug of the city that visits: one the caller is a focal point of "
        "(any member city for the secretariat).",
        examples=["tunis"],
    )
    host_city: str = Field(
        max_length=120, description="The slug of another member city.", examples=["aarhus"]
    )
    type: str = Field(
        max_length=60,
        description="An exchange-type concept code: study-visit, staff-exchange, "
        "job-shadowing or mentoring.",
        examples=["study-visit"],
    )
    objectives: str = Field(max_length=5000, description="What the visit should achieve.")
    language: Language = Field(description="The language the exchange is conducted in.")
    proposed_start: date = Field(description="Today or later.")
    proposed_end: date = Field(description="On or after proposed_start.")
    programme: str | None = Field(
        None, max_length=120, description="The slug of a programme both cities take part in."
    )
    practices: list[str] = Field(
        [],
        max_length=MAX_PRACTICES,
        description=f"Slugs of practices of interest (at most {MAX_PRACTICES}).",
    )


class AcceptIn(Schema):
    model_config = ConfigDict(extra="forbid")

    message: str = Field("", max_length=4000, description="A message to the visiting city.")


class DeclineIn(Schema):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(max_length=4000, description="Why the host declines (required).")


class ReportIn(Schema):
    model_config = ConfigDict(extra="forbid")

    learned: str = Field(max_length=10000, description="What was learned.")
    plans: str = Field(
        "", max_length=10000, description="What the visiting city plans to adopt (or follow up)."
    )
    practices: list[str] = Field(
        [],
        max_length=MAX_PRACTICES,
        description="Slugs of the practices the city plans to adopt.",
    )
    language: Language = Field(description="The language the report is written in.")


# --- Reading


def _city(city: City) -> dict:
    return {"slug": city.slug, "name": city.name}


def _concept(concept: Concept | None) -> dict | None:
    return {"code": concept.code, "label": concept.label} if concept is not None else None


def _practice(practice: Practice | None, request: HttpRequest) -> dict | None:
    if practice is None:
        return None
    return {
        "slug": practice.slug,
        "title": practice.display_title,
        "url": request.build_absolute_uri(practice.get_absolute_url()),
    }


def programmes_for(user):
    return (
        Programme.objects.visible_to(user)
        .select_related("sponsor")
        .prefetch_related(Prefetch("cities", queryset=City.objects.order_by("name_key", "pk")))
        .order_by("-starts_on", "slug")
    )


def programme_item(programme: Programme, request: HttpRequest) -> dict:
    return {
        "slug": programme.slug,
        "title": programme.title,
        "description": programme.description or "",
        "sponsor": {"slug": programme.sponsor.slug, "name": programme.sponsor.name},
        "cities": [_city(city) for city in programme.cities.all()],
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
        "participants_per_side": programme.participants_per_side,
        "visibility": programme.visibility,
        "url": request.build_absolute_uri(programme.get_absolute_url()),
    }


def exchanges_for(user):
    """The exchanges `user` may see, with what an item shows (a fixed number of queries)."""
    return (
        Exchange.objects.visible_to(user)
        .select_related("visiting_city", "host_city", "programme", "kind")
        .prefetch_related(
            Prefetch(
                "practices",
                queryset=Practice.objects.visible_to(user).order_by("pk"),
                to_attr="visible_practices",
            )
        )
        .order_by("-proposed_at", "-pk")
    )


def exchange_item(exchange: Exchange, request: HttpRequest) -> dict:
    programme = exchange.programme
    return {
        "id": exchange.pk,
        "state": exchange.state,
        "type": _concept(exchange.kind),
        "visiting_city": _city(exchange.visiting_city),
        "host_city": _city(exchange.host_city),
        "programme": {"slug": programme.slug, "title": programme.title} if programme else None,
        "objectives": exchange.objectives,
        "language": exchange.language,
        "practices": [_practice(p, request) for p in exchange.visible_practices],
        "proposed_start": exchange.proposed_start,
        "proposed_end": exchange.proposed_end,
        "starts_on": exchange.starts_on,
        "ends_on": exchange.ends_on,
        "proposed_at": exchange.proposed_at,
        "responded_at": exchange.responded_at,
        "completed_at": exchange.completed_at,
        "url": request.build_absolute_uri(exchange.get_absolute_url()),
    }


def side_of(user, exchange: Exchange) -> str | None:
    """The side `user` acts for: a focal point's city, else the side they take part on."""
    if not user.is_authenticated:
        return None
    if exchange.visiting_city_id in user.focal_point_city_ids:
        return Side.VISITING
    if exchange.host_city_id in user.focal_point_city_ids:
        return Side.HOST
    return exchange.participants.filter(user=user).values_list("side", flat=True).first()


def _details(exchange: Exchange, user, request: HttpRequest) -> dict:
    """Participants, reports and follow-ups: for the parties, the sponsor and the secretariat."""
    visible = Practice.objects.visible_to(user)
    reports = exchange.reports.select_related("author", "draft_practice").prefetch_related(
        Prefetch("practices", queryset=visible.order_by("pk"), to_attr="visible_practices")
    )
    shown = set(
        visible.filter(
            pk__in=[r.draft_practice_id for r in reports if r.draft_practice_id]
        ).values_list("pk", flat=True)
    )
    follow_ups = exchange.follow_ups.select_related("practice").order_by("month")
    shown |= set(
        visible.filter(pk__in=[f.practice_id for f in follow_ups if f.practice_id]).values_list(
            "pk", flat=True
        )
    )
    participants = exchange.participants.select_related("user", "sector").order_by(
        "side", "added_at", "pk"
    )
    return {
        "participants": [_participant(p) for p in participants],
        "reports": [_report(r, shown, request) for r in reports],
        "follow_ups": [_follow_up(f, shown, request) for f in follow_ups],
    }


def _participant(participant) -> dict:
    return {
        "name": participant.user.get_full_name(),
        "side": participant.side,
        "sector": _concept(participant.sector),
        "role": participant.role,
    }


def _report(report: Report, shown: set[int], request: HttpRequest) -> dict:
    draft = report.draft_practice if report.draft_practice_id in shown else None
    return {
        "side": report.side,
        "learned": report.learned,
        "plans": report.plans,
        "practices": [_practice(p, request) for p in report.visible_practices],
        "language": report.language,
        "author": report.author.get_full_name() if report.author else None,
        "submitted_at": report.submitted_at,
        "draft_practice": _practice(draft, request),
    }


def _follow_up(follow_up: FollowUp, shown: set[int], request: HttpRequest) -> dict:
    practice = follow_up.practice if follow_up.practice_id in shown else None
    return {
        "month": follow_up.month,
        "due_on": follow_up.due_on,
        "outcome": follow_up.outcome or None,
        "reason": follow_up.reason,
        "practice": _practice(practice, request),
        "recorded_at": follow_up.recorded_at,
    }


def exchange_out(exchange: Exchange, user, request: HttpRequest) -> dict:
    """Everything about an exchange the caller may see."""
    parties = rules.has_perm("exchanges.see_exchange_details", user, exchange)
    closed = {"participants": None, "reports": None, "follow_ups": None}
    return {
        **exchange_item(exchange, request),
        "participants_per_side": exchange.participants_per_side,
        "my_side": side_of(user, exchange),
        "response_message": exchange.response_message if parties else None,
        "cancel_reason": exchange.cancel_reason if parties else None,
        **(_details(exchange, user, request) if parties else closed),
    }


def find_exchange(user, pk: int) -> Exchange:
    """The exchange `pk` if the caller may see it; else a 404."""
    exchange = exchanges_for(user).filter(pk=pk).first()
    if exchange is None:
        raise ApiError(404, message=gettext("There is no exchange at this address."))
    return exchange


# --- Writing


def _refused(exc: ExchangeError) -> ApiError:
    """The answer to a refusal of the services: 403, 422 naming the field, or 409."""
    message = str(exc.message)
    if exc.code == "permission":
        return ApiError(403, "permission_denied", message)
    field = API_FIELDS.get(exc.field, exc.field) if exc.field else None
    errors = [{"field": field, "message": message}] if field else []
    if exc.code not in CONFLICT_REFUSALS and (field or exc.code in INPUT_REFUSALS):
        return ApiError(422, exc.code or "validation_error", message, errors)
    return ApiError(409, exc.code or "conflict", message, errors)


def _invalid(errors: list[dict]) -> ApiError:
    return ApiError(422, "validation_error", default_message(422), errors)


def _practices(user, slugs: list[str], field: str, errors: list[dict]) -> list[Practice]:
    """The published practices of `slugs` the caller may see; any other one is an error."""
    wanted = list(dict.fromkeys(slugs))
    found = Practice.objects.listed_for(user).filter(slug__in=wanted).in_bulk(field_name="slug")
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        errors.append(
            {
                "field": field,
                "message": gettext("These practices are not in the library you can see: %(slugs)s.")
                % {"slugs": ", ".join(missing)},
            }
        )
    return [found[slug] for slug in wanted if slug in found]


def _proposal(user, payload: ExchangeIn) -> lifecycle.ExchangeInput:
    """The payload as the service takes it; unknown cities, type, programme, practices: one
    422 naming each field (the service checks the rest: who, dates, the programme's cities)."""
    errors: list[dict] = []
    cities = City.objects.members().in_bulk(
        {payload.visiting_city, payload.host_city}, field_name="slug"
    )
    for name in ("visiting_city", "host_city"):
        if getattr(payload, name) not in cities:
            errors.append(
                {"field": name, "message": gettext("There is no member city at this address.")}
            )
    kind = Concept.objects.in_scheme("exchange-type").filter(code=payload.type).first()
    if kind is None:
        errors.append({"field": "type", "message": gettext("There is no such type of exchange.")})
    programme = None
    if payload.programme:
        programme = Programme.objects.visible_to(user).filter(slug=payload.programme).first()
        if programme is None:
            errors.append(
                {"field": "programme", "message": gettext("There is no programme at this address.")}
            )
    practices = _practices(user, payload.practices, "practices", errors)
    if errors:
        raise _invalid(errors)
    return lifecycle.ExchangeInput(
        visiting_city=cities[payload.visiting_city],
        host_city=cities[payload.host_city],
        kind=kind,
        objectives=payload.objectives,
        language=payload.language,
        proposed_start=payload.proposed_start,
        proposed_end=payload.proposed_end,
        programme=programme,
        practices=practices,
    )


def _answer(request: HttpRequest, exchange: Exchange) -> dict:
    return exchange_out(find_exchange(request.auth, exchange.pk), request.auth, request)


def _require(perm: str, user, exchange: Exchange) -> None:
    if not rules.has_perm(perm, user, exchange):
        raise ApiError(403, message=gettext("You are not allowed to do this."))


# --- Endpoints


@router.get(
    "/programmes",
    response=Page[ProgrammeItem],
    url_name="programme_list",
    operation_id="listProgrammes",
    summary="List exchange programmes",
)
def list_programmes(
    request: HttpRequest, params: Query[LanguageQuery], pagination: Query[PageQuery]
) -> dict:
    """The exchange programmes the caller may see (sponsor, participating cities, period),
    the most recent first."""
    page = paginate(programmes_for(request.auth), pagination, lambda p: p)
    page["items"] = [programme_item(programme, request) for programme in page["items"]]
    return page


@router.get(
    "/programmes/{slug}",
    response=ProgrammeOut,
    url_name="programme_detail",
    operation_id="getProgramme",
    summary="Get an exchange programme",
)
def get_programme(request: HttpRequest, slug: ProgrammeSlug, params: Query[LanguageQuery]) -> dict:
    """One programme; its budget note for the secretariat, the sponsor and the focal points of
    its cities only. A hidden programme answers 404."""
    user = request.auth
    programme = programmes_for(user).filter(slug=slug).first()
    if programme is None:
        raise ApiError(404, message=gettext("There is no programme at this address."))
    note = rules.has_perm("exchanges.see_budget_note", user, programme)
    return {
        **programme_item(programme, request),
        "budget_note": programme.budget_note if note else None,
    }


@router.get(
    "/exchanges",
    response=Page[ExchangeItem],
    auth=AUTHENTICATED,
    url_name="exchange_list",
    operation_id="listExchanges",
    summary="List exchanges",
)
def list_exchanges(
    request: HttpRequest, params: Query[ExchangeQuery], pagination: Query[PageQuery]
) -> dict:
    """The exchanges the caller may see, the most recently proposed first: their own cities'
    exchanges in every state, the network's once accepted (and everything for the
    secretariat; a sponsor sees its programmes' exchanges)."""
    exchanges = exchanges_for(request.auth)
    if params.state:
        exchanges = exchanges.filter(state=params.state)
    if params.city:
        exchanges = exchanges.filter(
            Q(visiting_city__slug=params.city) | Q(host_city__slug=params.city)
        )
    if params.programme:
        exchanges = exchanges.filter(programme__slug=params.programme)
    page = paginate(exchanges, pagination, lambda exchange: exchange)
    page["items"] = [exchange_item(exchange, request) for exchange in page["items"]]
    return page


@router.get(
    "/exchanges/{exchange_id}",
    response=ExchangeOut,
    auth=AUTHENTICATED,
    url_name="exchange_detail",
    operation_id="getExchange",
    summary="Get an exchange",
)
def get_exchange(
    request: HttpRequest, exchange_id: ExchangeId, params: Query[LanguageQuery]
) -> dict:
    """One exchange; its participants, reports and follow-ups for the parties, the sponsor and
    the secretariat. An exchange the caller may not see answers 404."""
    return exchange_out(find_exchange(request.auth, exchange_id), request.auth, request)


@router.post(
    "/exchanges",
    response={201: ExchangeOut},
    auth=AUTHENTICATED,
    url_name="exchange_propose",
    openapi_extra=error_responses(conflict="Refused by the rules of exchanges: `code` says why."),
    operation_id="proposeExchange",
    summary="Propose an exchange",
)
def propose(request: HttpRequest, payload: ExchangeIn) -> Status:
    """Propose a visit of your city (its focal points; the secretariat for any city) to
    another member city; its focal points are told and answer. Unknown cities, type,
    programme or practices, and dates in the past, are a 422 naming the field; proposing for a
    city one is not a focal point of is a 403."""
    user = request.auth
    data = _proposal(user, payload)
    try:
        exchange = lifecycle.propose_exchange(data, user=user, request=request)
    except ExchangeError as exc:
        raise _refused(exc) from exc
    return Status(201, _answer(request, exchange))


@router.post(
    "/exchanges/{exchange_id}/accept",
    response=ExchangeOut,
    auth=AUTHENTICATED,
    url_name="exchange_accept",
    openapi_extra=error_responses(conflict="The exchange is no longer waiting for an answer."),
    operation_id="acceptExchange",
    summary="Accept an exchange",
)
def accept(request: HttpRequest, exchange_id: ExchangeId, payload: AcceptIn) -> dict:
    """The host city's focal points accept a proposed exchange, with an optional message;
    anyone else who may see it gets a 403."""
    user = request.auth
    exchange = find_exchange(user, exchange_id)
    _require("exchanges.answer_exchange", user, exchange)
    try:
        lifecycle.accept_exchange(exchange, user=user, message=payload.message, request=request)
    except ExchangeError as exc:
        raise _refused(exc) from exc
    return _answer(request, exchange)


@router.post(
    "/exchanges/{exchange_id}/decline",
    response=ExchangeOut,
    auth=AUTHENTICATED,
    url_name="exchange_decline",
    openapi_extra=error_responses(conflict="The exchange is no longer waiting for an answer."),
    operation_id="declineExchange",
    summary="Decline an exchange",
)
def decline(request: HttpRequest, exchange_id: ExchangeId, payload: DeclineIn) -> dict:
    """The host city's focal points decline a proposed exchange, saying why (`message` is
    required)."""
    user = request.auth
    exchange = find_exchange(user, exchange_id)
    _require("exchanges.answer_exchange", user, exchange)
    try:
        lifecycle.decline_exchange(exchange, user=user, message=payload.message, request=request)
    except ExchangeError as exc:
        raise _refused(exc) from exc
    return _answer(request, exchange)


@router.post(
    "/exchanges/{exchange_id}/reports",
    response={200: ExchangeReport, 201: ExchangeReport},
    auth=AUTHENTICATED,
    url_name="exchange_report",
    openapi_extra=error_responses(conflict="The exchange has not taken place yet."),
    operation_id="submitExchangeReport",
    summary="Report on an exchange",
)
def submit_report(request: HttpRequest, exchange_id: ExchangeId, payload: ReportIn) -> Status:
    """Write (201) or rewrite (200) your side's report once the exchange took place: what was
    learned and what the visiting city plans to adopt. The side is the caller's: a focal point's
    city, or the side they took part on; anyone else who may see the exchange gets a 403."""
    user = request.auth
    exchange = find_exchange(user, exchange_id)
    side = side_of(user, exchange)
    if side is None or not rules.has_perm("exchanges.report_exchange", user, exchange):
        raise ApiError(403, message=gettext("Only the two cities' teams report on an exchange."))
    errors: list[dict] = []
    practices = _practices(user, payload.practices, "practices", errors)
    if errors:
        raise _invalid(errors)
    existed = exchange.reports.filter(side=side).exists()
    try:
        report = report_services.submit_report(
            exchange,
            user=user,
            side=side,
            learned=payload.learned,
            plans=payload.plans,
            practices=practices,
            language=payload.language,
            request=request,
        )
    except ExchangeError as exc:
        raise _refused(exc) from exc
    report = (
        Report.objects.select_related("author", "draft_practice")
        .prefetch_related(
            Prefetch(
                "practices",
                queryset=Practice.objects.visible_to(user).order_by("pk"),
                to_attr="visible_practices",
            )
        )
        .get(pk=report.pk)
    )
    shown = set(
        Practice.objects.visible_to(user)
        .filter(pk=report.draft_practice_id)
        .values_list("pk", flat=True)
    )
    return Status(200 if existed else 201, _report(report, shown, request))
