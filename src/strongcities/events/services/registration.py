"""Registrations: who has a seat, who waits, and the offers of freed seats.

The guarantee: a category never gives more seats than it has. `Category.held` counts the
confirmed and offered registrations of the category; every change that takes or frees a seat
runs in one transaction that first locks the category row (`select_for_update`), reads `held`
under that lock and changes it with an F() expression, and the database's check constraint
`held <= capacity` backs it. Two people asking for the last seat at the same moment are served
one after the other: the second finds the category full (and waits on its list, if it has one).

Locks are always taken in the same order — categories (by primary key), then registrations,
then invitations or sessions — so concurrent changes queue instead of deadlocking.

Every change is audited and tells the registrant: a notification in their own language when they
have an account, an email otherwise (a delegate registered by their city's focal point). The
waiting list is first come, first served (`waitlisted_at`, then `pk`); a freed seat is offered
to the first person waiting for `event.offer_hours` (confirmed at once when that is 0), and an
offer declined or left to expire passes to the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from strongcities.accounts.models import CityRole, PartnerRole, User
from strongcities.core.audit.services import record
from strongcities.core.mail import email_after_commit
from strongcities.core.notifications.services import notify
from strongcities.events.models import (
    Category,
    Event,
    Invitation,
    Registration,
    Session,
    SessionSignup,
)
from strongcities.events.services.errors import EventError

Status = Registration.Status

__all__ = [
    "CategorySeats",
    "EventError",
    "Person",
    "accept_offer",
    "approve",
    "can_cancel",
    "cancel",
    "decline_offer",
    "expire_offers",
    "leave",
    "move",
    "person_for",
    "promote_next",
    "register",
    "register_delegation",
    "reject",
    "seats",
    "sign_up",
    "waitlist_positions",
]


@dataclass
class Person:
    """Who is being registered: the account holder themselves, or a delegate named by a city."""

    name: str
    email: str
    user: User | None = None
    city: object | None = None  # members.City
    partner: object | None = None  # members.Partner
    job_title: str = ""
    needs: str = ""
    listed: bool = False


@dataclass
class CategorySeats:
    """The seats of one category as the registration box and the organisers show them."""

    category: Category
    capacity: int
    held: int
    free: int
    waiting: int
    pending: int


def person_for(user: User) -> Person:
    """The account holder as a registrant: name, email, first member city, first partner."""
    city_role = (
        CityRole.objects.filter(user=user, city__status="member")
        .select_related("city")
        .order_by("created_at", "pk")
        .first()
    )
    partner_role = (
        PartnerRole.objects.filter(user=user)
        .select_related("partner")
        .order_by("created_at", "pk")
        .first()
    )
    return Person(
        name=user.full_name or user.email,
        email=user.email,
        user=user,
        city=city_role.city if city_role else None,
        partner=partner_role.partner if partner_role else None,
        job_title=user.job_title,
    )


# --- Small helpers --------------------------------------------------------------------------------


def is_organiser(user, event: Event) -> bool:
    return bool(user is not None and rules.has_perm("events.organise_event", user, event))


def _locked_categories(*categories: Category) -> dict[int, Category]:
    """Lock the categories' rows, always in primary-key order; {pk: fresh category}."""
    pks = sorted({c.pk for c in categories})
    locked = Category.objects.select_for_update().filter(pk__in=pks).order_by("pk")
    return {c.pk: c for c in locked}


def _locked(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "category", "user")
        .get(pk=registration.pk)
    )


def _take_seat(category: Category) -> None:
    Category.objects.filter(pk=category.pk).update(held=F("held") + 1)
    category.held += 1


def _free_seat(category: Category) -> None:
    Category.objects.filter(pk=category.pk).update(held=F("held") - 1)
    category.held -= 1


def _has_waiting(category: Category) -> bool:
    return Registration.objects.filter(category=category, status=Status.WAITLISTED).exists()


def _seat_for_newcomer(category: Category) -> bool:
    """A newcomer may take a free seat only when nobody waits for it already."""
    return category.held < category.capacity and not _has_waiting(category)


def _system_text(message) -> str:
    """A note written by the system, stored in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


def registration_url(event: Event) -> str:
    """The registrant's own page for the event (the event page until that page exists)."""
    try:
        return reverse("events:registration", args=[event.slug])
    except NoReverseMatch:
        return event.get_absolute_url()


