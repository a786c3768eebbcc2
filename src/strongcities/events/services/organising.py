"""Organising an event: its settings and texts, publishing and cancelling, participant
categories, the agenda (sessions and speakers), materials and outcomes.

Organisers are the secretariat, or the host city's focal points when the event is delegated to
the host city (rules.py, `events.organise_event`); views check that before calling these. What
a delegated host may not do is checked here again: change the host city or the delegation, and
see or change a speaker's real name and consent record (`events.see_speaker_identity`).
Each change runs in one transaction and is recorded in the audit log; seats are only checked
(`held` belongs to the registration services), never written.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime

import rules
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from strongcities.core.audit.services import record
from strongcities.core.mail import email_after_commit
from strongcities.core.notifications.services import notify
from strongcities.core.taxonomy.models import Concept
from strongcities.core.uploads import DOCUMENTS, IMAGES, validate_upload
from strongcities.core.visibility import Visibility
from strongcities.events.models import (
    EVENT_TEXT_FIELDS,
    Category,
    Event,
    Material,
    Outcome,
    Session,
    Speaker,
)
from strongcities.events.services.errors import EventError

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
SESSION_TEXT_FIELDS = ("title", "description")
# Addresses under /events/ that an event's slug must not take.
RESERVED_SLUGS = frozenset({"new", "calendar", "feed", "mine", "manage"})


# --- inputs ---------------------------------------------------------------------------------


@dataclass
class EventInput:
    """Everything an organiser sets on an event. Datetimes are aware (forms convert from the
    event's time zone); `texts[lang][field]` holds title, summary, description and outcomes
    per language, the original `language` needing a title."""

    kind: Concept
    language: str
    texts: dict[str, dict[str, str]]
    start: datetime
    end: datetime
    time_zone: str
    host_city: object | None = None
    venue: str = ""
    online_url: str = ""
    visibility: str = Visibility.PUBLIC
    shared_with: list = field(default_factory=list)
    mode: str = Event.Mode.OPEN
    registration_opens: datetime | None = None
    registration_closes: datetime | None = None
    offer_hours: int = 48
    delegated_to_host: bool = False


@dataclass
class CategoryInput:
    names: dict[str, str]  # lang -> name; the event's language needs one
    capacity: int
    code: str = ""
    waitlist: bool = True
    position: int = 0


@dataclass
class SessionInput:
    kind: str
    texts: dict[str, dict[str, str]]  # lang -> {title, description}
    start: datetime
    end: datetime
    room: str = ""
    capacity: int | None = None
    signup: bool = False
    speakers: list = field(default_factory=list)


@dataclass
class SpeakerIdentity:
    """What only the secretariat sees of a speaker."""

    real_name: str = ""
    consent_given: bool = False
    consent_note: str = ""


@dataclass
class SpeakerInput:
    public_name: str
    pseudonymous: bool = False
    affiliation: str = ""
    bio: str = ""
    photo: object | None = None  # a new uploaded image, or None to keep the current one
    remove_photo: bool = False
    # None: the editor may not see the identity and it stays as it is.
    identity: SpeakerIdentity | None = None


# --- helpers --------------------------------------------------------------------------------


def unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = (slugify(title) or "event")[:100].strip("-") or "event"
    if base in RESERVED_SLUGS:
        base = f"{base}-event"
    slug, n = base, 1
    while Event.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_time_zone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise EventError(
            _("“%(zone)s” is not a known time zone (e.g. Europe/Istanbul).") % {"zone": name},
            "time_zone",
        ) from None
    if name not in zoneinfo.available_timezones():
        raise EventError(
            _("“%(zone)s” is not a known time zone (e.g. Europe/Istanbul).") % {"zone": name},
            "time_zone",
        )


def _check_event_input(data: EventInput) -> None:
    if data.language not in LANGUAGE_CODES:
        raise EventError(_("Choose the language the texts are written in."), "language")
    original = data.texts.get(data.language, {})
    if not (original.get("title") or "").strip():
        raise EventError(_("An event needs a title in its original language."), "title")
    for lang in data.texts:
        if lang not in LANGUAGE_CODES:
            raise EventError(_("Unknown language: %(lang)s.") % {"lang": lang}, "language")
    if data.kind is None or data.kind.scheme.code != "event-type":
        raise EventError(_("Choose the type of event."), "kind")
    _check_time_zone(data.time_zone)
    _check_dates(data)
    if data.host_city is None and not data.online_url.strip():
        raise EventError(_("An event needs a host city or an online link."), "host_city")
    if data.delegated_to_host and data.host_city is None:
        raise EventError(
            _("Only an event with a host city can be organised by the host city."),
            "delegated_to_host",
        )
    if data.visibility not in Visibility.values:
        raise EventError(_("Choose who may see the event."), "visibility")
    if data.shared_with and data.visibility != Visibility.RESTRICTED:
        raise EventError(_("Only a restricted event is shared with named cities."), "shared_with")
    if data.mode not in Event.Mode.values:
        raise EventError(_("Choose how people register."), "mode")
    if not 0 <= data.offer_hours <= 24 * 30:
        raise EventError(_("Between 0 and 720 hours."), "offer_hours")


def _check_dates(data: EventInput) -> None:
    for value in (data.start, data.end, data.registration_opens, data.registration_closes):
        if value is not None and timezone.is_naive(value):
            raise ValueError("EventInput datetimes must be aware")
    if data.end <= data.start:
        raise EventError(_("The event must end after it starts."), "end")
    opens, closes = data.registration_opens, data.registration_closes
    if opens and closes and closes <= opens:
        raise EventError(_("Registration must close after it opens."), "registration_closes")
    if closes and closes > data.end:
        raise EventError(_("Registration must close before the event ends."), "registration_closes")
    if opens and opens >= data.end:
        raise EventError(_("Registration must open before the event ends."), "registration_opens")


def _apply_texts(obj, fields: tuple[str, ...], texts: dict, original: str) -> None:
    """Every language's text in its `<field>_<lang>` column; the plain column mirrors the
    original language (what the admin and the fallbacks read)."""
    for lang in LANGUAGE_CODES:
        values = texts.get(lang, {})
        for name in fields:
            setattr(obj, f"{name}_{lang}", (values.get(name) or "").strip())
    for name in fields:
        obj.__dict__[name] = getattr(obj, f"{name}_{original}")


def _apply_event(event: Event, data: EventInput) -> None:
    event.kind = data.kind
    event.language = data.language
    _apply_texts(event, EVENT_TEXT_FIELDS, data.texts, data.language)
    event.start, event.end = data.start, data.end
    event.time_zone = data.time_zone
    event.host_city = data.host_city
    event.venue = data.venue.strip()
    event.online_url = data.online_url.strip()
    event.visibility = data.visibility
    event.mode = data.mode
    event.registration_opens = data.registration_opens
    event.registration_closes = data.registration_closes
    event.offer_hours = data.offer_hours
    event.delegated_to_host = bool(data.delegated_to_host)


def _to_minute(*moments: datetime) -> tuple:
    return tuple(moment.replace(second=0, microsecond=0) for moment in moments)


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


# --- events ---------------------------------------------------------------------------------


@transaction.atomic
def create_event(data: EventInput, *, by, request=None) -> Event:
    """A new draft event; only the secretariat creates events (`events.add_event`)."""
    if not rules.has_perm("events.add_event", by):
        raise EventError(_("Only the secretariat creates events."))
    _check_event_input(data)
    event = Event(created_by=by)
    _apply_event(event, data)
    event.slug = unique_slug(event.__dict__["title"])
    event.save()
    event.shared_with.set(data.shared_with if data.visibility == Visibility.RESTRICTED else [])
    record(
        "events.event_created",
        actor=by,
        target=event,
        request=request,
        visibility=event.visibility,
        host_city=event.host_city_id,
        delegated=event.delegated_to_host,
    )
    return event


@transaction.atomic
def update_event(event: Event, data: EventInput, *, by, request=None) -> Event:
    """Save an organiser's changes. The host city and the delegation are the secretariat's."""
    event = _locked(event)
    if event.status == Event.Status.CANCELLED:
        raise EventError(_("A cancelled event cannot be changed."))
    _check_event_input(data)
    host_id = data.host_city.pk if data.host_city is not None else None
    host_changed = host_id != event.host_city_id
    delegation_changed = bool(data.delegated_to_host) != event.delegated_to_host
    if (host_changed or delegation_changed) and not rules.has_perm("events.add_event", by):
        raise EventError(
            _("Only the secretariat changes the host city and who organises the event."),
            "host_city",
        )
    before = {"visibility": event.visibility, "start": event.start, "end": event.end}
    _apply_event(event, data)
    event.save()
    event.shared_with.set(data.shared_with if data.visibility == Visibility.RESTRICTED else [])
    record("events.event_updated", actor=by, target=event, request=request)
    if before["visibility"] != event.visibility:
        record(
            "events.visibility_changed",
            actor=by,
            target=event,
            request=request,
            before=before["visibility"],
            after=event.visibility,
        )
    if host_changed or delegation_changed:
        record(
            "events.delegation_changed",
            actor=by,
            target=event,
            request=request,
            host_city=event.host_city_id,
            delegated=event.delegated_to_host,
        )
    if _to_minute(before["start"], before["end"]) != _to_minute(event.start, event.end):
        _notify_registrants(event, "events.event_rescheduled", by)
    return event


@transaction.atomic
def publish(event: Event, *, by, request=None) -> Event:
    """A draft event becomes visible to its audience (and open for registration in its window)."""
    event = _locked(event)
    if event.status != Event.Status.DRAFT:
        raise EventError(_("Only a draft event can be published."))
    if not event.categories.exists():
        raise EventError(_("Add at least one participant category before publishing."))
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    record("events.event_published", actor=by, target=event, request=request)
    return event


def active_registrations(event: Event):
    return event.registrations.active().select_related("user", "registered_by")


def _notify_registrants(event: Event, kind: str, by, **data) -> int:
    """Tell every active registrant (and whoever registered someone without an account)."""
    people = []
    for registration in active_registrations(event):
        people.append(registration.user if registration.user_id else registration.registered_by)
    notify(people, kind, target=event, actor=by, data={"url": event.get_absolute_url(), **data})
    return len(people)


@transaction.atomic
def cancel_event(event: Event, *, by, message: str, request=None) -> Event:
    """Call the event off and tell everyone registered, with the organiser's message.

    The registrations stay as they were (the record of who was coming); nobody can register
    any more since only a published event takes registrations.
    """
    message = (message or "").strip()
    if not message:
        raise EventError(_("Say why the event is cancelled: registrants receive it."), "message")
    event = _locked(event)
    if event.status == Event.Status.CANCELLED:
        raise EventError(_("This event is already cancelled."))
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    registrations = list(active_registrations(event))
    recipients = [r.user if r.user_id else r.registered_by for r in registrations]
    notify(
        recipients,
        "events.event_cancelled",
        target=event,
        actor=by,
        data={"url": event.get_absolute_url(), "message": message},
    )
    without_account = sorted({r.email for r in registrations if not r.user_id})
    for email in without_account:
        email_after_commit(
            email,
            "events/email/event_cancelled",
            {
                "title": event.__dict__["title"],
                "message": message,
                "url": event.get_absolute_url(),
            },
            event.language,
        )
    record(
        "events.event_cancelled",
        actor=by,
        target=event,
        request=request,
        message=message,
        registrations=len(registrations),
    )
    return event


# --- participant categories -----------------------------------------------------------------


def _category_code(event: Event, data: CategoryInput, exclude_pk: int | None) -> str:
    code = slugify(data.code or "")[:40].strip("-")
    taken = event.categories.exclude(pk=exclude_pk)
    if data.code:
        if not code:
            raise EventError(_("Use letters, digits and hyphens."), "code")
        if taken.filter(code=code).exists():
            raise EventError(_("Another category of this event has this code."), "code")
        return code
    base = (slugify(data.names.get(event.language) or "") or "category")[:36].strip("-")
    code, n = base, 1
    while taken.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def save_category(
    event: Event, data: CategoryInput, *, by, category: Category | None = None, request=None
) -> Category:
    """Add a category, or change one. Its seats cannot drop below those already held; more
    seats go at once to the waiting list."""
    if not (data.names.get(event.language) or "").strip():
        raise EventError(_("A category needs a name in the event's language."), "name")
    if data.capacity is None or data.capacity < 0:
        raise EventError(_("Give the number of seats."), "capacity")
    if category is None:
        category = Category(event=event)
        grew = False
    else:
        category = Category.objects.select_for_update().get(pk=category.pk, event=event)
        if data.capacity < category.held:
            raise EventError(
                ngettext(
                    "%(held)d seat is already taken (confirmed or offered): the category "
                    "cannot have fewer seats.",
                    "%(held)d seats are already taken (confirmed or offered): the category "
                    "cannot have fewer seats.",
                    category.held,
                )
                % {"held": category.held},
                "capacity",
            )
        grew = data.capacity > category.capacity
    category.code = _category_code(event, data, category.pk)
    for lang in LANGUAGE_CODES:
        setattr(category, f"name_{lang}", (data.names.get(lang) or "").strip())
    category.__dict__["name"] = getattr(category, f"name_{event.language}")
    category.capacity = data.capacity
    category.waitlist = data.waitlist
    category.position = data.position
    created = category.pk is None
    category.save()
    record(
        "events.category_added" if created else "events.category_changed",
        actor=by,
        target=event,
        request=request,
        category=category.pk,
        code=category.code,
        capacity=category.capacity,
    )
    if grew and category.registrations.waiting().exists():
        from strongcities.events.services.registration import promote_next

        promote_next(category)
    return category


@transaction.atomic
def delete_category(category: Category, *, by, request=None) -> None:
    """Remove a category nobody registered in (registrations are a record: never dropped)."""
    category = Category.objects.select_for_update().get(pk=category.pk)
    count = category.registrations.count()
    if count:
        raise EventError(
            ngettext(
                "%(count)d registration is in this category: it cannot be deleted. Move it "
                "to another category first.",
                "%(count)d registrations are in this category: it cannot be deleted. Move "
                "them to another category first.",
                count,
            )
            % {"count": count}
        )
    record(
        "events.category_deleted",
        actor=by,
        target=category.event,
        request=request,
        category=category.pk,
        code=category.code,
    )
    category.delete()


# --- sessions -------------------------------------------------------------------------------


def _check_session(event: Event, data: SessionInput) -> None:
    if data.kind not in Session.Kind.values:
        raise EventError(_("Choose the kind of session."), "kind")
    if not (data.texts.get(event.language, {}).get("title") or "").strip():
        raise EventError(_("A session needs a title in the event's language."), "title")
    if data.end <= data.start:
        raise EventError(_("The session must end after it starts."), "end")
    if data.start < event.start or data.end > event.end:
        raise EventError(_("The session must take place during the event."), "start")
    if data.capacity is not None and data.capacity < 0:
        raise EventError(_("Give the number of seats, or leave it empty."), "capacity")
    if any(speaker.event_id != event.pk for speaker in data.speakers):
        raise EventError(_("Choose speakers of this event."), "speakers")


@transaction.atomic
def save_session(
    event: Event, data: SessionInput, *, by, session: Session | None = None, request=None
) -> Session:
    """Add a session to the agenda, or change one (its seats stay at or above the sign-ups)."""
    _check_session(event, data)
    if session is None:
        session = Session(event=event)
    else:
        session = Session.objects.select_for_update().get(pk=session.pk, event=event)
        if data.capacity is not None and data.capacity < session.held:
            raise EventError(
                ngettext(
                    "%(held)d person signed up for this session: it cannot have fewer seats.",
                    "%(held)d people signed up for this session: it cannot have fewer seats.",
                    session.held,
                )
                % {"held": session.held},
                "capacity",
            )
    session.kind = data.kind
    _apply_texts(session, SESSION_TEXT_FIELDS, data.texts, event.language)
    session.start, session.end = data.start, data.end
    session.room = data.room.strip()
    session.capacity = data.capacity
    session.signup = data.signup
    created = session.pk is None
    session.save()
    session.speakers.set(data.speakers)
    record(
        "events.session_added" if created else "events.session_changed",
        actor=by,
        target=event,
        request=request,
        session=session.pk,
    )
    return session


@transaction.atomic
def delete_session(session: Session, *, by, request=None) -> None:
    """Remove a session nobody signed up for (its materials stay with the event)."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    count = session.signups.count()
    if count:
        raise EventError(
            ngettext(
                "%(count)d person signed up for this session: it cannot be deleted.",
                "%(count)d people signed up for this session: it cannot be deleted.",
                count,
            )
            % {"count": count}
        )
    record(
        "events.session_deleted",
        actor=by,
        target=session.event,
        request=request,
        session=session.pk,
    )
    session.delete()


# --- speakers -------------------------------------------------------------------------------


def _delete_file_after_commit(stored) -> None:
    if stored:
        name, storage = stored.name, stored.storage
        transaction.on_commit(lambda: storage.delete(name))


def _check_speaker(data: SpeakerInput, by) -> None:
    if not data.public_name.strip():
        raise EventError(_("Give the name the public sees."), "public_name")
    if data.pseudonymous and data.photo is not None:
        raise EventError(_("A pseudonymous speaker is never shown with a photo."), "photo")
    if data.identity is not None and not rules.has_perm("events.see_speaker_identity", by):
        raise EventError(_("Only the secretariat records a speaker's identity and consent."))
    if data.photo is not None:
        validate_upload(data.photo, IMAGES)


def _apply_identity(speaker: Speaker, identity: SpeakerIdentity, by) -> bool:
    """Set the secretariat's fields; True when the consent record changed."""
    speaker.real_name = identity.real_name.strip()
    note = identity.consent_note.strip()
    changed = (speaker.consent_given, speaker.consent_note) != (identity.consent_given, note)
    speaker.consent_given = identity.consent_given
    speaker.consent_note = note
    if changed:
        speaker.consent_recorded_at = timezone.now()
        speaker.consent_recorded_by = by
    return changed


@transaction.atomic
def save_speaker(
    event: Event, data: SpeakerInput, *, by, speaker: Speaker | None = None, request=None
) -> Speaker:
    """Add a speaker or change one. A pseudonymous speaker keeps no photo and no account link;
    the real name and consent are the secretariat's to see and record."""
    _check_speaker(data, by)
    if speaker is None:
        speaker = Speaker(event=event)
    else:
        speaker = Speaker.objects.select_for_update().get(pk=speaker.pk, event=event)
    speaker.public_name = data.public_name.strip()
    speaker.pseudonymous = data.pseudonymous
    speaker.affiliation = data.affiliation.strip()
    speaker.bio = data.bio.strip()
    consent_changed = False
    if data.identity is not None:
        consent_changed = _apply_identity(speaker, data.identity, by)
    if data.pseudonymous:
        speaker.user = None
    if speaker.photo and (data.pseudonymous or data.remove_photo or data.photo is not None):
        _delete_file_after_commit(speaker.photo)
        speaker.photo = ""
    created = speaker.pk is None
    if data.photo is not None:
        speaker.photo.save(getattr(data.photo, "name", "") or "photo", data.photo, save=False)
    speaker.save()
    record(
        "events.speaker_added" if created else "events.speaker_changed",
        actor=by,
        target=event,
        request=request,
        speaker=speaker.pk,
        pseudonymous=speaker.pseudonymous,
        consent_given=speaker.consent_given,
        consent_changed=consent_changed,
    )
    return speaker


@transaction.atomic
def delete_speaker(speaker: Speaker, *, by, request=None) -> None:
    record(
        "events.speaker_deleted",
        actor=by,
        target=speaker.event,
        request=request,
        speaker=speaker.pk,
    )
    _delete_file_after_commit(speaker.photo)
    speaker.delete()


# --- materials ------------------------------------------------------------------------------


@transaction.atomic
def add_material(
    event: Event,
    uploaded_file,
    title: str,
    visibility: str,
    session: Session | None = None,
    *,
    by,
    request=None,
) -> Material:
    """Attach slides, a report or a recording's transcript, checked by content (core/uploads)."""
    if visibility not in Visibility.values:
        raise EventError(_("Choose who may download the file."), "visibility")
    if session is not None and session.event_id != event.pk:
        raise EventError(_("Choose a session of this event."), "session")
    kind = validate_upload(uploaded_file, DOCUMENTS)
    name = getattr(uploaded_file, "name", "") or "material"
    material = Material(
        event=event,
        session=session,
        title=(title or name).strip()[:200],
        filename=name.rsplit("/", 1)[-1][:200],
        kind=kind.code,
        size=uploaded_file.size,
        visibility=visibility,
        uploaded_by=by,
    )
    material.file.save(name, uploaded_file, save=False)
    material.save()
    record(
        "events.material_added",
        actor=by,
        target=event,
        request=request,
        material=material.pk,
        file=material.filename,
        visibility=visibility,
    )
    return material


@transaction.atomic
def remove_material(material: Material, *, by, request=None) -> None:
    record(
        "events.material_removed",
        actor=by,
        target=material.event,
        request=request,
        material=material.pk,
        file=material.filename,
    )
    _delete_file_after_commit(material.file)
    material.delete()


# --- outcomes -------------------------------------------------------------------------------


@transaction.atomic
def add_outcome(
    event: Event, kind: str, text: str, *, city=None, practice=None, by, request=None
) -> Outcome:
    """Record what the event achieved, or a city's commitment (e.g. to pilot a practice)."""
    from strongcities.practices.models import Practice

    text = (text or "").strip()
    if kind not in Outcome.Kind.values:
        raise EventError(_("Choose outcome or commitment."), "kind")
    if not text:
        raise EventError(_("Write the outcome."), "text")
    if kind == Outcome.Kind.COMMITMENT and city is None:
        raise EventError(_("A commitment is made by a city: choose it."), "city")
    if practice is not None and not Practice.objects.visible_to(by).filter(pk=practice.pk).exists():
        raise EventError(_("Choose a practice you can see."), "practice")
    outcome = Outcome.objects.create(
        event=event, kind=kind, text=text, city=city, practice=practice, created_by=by
    )
    record(
        "events.outcome_added",
        actor=by,
        target=event,
        request=request,
        outcome=outcome.pk,
        kind=kind,
        city=city.pk if city else None,
        practice=practice.pk if practice else None,
    )
    return outcome


@transaction.atomic
def remove_outcome(outcome: Outcome, *, by, request=None) -> None:
    record(
        "events.outcome_removed",
        actor=by,
        target=outcome.event,
        request=request,
        outcome=outcome.pk,
    )
    outcome.delete()
