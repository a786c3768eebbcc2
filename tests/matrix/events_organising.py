"""The organisers' pages of events (events/views/organising.py): the secretariat, and the host
city's focal points when the event is delegated to them."""

from strongcities.events.models import Event
from tests.events.factories import (
    CategoryFactory,
    EventFactory,
    MaterialFactory,
    OutcomeFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.factories import concept
from tests.matrix import LOGIN, Entry

# A published public event of Tunis, delegated to it.
DELEGATED = {
    "anonymous": LOGIN,
    "member": 404,
    "focal_point": 200,
    "other_focal_point": 404,
    "secretariat": 200,
}
SECRETARIAT = {**DELEGATED, "focal_point": 404}


def redirected(expect: dict) -> dict:
    return {role: 302 if status == 200 else status for role, status in expect.items()}


def delegated(world, **kwargs) -> Event:
    return EventFactory(host_city=world.city, delegated_to_host=True, **kwargs)


def event_kwargs(world) -> dict:
    return {"slug": delegated(world).slug}


def undelegated_kwargs(world) -> dict:
    return {"slug": EventFactory(host_city=world.city).slug}


def draft_kwargs(world) -> dict:
    event = delegated(world, status=Event.Status.DRAFT)
    CategoryFactory(event=event)
    return {"slug": event.slug}


def with_object(factory):
    def kwargs(world) -> dict:
        event = delegated(world)
        return {"slug": event.slug, "pk": factory(event=event).pk}

    return kwargs


def event_data(world) -> dict:
    return {
        "kind": concept("event-type", "webinar").pk,
        "language": "en",
        "title": "Matrix webinar",
        "time_zone": "Africa/Nairobi",
        "start": "2031-01-10T10:00",
        "end": "2031-01-10T12:00",
        "online_url": "https://meet.example.org/matrix",
        "visibility": "public",
        "mode": "open",
        "offer_hours": "48",
    }


ENTRIES = [
    Entry("events:create", expect={**SECRETARIAT, "anonymous": LOGIN}),
    Entry(
        "events:create",
        method="post",
        data=event_data,
        label="save",
        expect={**redirected(SECRETARIAT), "anonymous": LOGIN},
    ),
    Entry(
        "events:create",
        method="post",
        data=lambda w: {**event_data(w), "time_zone": "Nowhere/Void"},
        label="unknown time zone",
        expect={**SECRETARIAT, "anonymous": LOGIN},
    ),
    Entry("events:edit", kwargs=event_kwargs, expect=DELEGATED),
    Entry("events:edit", kwargs=undelegated_kwargs, label="not delegated", expect=SECRETARIAT),
    Entry(
        "events:edit",
        kwargs=draft_kwargs,
        label="draft",
        expect={**DELEGATED, "anonymous": 404},
    ),
    Entry("events:edit", kwargs=lambda w: {"slug": "no-such-event"}, every=404),
    Entry(
        "events:edit",
        kwargs=event_kwargs,
        method="post",
        data=event_data,
        label="save",
        expect=redirected(DELEGATED),
    ),
    Entry(
        "events:edit",
        kwargs=event_kwargs,
        method="post",
        data=lambda w: {**event_data(w), "end": "2031-01-09T10:00"},
        label="end before start",
        expect=DELEGATED,
    ),
    Entry(
        "events:publish",
        kwargs=draft_kwargs,
        method="post",
        expect={**redirected(DELEGATED), "anonymous": 404},
    ),
    Entry("events:publish", kwargs=draft_kwargs, label="GET", every=405),
    Entry("events:cancel_event", kwargs=event_kwargs, expect=DELEGATED),
    Entry(
        "events:cancel_event",
        kwargs=event_kwargs,
        method="post",
        data=lambda w: {"message": "The venue is closed."},
        label="cancel",
        expect=redirected(DELEGATED),
    ),
    Entry("events:categories", kwargs=event_kwargs, expect=DELEGATED),
    Entry(
        "events:categories",
        kwargs=event_kwargs,
        method="post",
        data=lambda w: {"category-name": "Mayors", "category-capacity": "55"},
        label="add",
        expect=redirected(DELEGATED),
    ),
    Entry("events:category_edit", kwargs=with_object(CategoryFactory), expect=DELEGATED),
    Entry(
        "events:category_edit",
        kwargs=with_object(CategoryFactory),
        method="post",
        data=lambda w: {"category-name": "Mayors", "category-capacity": "-1"},
        label="invalid",
        expect=DELEGATED,
    ),
    Entry(
        "events:category_delete",
        kwargs=with_object(CategoryFactory),
        method="post",
        expect=redirected(DELEGATED),
    ),
    Entry("events:agenda", kwargs=event_kwargs, expect=DELEGATED),
    Entry("events:session_add", kwargs=event_kwargs, expect=DELEGATED),
    Entry(
        "events:session_add",
        kwargs=event_kwargs,
        method="post",
        data=lambda w: {"kind": "panel", "title": "Panel", "start": "bad", "end": ""},
        label="invalid",
        expect=DELEGATED,
    ),
    Entry("events:session_edit", kwargs=with_object(SessionFactory), expect=DELEGATED),
    Entry(
        "events:session_delete",
        kwargs=with_object(SessionFactory),
        method="post",
        expect=redirected(DELEGATED),
    ),
    Entry("events:speaker_add", kwargs=event_kwargs, expect=DELEGATED),
    Entry(
        "events:speaker_add",
        kwargs=event_kwargs,
        method="post",
        data=lambda w: {"public_name": "Layla", "pseudonymous": "on"},
        label="save",
        expect=redirected(DELEGATED),
    ),
    Entry("events:speaker_edit", kwargs=with_object(SpeakerFactory), expect=DELEGATED),
    Entry(
        "events:speaker_delete",
        kwargs=with_object(SpeakerFactory),
        method="post",
        expect=redirected(DELEGATED),
    ),
    Entry("events:materials", kwargs=event_kwargs, expect=DELEGATED),
    Entry(
        "events:material_remove",
        kwargs=with_object(MaterialFactory),
        method="post",
        expect=redirected(DELEGATED),
    ),
    Entry("events:outcomes", kwargs=event_kwargs, expect=DELEGATED),
    Entry(
        "events:outcomes",
        kwargs=event_kwargs,
        method="post",
        data=lambda w: {"kind": "outcome", "text": "A regional network was founded."},
        label="add",
        expect=redirected(DELEGATED),
    ),
    Entry(
        "events:outcome_remove",
        kwargs=with_object(OutcomeFactory),
        method="post",
        expect=redirected(DELEGATED),
    ),
]
