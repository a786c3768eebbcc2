"""API: events, their agenda, and registering for them.

The same confidentiality rule as the site (`Event.objects.visible_to`: a hidden event answers
404, never 403), the same speaker rule (a pseudonymous speaker's real name for the secretariat
only), and the same registration services as the pages: the seats of a category can never be
over-given, through the API or otherwise.
"""

from datetime import datetime
from typing import Literal

import rules
from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.params import P, PathEx
from pydantic import ConfigDict, StrictBool

from strongcities.api.auth import AUTHENTICATED
from strongcities.api.errors import ApiError
from strongcities.api.language import LanguageQuery
from strongcities.api.openapi import error_responses
from strongcities.api.pagination import Page, PageQuery, paginate
from strongcities.core.visibility import Visibility
from strongcities.events.models import Category, Event, Material, Registration, Session, Speaker
from strongcities.events.services import registration as registrations
from strongcities.events.services.errors import EventError

router = Router(tags=["Events"])

EventSlug = PathEx[
    str,
    P(
        max_length=120,
        description="The event's slug, as in its address on the site.",
        example="mombasa-workshop",
    ),
]
RegistrationId = PathEx[int, P(ge=1, le=2**63 - 1, description="The registration's id.")]

# Refusals about what the caller sent (a 422 naming the field); every other refusal of the
# registration services is about the state of the event or registration (a 409).
INPUT_REFUSALS = {
    "category",
    "email",
    "name",
    "invitation",
    "invitation_revoked",
    "invitation_personal",
    "invitation_used",
    "invitation_category",
}


# --- Schemas


class CodeLabel(Schema):
    code: str
    label: str = Field(description="In the response's language.")


class CityRef(Schema):
    slug: str
    name: str


class RegistrationState(Schema):
    state: Literal["open", "not_yet_open", "closed", "over", "cancelled"] = Field(
        description="Whether one may register now: open, not_yet_open, closed (the window "
        "has passed or the event is not published), over (the event has ended), cancelled."
    )
    mode: Literal["open", "approval", "invitation"] = Field(
        description="open: confirmed while seats last; approval: the organisers approve each "
        "registration; invitation: an invitation code or a named invitation is needed."
    )
    opens: datetime | None
    closes: datetime | None


RegistrationStatus = Literal[
    "pending", "confirmed", "waitlisted", "offered", "cancelled", "rejected"
]
SessionKind = Literal["plenary", "panel", "workshop", "site-visit"]


class MyStatus(Schema):
    id: int
    status: RegistrationStatus


class EventItem(Schema):
    slug: str
    title: str = Field(description="In the response's language (else the original).")
    summary: str
    type: CodeLabel
    start: datetime = Field(description="ISO 8601 with the offset of the event's time zone.")
    end: datetime = Field(description="ISO 8601 with the offset of the event's time zone.")
    time_zone: str = Field(description="The venue's IANA time zone, e.g. Europe/Istanbul.")
    host_city: CityRef | None
    venue: str
    online: bool = Field(description="Whether the event has an online link.")
    status: Literal["draft", "published", "cancelled"]
    visibility: Visibility
    registration: RegistrationState
    my_registration: MyStatus | None = Field(
        description="The caller's latest registration for the event, if any (signed-in)."
    )
    url: str = Field(description="The event's page on the site.")


class EventQuery(LanguageQuery):
    when: Literal["upcoming", "past", "all"] = Field(
        "upcoming",
        description="upcoming (not yet ended; soonest first, the default), past (newest "
        "first) or all (by start).",
    )


class CategoryOut(Schema):
    code: str
    name: str
    capacity: int
    free: int = Field(description="Seats not yet given (confirmed or offered).")
    waitlist: bool = Field(description="When full, new registrations join a waiting list.")


class SpeakerOut(Schema):
    id: int
    name: str = Field(description="The name shown (a pseudonym for pseudonymous speakers).")
    pseudonymous: bool
    affiliation: str
    bio: str
    photo_url: str | None = Field(description="Never for a pseudonymous speaker.")
    real_name: str | None = Field(
        description="A pseudonymous speaker's real name: for the secretariat only (else null)."
    )
    consent_given: bool | None = Field(description="For the secretariat only (else null).")


class SessionOut(Schema):
    id: int
    kind: SessionKind
    title: str
    description: str
    start: datetime
    end: datetime
    room: str
    capacity: int | None
    free: int | None = Field(description="Seats left when the session has a capacity.")
    signup: bool = Field(description="Participants sign up for this session.")
    speakers: list[int] = Field(description="Ids of the event's speakers (see `speakers`).")
    ics_url: str


class MaterialOut(Schema):
    id: int
    title: str
    filename: str
    kind: str
    size: int
    url: str


