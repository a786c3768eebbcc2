"""The demo events: the first global summit, a regional workshop, an information day, and a past
workshop with its outcomes (docs/demo.md).

The data lives in core/demo_data/events.json. Each event is built through the services the site
uses — created, given categories, speakers and sessions and published by the secretariat, then
registered for by the demo accounts (or by focal points for their mayors) — so seats, waiting
lists, the audit log and notifications are the real ones. Events are matched by slug: one that
exists is left as it is, so loading the demo again creates nothing twice.

Upcoming dates are counted from the day of loading (the summit keeps its fixed dates, 11–12 May
2027); the past workshop is registered for as of a month before it took place. The notifications the
registrations produce are marked read and never emailed: the inboxes keep showing what the
practice library leaves waiting, and the registration pages show each person's state.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.db.models import Max
from django.utils import timezone

from strongcities.accounts.models import User
from strongcities.core.exceptions import DomainError
from strongcities.core.notifications.models import Notification
from strongcities.core.taxonomy.models import Concept
from strongcities.events.models import CheckIn, Event, Registration
from strongcities.events.services import organising
from strongcities.events.services import registration as reg
from strongcities.members.models import City

DATA_DIR = Path(__file__).resolve().parent.parent / "core" / "demo_data"
DOMAIN = "demo.strongcities.org"
SECRETARIAT = f"secretariat@{DOMAIN}"


class DemoEventsError(DomainError):
    """events.json names something that does not exist (a city, a person, a practice)."""


def read_rows() -> list[dict]:
    return json.loads((DATA_DIR / "events.json").read_text(encoding="utf-8"))


@dataclass
class LoadedEvents:
    """What load_events leaves behind, and the line the demo loader prints about it."""

    events: dict[str, Event]
    created: int

    def __str__(self) -> str:
        now = timezone.now()
        past = sum(1 for e in self.events.values() if e.end < now)
        registrations = Registration.objects.filter(event__in=list(self.events.values()))
        waiting = registrations.filter(status=Registration.Status.WAITLISTED).count()
        return (
            f"{len(self.events)} events ({len(self.events) - past} upcoming, {past} past), "
            f"{registrations.count()} registrations ({waiting} on a waiting list), "
            f"{self.created} new"
        )


def load_events(cities: dict[str, City], people: dict[str, User], practices: dict) -> LoadedEvents:
    """Load the demo events that do not exist yet; returns all of them."""
    rows = read_rows()
    # Fresh instances: role caches of the people loaded a moment ago may predate their roles.
    fresh = {u.email: u for u in User.objects.filter(pk__in=[u.pk for u in people.values()])}
    existing = Event.objects.in_bulk([row["slug"] for row in rows], field_name="slug")
    created = 0
    for row in rows:
        if row["slug"] in existing:
            continue
        since = _last_notification()
        existing[row["slug"]] = load_event(row, cities, fresh, practices)
        # The receipts of the demo's registrations are history: read, and never emailed.
        Notification.objects.filter(pk__gt=since, read_at__isnull=True).update(
            read_at=timezone.now(), emailed_at=timezone.now()
        )
        created += 1
    return LoadedEvents(events=existing, created=created)


def _person(people: dict[str, User], key: str) -> User:
    try:
        return people[f"{key}@{DOMAIN}"]
    except KeyError:
        raise DemoEventsError(f"events.json names an unknown person: {key}") from None


def _last_notification() -> int:
    return Notification.objects.aggregate(last=Max("pk"))["last"] or 0


def _at(day: date, clock: str, tz) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=tz)


def dates(row: dict) -> dict[str, datetime | None]:
    """start, end and registration_closes of the row, aware, in the event's time zone."""
    tz = Event(time_zone=row["time_zone"]).tz
    spec = row["dates"]
    if "start" in spec:
        parsed = {
            name: datetime.fromisoformat(spec[name]).replace(tzinfo=tz)
            for name in ("start", "end", "registration_closes")
            if spec.get(name)
        }
        return {"registration_closes": None, **parsed}
    first = timezone.localdate(timezone=tz) + timedelta(days=spec["in_days"])
    last = first + timedelta(days=spec["days"] - 1)
    return {
        "start": _at(first, spec["start_time"], tz),
        "end": _at(last, spec["end_time"], tz),
        "registration_closes": None,
    }


