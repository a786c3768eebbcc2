"""A participant's side of registration: register, see and manage one's registration (waiting
list position, offered seat, cancel, session sign-ups), "My events", and a focal point
registering the city's delegation.

Every view finds the event through the confidentiality rule (`event_view`: 404 when hidden);
anonymous visitors of a visible event are sent to sign in. The services decide every rule of
registration; their refusals (`EventError`) are shown as form errors or messages.
"""

import rules
from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from strongcities.accounts.models import User
from strongcities.core.access import deny
from strongcities.events.forms_registration import RegisterForm, delegation_formset
from strongcities.events.models import Event, Feedback, Registration, SessionSignup
from strongcities.events.services import invitations, registration
from strongcities.events.services.errors import EventError
from strongcities.events.views.lookup import SignInRequired, event_view, member_event_view
from strongcities.members.models import City

DEFAULT_DELEGATION_ROWS = 5
MAX_DELEGATION_ROWS = 50


def registered_message(reg: Registration) -> str:
    """What the person is told right after registering, by the status they got."""
    category = str(reg.category.name)
    if reg.status == Registration.Status.CONFIRMED:
        return _("You are registered: your seat among the %(category)s is confirmed.") % {
            "category": category
        }
    if reg.status == Registration.Status.WAITLISTED:
        return _(
            "The %(category)s category is full: you are on the waiting list. If a seat frees, "
            "it will be offered to you and you will be notified."
        ) % {"category": category}
    if reg.status == Registration.Status.OFFERED:
        return _("A seat is offered to you: accept it on this page.")
    return _("Your registration was received: the organisers will confirm it.")


def my_registration(event: Event, user) -> Registration | None:
    """The user's registration for `event`: the active one, else the latest."""
    regs = list(
        Registration.objects.filter(event=event, user=user)
        .select_related("category")
        .order_by("-created_at", "-pk")
    )
    active = [reg for reg in regs if reg.is_active]
    return (active or regs or [None])[0]


def _signed_in(request) -> None:
    if not request.user.is_authenticated:
        raise SignInRequired


# --- registering oneself ---------------------------------------------------------------------


def _register_initial(request, event: Event, person) -> dict:
    """The form's starting values: the account's job title, the invitation's code and category."""
    code = request.GET.get("code", "").strip().upper()[:20]
    initial = {"job_title": person.job_title, "code": code}
    if event.mode == Event.Mode.INVITATION:
        invitation = invitations.find_invitation(event, code=code, email=request.user.email)
        if invitation is not None and invitation.is_usable:
            initial["category"] = invitation.category_id
    return initial


@require_http_methods(["GET", "POST"])
@event_view
def register(request, event: Event):
    """Choose a category (seats left or waiting list shown), give needs and consent, register."""
    _signed_in(request)
    current = my_registration(event, request.user)
    if current is not None and current.is_active:
        messages.info(request, _("You are already registered for this event."))
        return redirect("events:registration", slug=event.slug)
    is_open = event.registration_is_open()
    may_organise = rules.has_perm("events.organise_event", request.user, event)
    person = registration.person_for(request.user)
    lines = registration.seats(event)
    form = RegisterForm(
        request.POST or None,
        event=event,
        seat_lines=lines,
        initial=_register_initial(request, event, person),
    )
    if request.method == "POST" and form.is_valid():
        person.job_title = form.cleaned_data["job_title"]
        person.needs = form.cleaned_data["needs"]
        person.listed = form.cleaned_data["listed"]
        try:
            reg = registration.register(
                event,
                form.chosen_category(),
                person,
                by=request.user,
                code=form.cleaned_data.get("code", ""),
            )
        except EventError as error:
            form.show_refusal(error)
        else:
            messages.success(request, registered_message(reg))
            return redirect("events:registration", slug=event.slug)
    context = {
        "event": event,
        "form": form,
        "seat_lines": lines,
        "is_open": is_open,
        "show_form": (is_open or may_organise) and bool(form.fields["category"].choices),
        "previous": current,
        "now": timezone.now(),
    }
    return render(request, "events/register.html", context)


# --- my registration -------------------------------------------------------------------------


