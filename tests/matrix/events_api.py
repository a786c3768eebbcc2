"""The events API (/api/v1/events...): reads answer per visibility (a hidden event is a 404 in
the API's format), writes need an account (401 for anonymous callers) and act only on the
caller's own registrations (404 for anybody else's)."""

from strongcities.events.models import Event
from strongcities.events.services import registration as services
from tests.events.factories import CategoryFactory, EventFactory
from tests.matrix import Entry

SIGNED_IN = ("member", "focal_point", "other_focal_point", "secretariat")
TUNIS_ONLY = {
    "anonymous": 404,
    "member": 200,
    "focal_point": 200,
    "other_focal_point": 404,
    "secretariat": 200,
}
MEMBER_ONLY = {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 404), "member": 200}


def make_event(world, **fields) -> Event:
    event = EventFactory(**{"host_city": world.city, **fields})
    CategoryFactory(event=event, code="practitioners", name="Practitioners", capacity=20)
    return event


def public(world) -> dict:
    return {"slug": make_event(world).slug}


def restricted(world) -> dict:
    return {"slug": make_event(world, visibility="restricted").slug}


def draft(world) -> dict:
    return {"slug": make_event(world, status=Event.Status.DRAFT).slug}


def members_registration(status: str = "confirmed"):
    """A registration of the member (waitlisted: the only seat is someone else's, offered:
    that seat was freed)."""

    def kwargs(world) -> dict:
        event = make_event(world)
        category = event.categories.get()
        if status != "confirmed":
            category.capacity = 1
            category.save()
            first = services.register(
                event, category, services.Person("Jonas Berg", "jonas@example.org"), by=None
            )
        mine = services.register(event, category, services.person_for(world.member), by=None)
        if status == "offered":
            services.cancel(first, by=None)
        mine.refresh_from_db()
        assert mine.status == status
        return {"registration_id": mine.pk}

    return kwargs


ENTRIES = [
    Entry("api-1:event_list", every=200),
    Entry("api-1:event_list", every=200, query="?when=past&lang=ar&page=2", label="past"),
    Entry("api-1:event_list", every=422, query="?when=tomorrow", label="bad when"),
    Entry("api-1:event_detail", every=200, kwargs=public),
    Entry("api-1:event_detail", expect=TUNIS_ONLY, kwargs=restricted, label="restricted"),
    Entry(
        "api-1:event_detail",
        expect={**dict.fromkeys(("anonymous", *SIGNED_IN), 404), "secretariat": 200},
        kwargs=draft,
        label="draft",
    ),
    Entry("api-1:event_detail", every=404, kwargs=lambda w: {"slug": "nope"}, label="unknown"),
    Entry(
        "api-1:event_registrations_mine",
        expect={"anonymous": 401, **dict.fromkeys(SIGNED_IN, 200)},
    ),
    # POST with a form body, not JSON: anonymous callers are refused first.
    Entry(
        "api-1:event_register",
        method="post",
        expect={"anonymous": 401, **dict.fromkeys(SIGNED_IN, 400)},
        kwargs=public,
    ),
    Entry("api-1:event_register", every=405, kwargs=public, label="GET"),
    Entry(
        "api-1:event_registration_cancel",
        method="post",
        expect=MEMBER_ONLY,
        kwargs=members_registration(),
    ),
    Entry("api-1:event_registration_cancel", every=405, kwargs=members_registration(), label="GET"),
    Entry(
        "api-1:event_registration_accept",
        method="post",
        expect=MEMBER_ONLY,
        kwargs=members_registration("offered"),
    ),
    Entry(
        "api-1:event_registration_accept",
        method="post",
        expect={**MEMBER_ONLY, "member": 409},
        kwargs=members_registration("waitlisted"),
        label="not offered",
    ),
    Entry(
        "api-1:event_registration_decline",
        method="post",
        expect=MEMBER_ONLY,
        kwargs=members_registration("offered"),
    ),
]