class EventOut(EventItem):
    description: str
    outcomes_summary: str
    online_url: str | None = Field(
        description="For confirmed participants and the organisers only (else null)."
    )
    categories: list[CategoryOut]
    sessions: list[SessionOut]
    speakers: list[SpeakerOut]
    materials: list[MaterialOut] = Field(description="The materials the caller may download.")
    ics_url: str


class EventRef(Schema):
    slug: str
    title: str
    start: datetime
    end: datetime
    url: str


class RegistrationOut(Schema):
    id: int
    event: EventRef
    category: CodeLabel
    status: RegistrationStatus
    waitlist_position: int | None = Field(description="1-based, while on the waiting list.")
    offer_expires_at: datetime | None = Field(
        description="While a freed seat is offered: accept it before this moment."
    )
    ticket_code: str | None = Field(description="Once confirmed: what the ticket's QR encodes.")
    ticket_url: str | None
    checked_in_at: datetime | None
    name: str
    email: str
    city: CityRef | None
    job_title: str
    needs: str = Field(description="Seen by the registrant and the organisers only.")
    listed: bool
    created_at: datetime
    url: str = Field(description="The registration's page on the site.")


class RegistrationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    category: str = Field(
        max_length=40,
        description="The code of one of the event's categories (see `categories` of the event).",
        examples=["practitioners"],
    )
    code: str = Field("", max_length=40, description="An invitation code, if the event needs one.")
    needs: str = Field("", max_length=1000, description="Access or dietary needs.")
    # Strict: pydantic would otherwise take 0, "no" or "off" for false.
    listed: StrictBool = Field(False, description="Appear on the participant list members can see.")


# --- Reading


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _local(moment: datetime | None, event: Event) -> datetime | None:
    return timezone.localtime(moment, event.tz) if moment is not None else None