def _sessions(event: Event, reg: Registration) -> list[dict]:
    """The sessions that need sign-up, with seats left and whether the person signed up."""
    sessions = list(event.sessions.filter(signup=True).order_by("start", "pk"))
    mine = set(
        SessionSignup.objects.filter(registration=reg, session__in=sessions).values_list(
            "session_id", flat=True
        )
    )
    return [
        {
            "session": session,
            "signed_up": session.pk in mine,
            "left": None if session.capacity is None else max(0, session.capacity - session.held),
        }
        for session in sessions
    ]


@event_view
def registration_page(request, event: Event):
    """My status, waiting list position, an offered seat, cancelling, sessions, ticket, feedback."""
    _signed_in(request)
    reg = my_registration(event, request.user)
    context = {"event": event, "reg": reg, "now": timezone.now()}
    if reg is not None:
        confirmed = reg.status == Registration.Status.CONFIRMED
        context.update(
            position=(
                registration.waitlist_positions([reg]).get(reg.pk)
                if reg.status == Registration.Status.WAITLISTED
                else None
            ),
            can_cancel=reg.is_active and registration.can_cancel(reg, request.user),
            sessions=_sessions(event, reg) if confirmed else [],
            show_ticket=confirmed and not event.is_past,
            show_feedback=(
                confirmed
                and event.start <= timezone.now()
                and not Feedback.objects.filter(registration=reg).exists()
            ),
            can_register_again=not reg.is_active and event.registration_is_open(),
        )
    return render(request, "events/registration.html", context)


def _after(event: Event, reg: Registration, user):
    """Where to go back to: a delegation's page for someone else's registration, else mine."""
    if reg.user_id != user.pk and reg.city_id:
        url = reverse("events:delegation", args=[event.slug])
        city = City.objects.filter(pk=reg.city_id).values_list("slug", flat=True).first()
        return redirect(f"{url}?city={city}" if city else url)
    return redirect("events:registration", slug=event.slug)


@require_POST
@event_view
def cancel_registration(request, event: Event):
    """Cancel my registration (or, with `registration`, one I made for my city's delegation)."""
    _signed_in(request)
    pk = request.POST.get("registration", "")
    if pk:
        if not pk.isdigit():
            raise Http404
        reg = get_object_or_404(Registration.objects.select_related("category"), event=event, pk=pk)
    else:
        reg = my_registration(event, request.user)
    if reg is None or not reg.is_active or not registration.can_cancel(reg, request.user):
        raise Http404
    try:
        registration.cancel(reg, by=request.user, reason=request.POST.get("reason", "")[:2000])
    except EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The registration of %(name)s is cancelled.") % {"name": reg.name}
        )
    return _after(event, reg, request.user)


def _offer_step(request, event: Event, service, done: str):
    _signed_in(request)
    reg = my_registration(event, request.user)
    if reg is None or reg.status != Registration.Status.OFFERED:
        messages.error(request, _("There is no seat offered to you for this event."))
        return redirect("events:registration", slug=event.slug)
    try:
        service(reg, by=request.user)
    except EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("events:registration", slug=event.slug)


@require_POST
@event_view
def accept_offer(request, event: Event):
    done = _("The seat is yours: your registration is confirmed.")
    return _offer_step(request, event, registration.accept_offer, done)


@require_POST
@event_view
def decline_offer(request, event: Event):
    done = _("You declined the seat: it goes to the next person waiting.")
    return _offer_step(request, event, registration.decline_offer, done)


@require_POST
@event_view
def session_signup(request, event: Event, pk: int):
    """Sign up for a session that needs it, or leave it (a toggle)."""
    _signed_in(request)
    session = get_object_or_404(event.sessions, pk=pk, signup=True)
    reg = my_registration(event, request.user)
    if reg is None or reg.status != Registration.Status.CONFIRMED:
        messages.error(request, _("Only confirmed participants can sign up for sessions."))
        return redirect("events:registration", slug=event.slug)
    try:
        if SessionSignup.objects.filter(registration=reg, session=session).exists():
            registration.leave(reg, session, by=request.user)
            done = _("You left the session %(title)s.")
        else:
            registration.sign_up(reg, session, by=request.user)
            done = _("You are signed up for the session %(title)s.")
    except EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"title": session.title})
    return redirect(reverse("events:registration", args=[event.slug]) + "#sessions")


# --- my events -------------------------------------------------------------------------------


