"""The public side of events: the listing, the event page, materials, participants.

Every page resolves the event through `Event.objects.visible_to(user)` (`visible_event`: 404
when hidden, to everyone). Pseudonymous speakers appear by their public name only, without a
photo, to everyone but the secretariat; the online link only to confirmed participants and
organisers.
"""

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

import rules
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from strongcities.core.taxonomy.models import Concept
from strongcities.core.uploads import attachment_response
from strongcities.events.models import Event, Material, Outcome, Registration, Session
from strongcities.events.services import downloads, registration
from strongcities.events.views.lookup import event_view, member_event_view
from strongcities.practices.models import Practice

PAGE_SIZE = 20
PARTICIPANTS_PAGE_SIZE = 100
WHEN = ("upcoming", "past")


# --- the listing -------------------------------------------------------------------------------


def _choice(value, allowed) -> str:
    return value if value in allowed else ""


@require_GET
def listing(request):
    """Upcoming events (or `?when=past`, the archive), by type and region, 20 a page."""
    when = _choice(request.GET.get("when"), WHEN) or "upcoming"
    types = list(Concept.objects.in_scheme("event-type").order_by("position", "code"))
    regions = list(Concept.objects.in_scheme("region").order_by("position", "code"))
    kind = _choice(request.GET.get("type"), {c.code for c in types})
    region = _choice(request.GET.get("region"), {c.code for c in regions})
    events = Event.objects.listed_for(request.user)
    events = events.past() if when == "past" else events.upcoming()
    if kind:
        events = events.filter(kind__code=kind)
    if region:
        events = events.filter(host_city__region__code=region)
    events = events.select_related("kind", "host_city__region")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "when": when,
        "types": types,
        "regions": regions,
        "kind": kind,
        "region": region,
        "page": page,
        "events": page.object_list,
        "filtered": bool(kind or region),
    }
    return render(request, "events/list.html", context)


# --- the event page ----------------------------------------------------------------------------


@dataclass
class AgendaDay:
    day: date
    sessions: list = field(default_factory=list)


def agenda(sessions: list[Session], event: Event) -> list[AgendaDay]:
    """The sessions grouped by their day in the event's time zone."""
    local_day = lambda session: timezone.localtime(session.start, event.tz).date()  # noqa: E731
    return [AgendaDay(day, list(group)) for day, group in groupby(sessions, key=local_day)]


def my_registration(event: Event, user) -> Registration | None:
    """The reader's active registration, else their latest one."""
    if not user.is_authenticated:
        return None
    found = sorted(
        Registration.objects.filter(event=event, user=user).select_related("category"),
        key=lambda r: (r.is_active, r.created_at, r.pk),
    )
    return found[-1] if found else None


def _outcomes(event: Event, user) -> list[Outcome]:
    outcomes = list(event.outcomes.select_related("city"))
    practice_ids = {o.practice_id for o in outcomes if o.practice_id}
    visible = {}
    if practice_ids:
        visible = {p.pk: p for p in Practice.objects.visible_to(user).filter(pk__in=practice_ids)}
    for outcome in outcomes:
        outcome.visible_practice = visible.get(outcome.practice_id)
    return outcomes


@event_view
@require_GET
def detail(request, event):
    user = request.user
    see_identity = rules.has_perm("events.see_speaker_identity", user, event)
    speakers = event.speakers.all()
    if see_identity:
        speakers = speakers.select_related("consent_recorded_by")
    sessions = list(
        event.sessions.prefetch_related(
            Prefetch("speakers", queryset=event.speakers.order_by("public_name", "pk"))
        )
    )
    mine = my_registration(event, user)
    organiser = rules.has_perm("events.organise_event", user, event)
    confirmed = mine is not None and mine.status == Registration.Status.CONFIRMED
    context = {
        "event": event,
        "agenda": agenda(sessions, event),
        "speakers": list(speakers),
        "see_identity": see_identity,
        "materials": list(
            Material.objects.visible_to(user).filter(event=event).select_related("session")
        ),
        "outcomes": _outcomes(event, user) if event.is_past else [],
        "seats": registration.seats(event),
        "mine": mine,
        "waitlist_position": (
            registration.waitlist_positions([mine]).get(mine.pk)
            if mine is not None and mine.status == Registration.Status.WAITLISTED
            else None
        ),
        "organiser": organiser,
        "show_online_link": bool(event.online_url and (organiser or confirmed)),
        "registration_open": event.registration_is_open(),
        "see_participants": rules.has_perm("events.see_participants", user, event),
    }
    return render(request, "events/detail.html", context)


# --- materials and participants ----------------------------------------------------------------


@event_view
@require_GET
def material(request, event, pk):
    found = Material.objects.visible_to(request.user).filter(event=event, pk=pk).first()
    if found is None:
        raise Http404
    found.event = event
    response = attachment_response(found.file, found.filename)
    downloads.material_downloaded(found, request=request)
    return response


@event_view
@require_GET
def speaker_photo(request, event, pk):
    """A speaker's photo; never one of a pseudonymous speaker (they have none anyway)."""
    found = event.speakers.filter(pk=pk, pseudonymous=False).exclude(photo="").first()
    if found is None:
        raise Http404
    return attachment_response(found.photo, f"speaker-{found.pk}")


@member_event_view("events.see_participants")
@require_GET
def participants(request, event):
    """Confirmed participants who agreed to be listed: name, city, role — nothing else."""
    listed = (
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED, listed=True)
        .select_related("city", "partner", "category")
        .order_by("name", "pk")
    )
    page = Paginator(listed, PARTICIPANTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/participants.html", {"event": event, "page": page})
