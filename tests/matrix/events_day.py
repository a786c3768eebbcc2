"""On the day and after (events/views/day.py): ticket, badge, feedback, check-in, attendance,
the badge sheet.

The event is public and hosted by Tunis; the secretariat organises it (the host city's focal
point too when delegated). A ticket, a badge and the feedback form belong to a confirmed
registration: every signed-in role holds one in `everyone_confirmed` (the event has started, so
feedback is open), none in `nobody_registered`. A hidden event answers 404 to all but the
secretariat; anonymous visitors of a visible event are sent to sign in.
"""

from datetime import timedelta

from django.utils import timezone

from strongcities.events.models import Event
from strongcities.events.services import registration as services
from tests.events.factories import CategoryFactory, EventFactory
from tests.matrix import LOGIN, Entry

SIGNED_IN = ("member", "focal_point", "other_focal_point", "secretariat")
OWN = {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 200)}
NONE_OF_MINE = {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)}
ORGANISER = {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404), "secretariat": 200}
DELEGATED = {**ORGANISER, "focal_point": 200}
HIDDEN = {**dict.fromkeys(("anonymous", *SIGNED_IN), 404), "secretariat": 200}


def make_event(world, **fields) -> Event:
    now = timezone.now()
    fields = {
        "host_city": world.city,
        "start": now - timedelta(hours=1),
        "end": now + timedelta(hours=6),
        **fields,
    }
    event = EventFactory(**fields)
    CategoryFactory(event=event, code="practitioners", name="Practitioners", capacity=20)
    return event


def everyone_confirmed(**fields):
    def kwargs(world) -> dict:
        event = make_event(world, **fields)
        category = event.categories.get()
        for role in SIGNED_IN:
            user = world.user(role)
            services.register(event, category, services.person_for(user), by=world.secretariat)
        return {"slug": event.slug}

    return kwargs


def nobody_registered(**fields):
    def kwargs(world) -> dict:
        return {"slug": make_event(world, **fields).slug}

    return kwargs


def hidden(world) -> dict:
    return {"slug": make_event(world, host_city=None, status=Event.Status.DRAFT).slug}


ENTRIES = [
    # The participant's own pages.
    Entry("events:ticket", expect=OWN, kwargs=everyone_confirmed()),
    Entry("events:ticket", expect=NONE_OF_MINE, kwargs=nobody_registered(), label="none"),
    Entry("events:ticket", every=404, kwargs=hidden, label="hidden"),
    Entry("events:badge", expect=OWN, kwargs=everyone_confirmed()),
    Entry("events:badge", expect=NONE_OF_MINE, kwargs=nobody_registered(), label="none"),
    Entry("events:badge", every=404, kwargs=hidden, label="hidden"),
    Entry("events:feedback", expect=OWN, kwargs=everyone_confirmed()),
    Entry("events:feedback", expect=NONE_OF_MINE, kwargs=nobody_registered(), label="none"),
    Entry("events:feedback", every=404, kwargs=hidden, label="hidden"),
    Entry(
        "events:feedback",
        method="post",
        expect={"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 302)},
        kwargs=everyone_confirmed(),
        data=lambda world: {"rating": "4"},
        label="post",
    ),
    Entry(
        "events:feedback",
        method="post",
        expect=OWN,
        kwargs=everyone_confirmed(),
        data=lambda world: {"rating": "nine"},
        label="post invalid",
    ),
    # The organisers' pages.
    Entry("events:check_in", expect=ORGANISER, kwargs=nobody_registered()),
    Entry(
        "events:check_in",
        expect=DELEGATED,
        kwargs=nobody_registered(delegated_to_host=True),
        label="delegated",
    ),
    Entry("events:check_in", expect=HIDDEN, kwargs=hidden, label="hidden"),
    Entry(
        "events:check_in",
        method="post",
        expect=ORGANISER,
        kwargs=everyone_confirmed(),
        data=lambda world: {"code": "NOBODY234"},
        label="post",
    ),
    Entry(
        "events:check_in",
        method="post",
        expect=ORGANISER,
        kwargs=nobody_registered(),
        data=lambda world: {"code": ""},
        label="post empty",
    ),
    Entry("events:attendance", expect=ORGANISER, kwargs=everyone_confirmed()),
    Entry(
        "events:attendance",
        expect=DELEGATED,
        kwargs=nobody_registered(delegated_to_host=True),
        label="delegated",
    ),
    Entry("events:attendance", expect=HIDDEN, kwargs=hidden, label="hidden"),
    Entry("events:badges", expect=ORGANISER, kwargs=everyone_confirmed()),
    Entry(
        "events:badges",
        expect=DELEGATED,
        kwargs=everyone_confirmed(delegated_to_host=True),
        label="delegated",
    ),
    Entry("events:badges", expect=HIDDEN, kwargs=hidden, label="hidden"),
]