def mine(request):
    """My registrations, upcoming and past, with status and waiting list positions."""
    if not request.user.is_authenticated:
        return deny(request)
    regs = list(
        Registration.objects.filter(
            user=request.user, event__in=Event.objects.visible_to(request.user).values("pk")
        )
        .select_related("event", "category")
        .order_by("event__start", "event__pk", "-created_at", "-pk")
    )
    positions = registration.waitlist_positions(
        [reg for reg in regs if reg.status == Registration.Status.WAITLISTED]
    )
    for reg in regs:
        reg.position = positions.get(reg.pk)
    now = timezone.now()
    upcoming = [reg for reg in regs if reg.event.end >= now]
    past = [reg for reg in reversed(regs) if reg.event.end < now]
    return render(request, "events/mine.html", {"upcoming": upcoming, "past": past})


# --- a city's delegation ---------------------------------------------------------------------


def _delegation_cities(user):
    if user.is_secretariat:
        return City.objects.filter(status=City.Status.MEMBER).order_by("name")
    return City.objects.filter(pk__in=user.focal_point_city_ids).order_by("name")


def _delegation_rows(request) -> int:
    rows = request.GET.get("rows", "")
    if rows.isdigit():
        return max(1, min(int(rows), MAX_DELEGATION_ROWS))
    return DEFAULT_DELEGATION_ROWS


def _delegation_done(request, regs: list[Registration]) -> None:
    counts = dict.fromkeys(Registration.Status.values, 0)
    for reg in regs:
        counts[reg.status] += 1
    messages.success(
        request,
        ngettext(
            "%(count)s person registered: %(confirmed)s confirmed, %(waiting)s on the waiting "
            "list, %(pending)s awaiting approval.",
            "%(count)s people registered: %(confirmed)s confirmed, %(waiting)s on the waiting "
            "list, %(pending)s awaiting approval.",
            len(regs),
        )
        % {
            "count": len(regs),
            "confirmed": counts["confirmed"] + counts["offered"],
            "waiting": counts["waitlisted"],
            "pending": counts["pending"],
        },
    )


@require_http_methods(["GET", "POST"])
@member_event_view("events.register_delegation")
def delegation(request, event: Event):
    """A focal point registers several people of the city at once: all or nothing."""
    cities = list(_delegation_cities(request.user))
    wanted = request.GET.get("city") or request.POST.get("city")
    city = next((c for c in cities if c.slug == wanted), cities[0] if cities else None)
    if city is None:
        raise Http404
    categories = list(event.categories.all())
    by_pk = {category.pk: category for category in categories}
    members = list(
        User.objects.filter(city_memberships__city=city, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )
    taken = Registration.objects.filter(event=event).active().values_list("email", flat=True)
    formset_class = delegation_formset(_delegation_rows(request), MAX_DELEGATION_ROWS)
    formset = formset_class(
        request.POST or None,
        prefix="people",
        members=members,
        categories=categories,
        taken=set(taken),
    )
    refusal = None
    if request.method == "POST" and formset.is_valid():
        people = [
            (
                by_pk[row["category"]],
                registration.Person(
                    name=row["name"],
                    email=row["email"],
                    user=row["user"],
                    city=city,
                    job_title=row["job_title"],
                ),
            )
            for row in formset.rows()
        ]
        try:
            regs = registration.register_delegation(event, city, people, by=request.user)
        except EventError as error:
            refusal = error.message
        else:
            _delegation_done(request, regs)
            return redirect(reverse("events:delegation", args=[event.slug]) + f"?city={city.slug}")
    delegates = list(
        Registration.objects.filter(event=event, city=city)
        .filter(Q(status__in=Registration.ACTIVE_STATUSES) | Q(registered_by=request.user))
        .select_related("category")
        .order_by("category__position", "name", "pk")
    )
    positions = registration.waitlist_positions(
        [reg for reg in delegates if reg.status == Registration.Status.WAITLISTED]
    )
    for reg in delegates:
        reg.position = positions.get(reg.pk)
        reg.cancellable = reg.is_active and registration.can_cancel(reg, request.user)
    context = {
        "event": event,
        "city": city,
        "cities": cities,
        "formset": formset,
        "refusal": refusal,
        "seat_lines": registration.seats(event),
        "delegates": delegates,
        "is_open": event.registration_is_open(),
        "more_rows": min(formset.total_form_count() + 5, MAX_DELEGATION_ROWS),
    }
    return render(request, "events/delegation.html", context)