def _audit(action: str, registration: Registration, by, **data) -> None:
    record(
        f"events.{action}",
        actor=by,
        target=registration,
        event=registration.event.slug,
        category=registration.category.code,
        status=registration.status,
        **data,
    )


def _mail_language(by, event: Event) -> str:
    """The language of an email to somebody without an account: the one who registered them."""
    language = getattr(by, "preferred_language", "") if by is not None else ""
    return language or event.language or settings.LANGUAGE_CODE


def _local_time(moment: datetime | None, event: Event) -> str:
    if moment is None:
        return ""
    return f"{timezone.localtime(moment, event.tz):%Y-%m-%d %H:%M} ({event.time_zone})"


def tell(registration: Registration, kind: str, by, **data) -> None:
    """Tell the registrant what happened: notification with an account, email without one.

    `kind` names notifications/kinds/events.<kind>.txt, also the sentence of the email. A
    person acting on their own registration still gets it, as a receipt.
    """
    event = registration.event
    data = {
        "category": str(registration.category.name),
        "position": data.pop("position", None),
        **data,
    }
    user = registration.user
    if user is not None:
        actor = None if by is not None and by.pk == user.pk else by
        notify(
            [user],
            f"events.{kind}",
            target=registration,
            actor=actor,
            data={"url": registration_url(event), **data},
        )
        return
    language = _mail_language(registration.registered_by or by, event)
    with translation.override(language):
        title = str(event.title)
        category = str(registration.category.name)
    email_after_commit(
        registration.email,
        "events/email/registration",
        {
            "kind_template": f"notifications/kinds/events.{kind}.txt",
            "name": registration.name,
            "title": title,
            "data": {**data, "title": title, "category": category},
            "ticket_code": registration.ticket_code
            if registration.status == Status.CONFIRMED
            else "",
            "url": settings.SITE_URL + event.get_absolute_url(),
        },
        language,
    )


# --- Registering ----------------------------------------------------------------------------------


def _clean_person(person: Person) -> Person:
    name = " ".join((person.name or "").split())
    email = (person.email or "").strip().lower()
    if not name:
        raise EventError(_("Give the full name of the person to register."), "name", "name")
    try:
        validate_email(email)
    except ValidationError:
        raise EventError(
            _("“%(email)s” is not a valid email address.") % {"email": email}, "email", "email"
        ) from None
    user = person.user
    if user is None:
        # Somebody with an account registered by someone else sees it in their account.
        user = User.objects.filter(email__iexact=email, is_active=True).first()
    return Person(
        name=name[:200],
        email=email,
        user=user,
        city=person.city,
        partner=person.partner,
        job_title=(person.job_title or "").strip()[:200],
        needs=(person.needs or "").strip()[:1000],
        listed=bool(person.listed),
    )


def _check_event(event: Event, category: Category, *, organiser: bool, now: datetime) -> None:
    if category.event_id != event.pk:
        raise EventError(_("This category belongs to another event."), "category", "category")
    if event.status == Event.Status.CANCELLED:
        raise EventError(_("This event was cancelled."), code="cancelled")
    if organiser:
        if now > event.end:
            raise EventError(_("This event is over."), code="over")
        return
    if event.registration_is_open(now):
        return
    if event.status != Event.Status.PUBLISHED:
        raise EventError(_("This event is not open for registration."), code="closed")
    if event.registration_opens and now < event.registration_opens:
        opens = _local_time(event.registration_opens, event)
        raise EventError(
            _("Registration opens on %(date)s.") % {"date": opens}, code="not_yet_open"
        )
    raise EventError(_("Registration for this event is closed."), code="closed")


def _check_duplicate(event: Event, email: str) -> None:
    if Registration.objects.active().filter(event=event, email__iexact=email).exists():
        raise EventError(
            _("%(email)s is already registered for this event.") % {"email": email},
            "email",
            "duplicate",
        )


