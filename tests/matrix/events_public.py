"""Events, the public side: listing, event page, calendar files, materials, participants,
speaker photos and the personal calendar feed (events/views/public.py and calendar.py).

A hidden event answers 404 to everyone; the participant list is for network members
(anonymous visitors of a visible event are sent to sign in).
"""

from django.core.files.base import ContentFile

from strongcities.core.visibility import Visibility
from strongcities.events.models import Event
from strongcities.events.services import calendar
from tests.events.factories import EventFactory, MaterialFactory, SessionFactory, SpeakerFactory
from tests.matrix import LOGIN, Entry

EVERYONE = dict.fromkeys(("anonymous", "member", "focal_point", "other_focal_point"), 200)
EVERYONE["secretariat"] = 200
MEMBERS = {**EVERYONE, "anonymous": 404}
HOST_TEAM = {**MEMBERS, "other_focal_point": 404}
SECRETARIAT = {**dict.fromkeys(EVERYONE, 404), "secretariat": 200}
SIGNED_IN = {**EVERYONE, "anonymous": LOGIN}

EVENTS = {
    "public": ({"visibility": Visibility.PUBLIC}, EVERYONE),
    "members": ({"visibility": Visibility.MEMBERS}, MEMBERS),
    "restricted": ({"visibility": Visibility.RESTRICTED}, HOST_TEAM),
    "draft": ({"status": Event.Status.DRAFT, "host_city": None}, SECRETARIAT),
}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def make_event(world, kind: str) -> Event:
    fields = {"host_city": world.city, **EVENTS[kind][0]}
    return EventFactory(title=f"A {kind} event", **fields)


def event_key(kind: str):
    return lambda world: {"slug": make_event(world, kind).slug}


def session_key(kind: str):
    def kwargs(world) -> dict:
        session = SessionFactory(event=make_event(world, kind))
        return {"slug": session.event.slug, "pk": session.pk}

    return kwargs


def material_key(kind: str, visibility: str = Visibility.PUBLIC):
    def kwargs(world) -> dict:
        material = MaterialFactory(event=make_event(world, kind), visibility=visibility)
        return {"slug": material.event.slug, "pk": material.pk}

    return kwargs


def photo_key(pseudonymous: bool):
    def kwargs(world) -> dict:
        speaker = SpeakerFactory(event=make_event(world, "public"), pseudonymous=pseudonymous)
        if not pseudonymous:
            speaker.photo.save("face.png", ContentFile(PNG), save=True)
        return {"slug": speaker.event.slug, "pk": speaker.pk}

    return kwargs


def feed_token(world) -> dict:
    return {"token": calendar.create_feed(world.member)}


ENTRIES = [
    Entry("events:list", every=200),
    Entry("events:list", every=200, query="?when=past&type=webinar&region=europe", label="past"),
    Entry("events:list", every=200, query="?when=x&type=%00&region=nope&page=-1", label="bad"),
    *(
        Entry("events:detail", expect=expect, kwargs=event_key(kind), label=kind)
        for kind, (_fields, expect) in EVENTS.items()
    ),
    *(
        Entry("events:ics", expect=expect, kwargs=event_key(kind), label=kind)
        for kind, (_fields, expect) in EVENTS.items()
    ),
    Entry("events:session_ics", expect=EVERYONE, kwargs=session_key("public"), label="public"),
    Entry("events:session_ics", expect=MEMBERS, kwargs=session_key("members"), label="members"),
    Entry("events:material", expect=EVERYONE, kwargs=material_key("public"), label="public"),
    Entry(
        "events:material",
        expect=MEMBERS,
        kwargs=material_key("public", Visibility.MEMBERS),
        label="members material",
    ),
    Entry("events:material", expect=HOST_TEAM, kwargs=material_key("restricted"), label="hidden"),
    Entry("events:participants", expect=SIGNED_IN, kwargs=event_key("public"), label="public"),
    Entry("events:participants", expect=MEMBERS, kwargs=event_key("members"), label="members"),
    Entry("events:participants", expect=SECRETARIAT, kwargs=event_key("draft"), label="draft"),
    Entry("events:speaker_photo", every=200, kwargs=photo_key(False), label="named"),
    Entry("events:speaker_photo", every=404, kwargs=photo_key(True), label="pseudonymous"),
    Entry("events:calendar", expect=SIGNED_IN),
    Entry(
        "events:calendar",
        expect=SIGNED_IN,
        method="post",
        data=lambda w: {"action": "create"},
        label="create",
    ),
    Entry("events:feed", every=200, kwargs=feed_token, label="valid token"),
    Entry("events:feed", every=404, kwargs=lambda w: {"token": "not-a-token"}, label="bad token"),
]