def load_event(row: dict, cities: dict, people: dict, practices: dict) -> Event:
    """Create one event, its categories and agenda, publish it, and register its people."""
    secretariat = _person(people, "secretariat")
    when = dates(row)
    event = organising.create_event(
        organising.EventInput(
            kind=Concept.objects.get(scheme__code="event-type", code=row["kind"]),
            language=row["language"],
            texts=row["texts"],
            start=when["start"],
            end=when["end"],
            time_zone=row["time_zone"],
            host_city=cities[row["host_city"]] if row.get("host_city") else None,
            venue=row.get("venue", ""),
            online_url=row.get("online_url", ""),
            visibility=row["visibility"],
            mode=row["mode"],
            registration_closes=when["registration_closes"],
            offer_hours=row["offer_hours"],
            delegated_to_host=row.get("delegated_to_host", False),
        ),
        by=secretariat,
    )
    Event.objects.filter(pk=event.pk).update(slug=row["slug"])
    event.slug = row["slug"]
    categories = {
        spec["code"]: organising.save_category(
            event,
            organising.CategoryInput(
                names=spec["names"], capacity=spec["capacity"], code=spec["code"], position=index
            ),
            by=secretariat,
        )
        for index, spec in enumerate(row["categories"])
    }
    speakers = {spec["key"]: _speaker(event, spec, secretariat) for spec in row["speakers"]}
    sessions = [
        _session(event, spec, speakers, when["start"], secretariat) for spec in row["sessions"]
    ]
    organising.publish(event, by=secretariat)
    event = Event.objects.get(pk=event.pk)
    # A past event was registered for a month before it took place.
    now = event.start - timedelta(days=30) if row.get("past") else None
    registrations = {}
    for spec in row["registrations"]:
        registration = _register(event, categories[spec["category"]], spec, cities, people, now=now)
        registrations[spec.get("account") or spec["email"]] = registration
        if spec.get("approve"):
            reg.approve(registration, by=secretariat)
    for spec in row.get("signups", []):
        reg.sign_up(registrations[spec["account"]], sessions[spec["session"]], by=None)
    for spec in row.get("outcomes", []):
        _outcome(event, spec, cities, practices, secretariat)
    if row.get("past"):
        _checked_in(event, row, registrations, secretariat)
    return event


def _speaker(event: Event, spec: dict, secretariat: User):
    if spec.get("pseudonymous"):
        identity = organising.SpeakerIdentity(
            real_name=spec["real_name"], consent_given=True, consent_note=spec["consent_note"]
        )
    else:
        identity = organising.SpeakerIdentity(
            consent_given=True, consent_note="Agreed by email to appear in the programme."
        )
    return organising.save_speaker(
        event,
        organising.SpeakerInput(
            public_name=spec["public_name"],
            pseudonymous=spec.get("pseudonymous", False),
            affiliation=spec.get("affiliation", ""),
            bio=spec.get("bio", ""),
            identity=identity,
        ),
        by=secretariat,
    )


def _session(event: Event, spec: dict, speakers: dict, start: datetime, secretariat: User):
    day = timezone.localtime(start, event.tz).date() + timedelta(days=spec["day"] - 1)
    return organising.save_session(
        event,
        organising.SessionInput(
            kind=spec["kind"],
            texts=spec["texts"],
            start=_at(day, spec["start"], event.tz),
            end=_at(day, spec["end"], event.tz),
            room=spec.get("room", ""),
            capacity=spec.get("capacity"),
            signup=spec.get("signup", False),
            speakers=[speakers[key] for key in spec["speakers"]],
        ),
        by=secretariat,
    )


def _register(event: Event, category, spec: dict, cities: dict, people: dict, *, now):
    if account := spec.get("account"):
        user = _person(people, account)
        person = reg.person_for(user)
        by = user
    else:
        by = _person(people, spec["by"])
        person = reg.Person(name=spec["name"], email=spec["email"], city=cities[spec["city"]])
    person.listed = spec.get("listed", False)
    person.needs = spec.get("needs", "")
    return reg.register(event, category, person, by=by, now=now)


def _outcome(event: Event, spec: dict, cities: dict, practices: dict, secretariat: User) -> None:
    practice = practices.get(spec["practice"]) if spec.get("practice") else None
    if spec.get("practice") and practice is None:
        raise DemoEventsError(f"events.json names an unknown practice: {spec['practice']}")
    organising.add_outcome(
        event,
        spec["kind"],
        spec["text"],
        city=cities[spec["city"]] if spec.get("city") else None,
        practice=practice,
        by=secretariat,
    )


def _checked_in(event: Event, row: dict, registrations: dict, secretariat: User) -> None:
    """The door of a past event: who came, scanned on the first morning."""
    moment = event.start - timedelta(minutes=20)
    for spec in row["registrations"]:
        if spec.get("checked_in"):
            registration = registrations[spec["account"]]
            CheckIn.objects.create(registration=registration, at=moment, by=secretariat)
            Registration.objects.filter(pk=registration.pk).update(checked_in_at=moment)