def find_usable_invitation(event: Event, category: Category, person: Person, code: str):
    """The invitation that lets `person` in, locked; EventError naming why there is none."""
    code = (code or "").strip().upper()
    invitations = Invitation.objects.select_for_update().filter(event=event)
    if code:
        invitation = invitations.filter(code=code).first()
        if invitation is None:
            raise EventError(
                _("This invitation code is not valid for this event."), "code", "invitation"
            )
    else:
        named = invitations.filter(email__iexact=person.email).order_by("revoked", "-pk")
        invitation = named.first()
        if invitation is None:
            raise EventError(
                _("This event is by invitation only: enter the code of your invitation."),
                "code",
                "invitation",
            )
    if invitation.revoked:
        raise EventError(
            _("This invitation was withdrawn by the organisers."), "code", "invitation_revoked"
        )
    if invitation.email and invitation.email.lower() != person.email:
        raise EventError(
            _("This invitation is personal: it was sent to another email address."),
            "code",
            "invitation_personal",
        )
    if invitation.uses >= invitation.max_uses:
        raise EventError(
            _("This invitation has already been used as many times as it allows."),
            "code",
            "invitation_used",
        )
    if invitation.category_id != category.pk:
        raise EventError(
            _("This invitation is for the category “%(category)s”.")
            % {"category": invitation.category.name},
            "category",
            "invitation_category",
        )
    return invitation


def _use(invitation: Invitation, person: Person) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(uses=F("uses") + 1)
    invitation.uses += 1
    if invitation.email and person.user is not None and invitation.user_id is None:
        Invitation.objects.filter(pk=invitation.pk).update(user=person.user)
        invitation.user = person.user


@transaction.atomic
def register(
    event: Event, category: Category, person: Person, *, by, code: str = "", now=None
) -> Registration:
    """Register `person` in `category` of `event`: confirmed, waitlisted or pending approval.

    Organisers (`events.organise_event`) may register anybody at any time before the event
    ends, without invitation or approval; everyone else within the registration window, with
    a usable invitation when the event is invitation-only, and pending approval when the event
    asks for it.
    """
    now = now or timezone.now()
    organiser = is_organiser(by, event)
    person = _clean_person(person)
    _check_event(event, category, organiser=organiser, now=now)
    category = _locked_categories(category)[category.pk]
    _check_duplicate(event, person.email)
    invitation = None
    if event.mode == Event.Mode.INVITATION and not organiser:
        invitation = find_usable_invitation(event, category, person, code)
    registration = Registration(
        event=event,
        category=category,
        user=person.user,
        name=person.name,
        email=person.email,
        city=person.city,
        partner=person.partner,
        job_title=person.job_title,
        needs=person.needs,
        listed=person.listed,
        invitation=invitation,
        registered_by=by if by is not None and by.is_authenticated else None,
        created_at=now,
    )
    if event.mode == Event.Mode.APPROVAL and not organiser:
        registration.status = Status.PENDING
    elif _seat_for_newcomer(category):
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
    elif category.waitlist:
        registration.status = Status.WAITLISTED
        registration.waitlisted_at = now
    else:
        raise EventError(
            _("The category “%(category)s” is full.") % {"category": category.name},
            "category",
            "full",
        )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # the same email registered a moment ago by another request
        raise EventError(
            _("%(email)s is already registered for this event.") % {"email": person.email},
            "email",
            "duplicate",
        ) from None
    if registration.status == Status.CONFIRMED:
        _take_seat(category)
    if invitation is not None:
        _use(invitation, person)
    _audit("registered", registration, by, invitation=invitation.pk if invitation else None)
    if registration.status == Status.WAITLISTED:
        promote_next(category, now=now)  # free seats left by others go to those ahead
        registration.refresh_from_db()
    _tell_status(registration, by)
    return registration


def _tell_status(registration: Registration, by) -> None:
    if registration.status == Status.WAITLISTED:
        position = waitlist_positions([registration]).get(registration.pk)
        tell(registration, "registration_waitlisted", by, position=position)
    elif registration.status == Status.OFFERED:
        pass  # promote_next told them about the offer
    else:
        tell(registration, f"registration_{registration.status}", by)


@transaction.atomic
def register_delegation(
    event: Event, city, people: list[tuple[Category, Person]], *, by
) -> list[Registration]:
    """A focal point of `city` (or the secretariat) registers the city's delegation at once.

    All or nothing: if one person cannot be registered, nobody is, and the error names them.
    """
    if by is None or not (
        city.pk in by.focal_point_city_ids or by.is_secretariat or is_organiser(by, event)
    ):
        raise EventError(
            _("Only a focal point of %(city)s registers its delegation.") % {"city": city.name},
            code="not_allowed",
        )
    if not people:
        raise EventError(_("Add at least one person to the delegation."), "people", "empty")
    emails = [(p.email or "").strip().lower() for _c, p in people]
    if len(set(emails)) != len(emails):
        raise EventError(
            _("Each person of the delegation needs their own email address."), "email", "duplicate"
        )
    # Categories in primary-key order, so two delegations never wait for each other's locks.
    order = sorted(range(len(people)), key=lambda i: (people[i][0].pk, i))
    done: dict[int, Registration] = {}
    for index in order:
        category, person = people[index]
        if person.city is None:
            person = Person(**{**person.__dict__, "city": city})
        try:
            done[index] = register(event, category, person, by=by)
        except EventError as error:
            raise EventError(
                _("%(name)s could not be registered: %(reason)s")
                % {"name": person.name or person.email, "reason": error.message},
                error.field,
                error.code,
            ) from error
    record(
        "events.delegation_registered",
        actor=by,
        target=event,
        city=city.slug,
        registrations=[done[i].pk for i in range(len(people))],
    )
    return [done[i] for i in range(len(people))]