def registration_state(event: Event, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED:
        return "cancelled"
    if now > event.end:
        return "over"
    if event.registration_is_open(now):
        return "open"
    if (
        event.status == Event.Status.PUBLISHED
        and event.registration_opens
        and now < event.registration_opens
    ):
        return "not_yet_open"
    return "closed"


def _city(city) -> dict | None:
    return {"slug": city.slug, "name": city.name} if city is not None else None


def event_item(event: Event, request: HttpRequest, mine: dict) -> dict:
    own = mine.get(event.pk)
    return {
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary or "",
        "type": {"code": event.kind.code, "label": event.kind.label},
        "start": _local(event.start, event),
        "end": _local(event.end, event),
        "time_zone": event.time_zone,
        "host_city": _city(event.host_city),
        "venue": event.venue,
        "online": bool(event.online_url),
        "status": event.status,
        "visibility": event.visibility,
        "registration": {
            "state": registration_state(event),
            "mode": event.mode,
            "opens": _local(event.registration_opens, event),
            "closes": _local(event.registration_closes, event),
        },
        "my_registration": {"id": own.pk, "status": own.status} if own else None,
        "url": _absolute(request, event.get_absolute_url()),
    }


def my_registrations(user, events) -> dict[int, Registration]:
    """{event pk: the caller's latest registration} for `events` (one query; none anonymous)."""
    if not user.is_authenticated:
        return {}
    found = {}
    for registration in Registration.objects.filter(
        user=user, event_id__in=[e.pk for e in events]
    ).order_by("created_at", "pk"):
        found[registration.event_id] = registration
    return found


def _speaker(speaker: Speaker, event: Event, request: HttpRequest, identity: bool) -> dict:
    photo = bool(speaker.photo) and not speaker.pseudonymous
    return {
        "id": speaker.pk,
        "name": speaker.public_name,
        "pseudonymous": speaker.pseudonymous,
        "affiliation": speaker.affiliation,
        "bio": speaker.bio,
        "photo_url": _absolute(
            request, reverse("events:speaker_photo", args=[event.slug, speaker.pk])
        )
        if photo
        else None,
        "real_name": (speaker.real_name or None) if identity and speaker.pseudonymous else None,
        "consent_given": speaker.consent_given if identity else None,
    }


def _session(session: Session, event: Event, request: HttpRequest) -> dict:
    return {
        "id": session.pk,
        "kind": session.kind,
        "title": session.title,
        "description": session.description or "",
        "start": _local(session.start, event),
        "end": _local(session.end, event),
        "room": session.room,
        "capacity": session.capacity,
        "free": max(0, session.capacity - session.held) if session.capacity is not None else None,
        "signup": session.signup,
        "speakers": [s.pk for s in session.speakers.all()],
        "ics_url": _absolute(request, reverse("events:session_ics", args=[event.slug, session.pk])),
    }


def event_out(event: Event, user, request: HttpRequest) -> dict:
    """Everything about an event the caller may see."""
    mine = my_registrations(user, [event])
    organiser = rules.has_perm("events.organise_event", user, event)
    identity = rules.has_perm("events.see_speaker_identity", user, event)
    confirmed = event.pk in mine and mine[event.pk].status == Registration.Status.CONFIRMED
    sessions = event.sessions.order_by("start", "pk").prefetch_related(
        Prefetch("speakers", queryset=Speaker.objects.order_by("public_name", "pk"))
    )
    materials = Material.objects.visible_to(user).filter(event=event).order_by("uploaded_at", "pk")
    return {
        **event_item(event, request, mine),
        "description": event.description or "",
        "outcomes_summary": event.outcomes_summary or "",
        "online_url": event.online_url if event.online_url and (organiser or confirmed) else None,
        "categories": [
            {
                "code": c.code,
                "name": c.name,
                "capacity": c.capacity,
                "free": c.free,
                "waitlist": c.waitlist,
            }
            for c in event.categories.order_by("position", "pk")
        ],
        "sessions": [_session(s, event, request) for s in sessions],
        "speakers": [
            _speaker(s, event, request, identity)
            for s in event.speakers.order_by("public_name", "pk")
        ],
        "materials": [
            {
                "id": m.pk,
                "title": m.title,
                "filename": m.filename,
                "kind": m.kind,
                "size": m.size,
                "url": _absolute(request, m.get_absolute_url()),
            }
            for m in materials
        ],
        "ics_url": _absolute(request, reverse("events:ics", args=[event.slug])),
    }


def find_event(user, slug: str) -> Event:
    """The event `slug` if the caller may see it; else a 404."""
    event = (
        Event.objects.visible_to(user).select_related("kind", "host_city").filter(slug=slug).first()
    )
    if event is None:
        raise ApiError(404, message=gettext("There is no event at this address."))
    return event


def registration_out(
    registration: Registration, request: HttpRequest, positions: dict[int, int]
) -> dict:
    event = registration.event
    confirmed = registration.status == Registration.Status.CONFIRMED
    return {
        "id": registration.pk,
        "event": {
            "slug": event.slug,
            "title": event.title,
            "start": _local(event.start, event),
            "end": _local(event.end, event),
            "url": _absolute(request, event.get_absolute_url()),
        },
        "category": {"code": registration.category.code, "label": registration.category.name},
        "status": registration.status,
        "waitlist_position": positions.get(registration.pk),
        "offer_expires_at": _local(registration.offer_expires_at, event),
        "ticket_code": registration.ticket_code if confirmed else None,
        "ticket_url": _absolute(request, reverse("events:ticket", args=[event.slug]))
        if confirmed
        else None,
        "checked_in_at": _local(registration.checked_in_at, event),
        "name": registration.name,
        "email": registration.email,
        "city": _city(registration.city),
        "job_title": registration.job_title,
        "needs": registration.needs,
        "listed": registration.listed,
        "created_at": registration.created_at,
        "url": _absolute(request, reverse("events:registration", args=[event.slug])),
    }


def _registration_page(registrations_: list[Registration], request: HttpRequest) -> list[dict]:
    positions = registrations.waitlist_positions(registrations_)
    return [registration_out(r, request, positions) for r in registrations_]


def _refused(exc: EventError) -> ApiError:
    errors = [{"field": exc.field, "message": str(exc.message)}] if exc.field else []
    status = 422 if exc.code in INPUT_REFUSALS else 409
    code = exc.code or ("validation_error" if status == 422 else "conflict")
    return ApiError(status, code, str(exc.message), errors)


def _own_registration(user, pk: int) -> Registration:
    """A registration of the caller (or made by them), of an event they may see; else 404."""
    registration = (
        Registration.objects.filter(
            Q(user=user) | Q(registered_by=user),
            pk=pk,
            event__in=Event.objects.visible_to(user).values("pk"),
        )
        .select_related("event", "category", "city")
        .first()
    )
    if registration is None:
        raise ApiError(404, message=gettext("There is no registration of yours at this address."))
    return registration


def _answer(registration: Registration, request: HttpRequest) -> dict:
    registration = Registration.objects.select_related("event", "category", "city").get(
        pk=registration.pk
    )
    return _registration_page([registration], request)[0]


# --- Endpoints


@router.get(
    "/events",
    response=Page[EventItem],
    url_name="event_list",
    operation_id="listEvents",
    summary="List events",
)
def list_events(
    request: HttpRequest, params: Query[EventQuery], pagination: Query[PageQuery]
) -> dict:
    """The published (and cancelled) events the caller may see, as on the events page."""
    user = request.auth
    events = Event.objects.listed_for(user).select_related("kind", "host_city")
    if params.when == "upcoming":
        events = events.upcoming()
    elif params.when == "past":
        events = events.past()
    else:
        events = events.order_by("start", "pk")
    page = paginate(events, pagination, lambda event: event)
    mine = my_registrations(user, page["items"])
    page["items"] = [event_item(event, request, mine) for event in page["items"]]
    return page


@router.get(
    "/events/registrations/mine",
    response=Page[RegistrationOut],
    auth=AUTHENTICATED,
    url_name="event_registrations_mine",
    operation_id="listMyEventRegistrations",
    summary="List my registrations",
)
def my_event_registrations(
    request: HttpRequest, params: Query[LanguageQuery], pagination: Query[PageQuery]
) -> dict:
    """The caller's registrations, of every state, for events they may see; soonest first."""
    user = request.auth
    own = (
        Registration.objects.filter(
            user=user, event__in=Event.objects.visible_to(user).values("pk")
        )
        .select_related("event", "category", "city")
        .order_by("event__start", "event_id", "created_at", "pk")
    )
    page = paginate(own, pagination, lambda registration: registration)
    page["items"] = _registration_page(page["items"], request)
    return page


@router.get(
    "/events/{slug}",
    response=EventOut,
    url_name="event_detail",
    operation_id="getEvent",
    summary="Get an event with its agenda",
)
def get_event(request: HttpRequest, slug: EventSlug, params: Query[LanguageQuery]) -> dict:
    """One event: categories and free seats, sessions, speakers (a pseudonymous speaker by the
    name shown only; the real name for the secretariat) and the materials the caller may see.
    A hidden event answers 404."""
    return event_out(find_event(request.auth, slug), request.auth, request)


@router.post(
    "/events/{slug}/registrations",
    response={201: RegistrationOut},
    auth=AUTHENTICATED,
    url_name="event_register",
    openapi_extra=error_responses(
        conflict="Refused by the event's rules: `code` says why (full, closed, duplicate...)."
    ),
    operation_id="registerForEvent",
    summary="Register for an event",
)
def register(request: HttpRequest, slug: EventSlug, payload: RegistrationIn) -> Status:
    """Register the caller in a category, under the event's rules (window, invitation,
    approval): the answer says whether they are confirmed, waitlisted or pending approval.
    Refusals about the request are 422; a full category, a closed window or an existing
    registration are 409, with `code` naming the reason (full, closed, duplicate...)."""
    user = request.auth
    event = find_event(user, slug)
    category = Category.objects.filter(event=event, code=payload.category).first()
    if category is None:
        raise ApiError(
            422,
            "validation_error",
            gettext("The request is not valid: see the errors of each field."),
            [{"field": "category", "message": gettext("This event has no such category.")}],
        )
    person = registrations.person_for(user)
    person.needs = payload.needs
    person.listed = payload.listed
    try:
        registration = registrations.register(event, category, person, by=user, code=payload.code)
    except EventError as exc:
        raise _refused(exc) from exc
    return Status(201, _answer(registration, request))


def _act(request: HttpRequest, pk: int, service) -> dict:
    registration = _own_registration(request.auth, pk)
    try:
        registration = service(registration, by=request.auth)
    except EventError as exc:
        raise _refused(exc) from exc
    return _answer(registration, request)


@router.post(
    "/events/registrations/{registration_id}/cancel",
    response=RegistrationOut,
    auth=AUTHENTICATED,
    url_name="event_registration_cancel",
    openapi_extra=error_responses(conflict="Not possible in the registration's state."),
    operation_id="cancelEventRegistration",
    summary="Cancel a registration",
)
def cancel(request: HttpRequest, registration_id: RegistrationId) -> dict:
    """Cancel one's registration (or one made by the caller) until the event ends; a seat it
    held goes to the first person waiting. Someone else's registration answers 404."""
    return _act(request, registration_id, registrations.cancel)


@router.post(
    "/events/registrations/{registration_id}/accept",
    response=RegistrationOut,
    auth=AUTHENTICATED,
    url_name="event_registration_accept",
    openapi_extra=error_responses(conflict="Not possible in the registration's state."),
    operation_id="acceptEventSeatOffer",
    summary="Accept an offered seat",
)
def accept_offer(request: HttpRequest, registration_id: RegistrationId) -> dict:
    """Take the seat offered from the waiting list, before the offer expires."""
    return _act(request, registration_id, registrations.accept_offer)


@router.post(
    "/events/registrations/{registration_id}/decline",
    response=RegistrationOut,
    auth=AUTHENTICATED,
    url_name="event_registration_decline",
    openapi_extra=error_responses(conflict="Not possible in the registration's state."),
    operation_id="declineEventSeatOffer",
    summary="Decline an offered seat",
)
def decline_offer(request: HttpRequest, registration_id: RegistrationId) -> dict:
    """Let the offered seat go to the next person waiting."""
    return _act(request, registration_id, registrations.decline_offer)