# --- Organisers' decisions ------------------------------------------------------------------------


def _wrong_status(registration: Registration) -> EventError:
    return EventError(
        _("This registration is %(status)s: that step is not possible now.")
        % {"status": registration.get_status_display().lower()},
        code="status",
    )


@transaction.atomic
def approve(registration: Registration, *, by, note: str = "") -> Registration:
    """A pending registration is accepted: a seat if one is free, else the waiting list."""
    category = _locked_categories(registration.category)[registration.category_id]
    registration = _locked(registration)
    if registration.status != Status.PENDING:
        raise _wrong_status(registration)
    now = timezone.now()
    if _seat_for_newcomer(category):
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        _take_seat(category)
    elif category.waitlist:
        registration.status = Status.WAITLISTED
        registration.waitlisted_at = now
    else:
        raise EventError(
            _("The category “%(category)s” is full: move the registration or add seats.")
            % {"category": category.name},
            code="full",
        )
    registration.decided_by = by
    registration.decision_note = (note or "").strip()
    registration.save()
    _audit("registration_approved", registration, by, note=registration.decision_note)
    _tell_status(registration, by)
    return registration


@transaction.atomic
def reject(registration: Registration, *, by, note: str = "") -> Registration:
    """A pending or waiting registration is turned down."""
    registration = _locked(registration)
    if registration.status not in (Status.PENDING, Status.WAITLISTED):
        raise _wrong_status(registration)
    registration.status = Status.REJECTED
    registration.decided_by = by
    registration.decision_note = (note or "").strip()
    registration.cancelled_at = timezone.now()
    registration.save()
    _audit("registration_rejected", registration, by, note=registration.decision_note)
    tell(registration, "registration_rejected", by, note=registration.decision_note)
    return registration


def can_cancel(registration: Registration, user) -> bool:
    """The registrant, or whoever registered them, may cancel until the event ends."""
    return bool(
        user is not None
        and user.is_authenticated
        and registration.is_active
        and user.pk in (registration.user_id, registration.registered_by_id)
        and registration.event.end > timezone.now()
    )


def _drop_signups(registration: Registration) -> None:
    """Leave every session the registration signed up for, freeing their seats."""
    session_ids = list(
        SessionSignup.objects.filter(registration=registration).values_list("session_id", flat=True)
    )
    if not session_ids:
        return
    list(Session.objects.select_for_update().filter(pk__in=session_ids).order_by("pk"))
    SessionSignup.objects.filter(registration=registration).delete()
    Session.objects.filter(pk__in=session_ids).update(held=F("held") - 1)


def _end(registration: Registration, status: str, note: str, by, now: datetime) -> None:
    registration.status = status
    registration.cancelled_at = now
    registration.offer_expires_at = None
    registration.decision_note = note
    if by is not None and by.pk != registration.user_id:
        registration.decided_by = by
    registration.save()
    _drop_signups(registration)


@transaction.atomic
def cancel(registration: Registration, *, by, reason: str = "") -> Registration:
    """Cancel a registration; a seat it held goes to the first person waiting."""
    category = _locked_categories(registration.category)[registration.category_id]
    registration = _locked(registration)
    if not (by is None or is_organiser(by, registration.event) or can_cancel(registration, by)):
        if not registration.is_active:
            raise _wrong_status(registration)
        raise EventError(_("You may not cancel this registration."), code="not_allowed")
    if not registration.is_active:
        raise _wrong_status(registration)
    held = registration.holds_seat
    _end(registration, Status.CANCELLED, (reason or "").strip(), by, timezone.now())
    if held:
        _free_seat(category)
    _audit("registration_cancelled", registration, by, reason=registration.decision_note)
    tell(registration, "registration_cancelled", by, note=registration.decision_note)
    if held:
        promote_next(category)
    return registration


@transaction.atomic
def move(registration: Registration, category: Category, *, by) -> Registration:
    """Move a registration to another category of its event: a seat there, or its waiting list.

    A pending registration stays pending. A seat freed in the old category goes to the first
    person waiting there.
    """
    if category.event_id != registration.event_id:
        raise EventError(_("This category belongs to another event."), "category", "category")
    if category.pk == registration.category_id:
        raise EventError(_("The registration is in this category already."), "category", "same")
    locked = _locked_categories(registration.category, category)
    old, new = locked[registration.category_id], locked[category.pk]
    registration = _locked(registration)
    if not registration.is_active:
        raise _wrong_status(registration)
    now = timezone.now()
    held = registration.holds_seat
    if registration.status != Status.PENDING:
        if _seat_for_newcomer(new):
            if registration.status != Status.CONFIRMED:
                registration.confirmed_at = now
            registration.status = Status.CONFIRMED
            registration.offer_expires_at = None
            _take_seat(new)
        elif new.waitlist:
            registration.status = Status.WAITLISTED
            registration.waitlisted_at = now
            registration.offer_expires_at = None
            _drop_signups(registration)
        else:
            raise EventError(
                _("The category “%(category)s” is full.") % {"category": new.name},
                "category",
                "full",
            )
    registration.category = new
    registration.decided_by = by
    registration.save()
    if held:
        _free_seat(old)
    _audit("registration_moved", registration, by, from_category=old.code)
    position = waitlist_positions([registration]).get(registration.pk)
    tell(registration, "registration_moved", by, status=registration.status, position=position)
    if held:
        promote_next(old, now=now)
    return registration


# --- The waiting list and offers ------------------------------------------------------------------


@transaction.atomic
def promote_next(category: Category, *, now=None) -> list[Registration]:
    """Give the category's free seats to the people waiting, first come first served.

    Each gets an offer for `event.offer_hours` (never past the start of the event), or is
    confirmed at once when offer_hours is 0. Nobody is promoted for an event that is over or
    cancelled. Returns the promoted registrations.
    """
    now = now or timezone.now()
    category = _locked_categories(category)[category.pk]
    event = Event.objects.get(pk=category.event_id)
    if event.status == Event.Status.CANCELLED or event.end <= now:
        return []
    promoted = []
    while category.held < category.capacity:
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .filter(category=category, status=Status.WAITLISTED)
            .order_by("waitlisted_at", "pk")
            .first()
        )
        if registration is None:
            break
        registration.event = event
        registration.category = category
        expires = now + timedelta(hours=event.offer_hours)
        if event.offer_hours == 0 or now >= event.start:
            registration.status = Status.CONFIRMED
            registration.confirmed_at = now
        else:
            registration.status = Status.OFFERED
            registration.offer_expires_at = min(expires, event.start)
        registration.save()
        _take_seat(category)
        _audit("registration_promoted", registration, None)
        if registration.status == Status.CONFIRMED:
            tell(registration, "registration_confirmed", None)
        else:
            tell(
                registration,
                "seat_offered",
                None,
                expires=_local_time(registration.offer_expires_at, event),
            )
        promoted.append(registration)
    return promoted


def _offer_of(registration: Registration, by) -> Registration:
    registration = _locked(registration)
    if registration.status != Status.OFFERED:
        raise _wrong_status(registration)
    if not (
        by is None
        or by.pk in (registration.user_id, registration.registered_by_id)
        or is_organiser(by, registration.event)
    ):
        raise EventError(_("This offer is not yours to answer."), code="not_allowed")
    return registration


@transaction.atomic
def accept_offer(registration: Registration, *, by) -> Registration:
    """The person offered a freed seat takes it, before the offer expires."""
    _locked_categories(registration.category)
    registration = _offer_of(registration, by)
    now = timezone.now()
    if registration.offer_expires_at is not None and registration.offer_expires_at <= now:
        raise EventError(
            _("This offer expired on %(date)s.")
            % {"date": _local_time(registration.offer_expires_at, registration.event)},
            code="offer_expired",
        )
    registration.status = Status.CONFIRMED
    registration.confirmed_at = now
    registration.offer_expires_at = None
    registration.save()
    _audit("offer_accepted", registration, by)
    tell(registration, "registration_confirmed", by)
    return registration


@transaction.atomic
def decline_offer(registration: Registration, *, by) -> Registration:
    """The person offered a freed seat does not want it: it goes to the next one waiting."""
    category = _locked_categories(registration.category)[registration.category_id]
    registration = _offer_of(registration, by)
    _end(
        registration,
        Status.CANCELLED,
        _system_text(_("Declined the offered seat.")),
        by,
        now=timezone.now(),
    )
    _free_seat(category)
    _audit("offer_declined", registration, by)
    tell(registration, "offer_declined", by)
    promote_next(category)
    return registration


@transaction.atomic
def _expire(registration_pk: int, category_pk: int, now: datetime) -> bool:
    category = _locked_categories(Category(pk=category_pk))[category_pk]
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "category", "user")
        .filter(pk=registration_pk, status=Status.OFFERED, offer_expires_at__lte=now)
        .first()
    )
    if registration is None:  # accepted, declined or expired meanwhile
        return False
    note = _system_text(_("The offered seat was not taken in time."))
    _end(registration, Status.CANCELLED, note, None, now)
    _free_seat(category)
    _audit("offer_expired", registration, None)
    tell(registration, "offer_expired", None)
    promote_next(category, now=now)
    return True


def expire_offers(now=None) -> int:
    """Cancel the offers not taken in time and pass their seats on; returns how many expired."""
    now = now or timezone.now()
    due = list(
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
        .order_by("offer_expires_at", "pk")
        .values_list("pk", "category_id")
    )
    return sum(_expire(pk, category_pk, now) for pk, category_pk in due)


# --- Reading --------------------------------------------------------------------------------------


def waitlist_positions(registrations) -> dict[int, int]:
    """{registration pk: 1-based position on its category's waiting list}, waiting ones only.

    One query per category concerned.
    """
    categories = {r.category_id for r in registrations if r.status == Status.WAITLISTED}
    wanted = {r.pk for r in registrations if r.status == Status.WAITLISTED}
    positions = {}
    for category_id in sorted(categories):
        queue = (
            Registration.objects.filter(category_id=category_id, status=Status.WAITLISTED)
            .order_by("waitlisted_at", "pk")
            .values_list("pk", flat=True)
        )
        for position, pk in enumerate(queue, start=1):
            if pk in wanted:
                positions[pk] = position
    return positions


def seats(event: Event) -> list[CategorySeats]:
    """Capacity, seats held and free, people waiting and pending, per category (one query)."""
    categories = Category.objects.filter(event=event).annotate(
        waiting=Count("registrations", filter=Q(registrations__status=Status.WAITLISTED)),
        pending=Count("registrations", filter=Q(registrations__status=Status.PENDING)),
    )
    return [
        CategorySeats(
            category=c,
            capacity=c.capacity,
            held=c.held,
            free=c.free,
            waiting=c.waiting,
            pending=c.pending,
        )
        for c in categories.order_by("position", "pk")
    ]


# --- Sessions that need sign-up -------------------------------------------------------------------


@transaction.atomic
def sign_up(registration: Registration, session: Session, *, by) -> SessionSignup:
    """A confirmed participant takes a seat in a session (once; within its capacity)."""
    if session.event_id != registration.event_id:
        raise EventError(_("This session belongs to another event."), code="session")
    if not session.signup:
        raise EventError(_("This session needs no sign-up."), code="session")
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    if registration.status != Status.CONFIRMED:
        raise EventError(
            _("Only confirmed participants sign up for sessions."), code="not_confirmed"
        )
    session = Session.objects.select_for_update().get(pk=session.pk)
    existing = SessionSignup.objects.filter(session=session, registration=registration).first()
    if existing is not None:
        return existing
    if session.capacity is not None and session.held >= session.capacity:
        raise EventError(
            _("The session “%(session)s” is full.") % {"session": session.title}, code="full"
        )
    signup = SessionSignup.objects.create(session=session, registration=registration)
    Session.objects.filter(pk=session.pk).update(held=F("held") + 1)
    record("events.session_signed_up", actor=by, target=registration, session=session.pk)
    return signup


@transaction.atomic
def leave(registration: Registration, session: Session, *, by) -> None:
    """Give up a session seat (nothing happens when there was none)."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    deleted, _rows = SessionSignup.objects.filter(
        session=session, registration=registration
    ).delete()
    if deleted:
        Session.objects.filter(pk=session.pk).update(held=F("held") - 1)
        record("events.session_left", actor=by, target=registration, session=session.pk)
