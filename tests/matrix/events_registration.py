"""Registration pages (events/views/registration.py) and the organisers' registration pages
(events/views/registrations_admin.py).

The event is public and hosted by Tunis; the secretariat organises it (the host city's focal
point too when the secretariat delegated it). A hidden event answers 404 to everybody who may
not see it; an anonymous visitor of a visible event is sent to sign in.
"""

from strongcities.events.models import Category, Event, Invitation, Registration, Session
from strongcities.events.services import registration as services
from tests.events.factories import CategoryFactory, EventFactory
from tests.matrix import LOGIN, Entry

SIGNED_IN = ("member", "focal_point", "other_focal_point", "secretariat")
ANYONE_SIGNED_IN = {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 200)}
REDIRECTED = {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 302)}
ORGANISER = {
    "anonymous": LOGIN,
    "member": 404,
    "focal_point": 404,
    "other_focal_point": 404,
    "secretariat": 200,
}
DELEGATED = {**ORGANISER, "focal_point": 200}
HIDDEN = {**dict.fromkeys(("anonymous", *SIGNED_IN), 404), "secretariat": 200}


def make_event(world, **fields) -> Event:
    fields = {"host_city": world.city, **fields}
    event = EventFactory(**fields)
    CategoryFactory(event=event, code="practitioners", name="Practitioners", capacity=20)
    return event


def slug(**fields):
    def kwargs(world) -> dict:
        return {"slug": make_event(world, **fields).slug}

    return kwargs


def hidden(world) -> dict:
    return {"slug": make_event(world, host_city=None, status=Event.Status.DRAFT).slug}


def everyone_registered(world) -> dict:
    """Each signed-in role holds a confirmed registration (so each may cancel its own)."""
    event = make_event(world)
    category = event.categories.get()
    for role in SIGNED_IN:
        user = world.user(role)
        services.register(event, category, services.person_for(user), by=user)
    return {"slug": event.slug}


def with_session(world) -> dict:
    event = make_event(world)
    session = Session.objects.create(
        event=event, title="Workshop", start=event.start, end=event.end, signup=True, capacity=5
    )
    return {"slug": event.slug, "pk": session.pk}


def with_registration(**fields):
    def kwargs(world) -> dict:
        event = make_event(world, **fields)
        person = services.Person(name="Jonas Berg", email="jonas@example.org")
        reg = services.register(event, event.categories.get(), person, by=None)
        return {"slug": event.slug, "pk": reg.pk}

    return kwargs


def with_invitation(world) -> dict:
    event = make_event(world)
    invitation = Invitation.objects.create(event=event, category=event.categories.get())
    return {"slug": event.slug, "pk": invitation.pk}


def category_of(world, **extra) -> dict:
    """POST data naming the category of the event the URL was built for (the newest one)."""
    return {"category": Category.objects.latest("pk").pk, **extra}


def _latest_registration() -> int:
    return Registration.objects.latest("pk").pk


ENTRIES = [
    Entry("events:mine", expect=ANYONE_SIGNED_IN),
    # Registering oneself.
    Entry("events:register", kwargs=slug(), expect=ANYONE_SIGNED_IN),
    Entry("events:register", kwargs=hidden, label="hidden", expect=HIDDEN),
    Entry("events:register", kwargs=slug(), method="post", data=category_of, expect=REDIRECTED),
    Entry(
        "events:register",
        kwargs=slug(),
        method="post",
        data=lambda w: {"category": "x"},
        label="invalid",
        expect=ANYONE_SIGNED_IN,
    ),
    Entry(
        "events:register",
        kwargs=hidden,
        method="post",
        data=category_of,
        label="hidden",
        expect={**HIDDEN, "secretariat": 302},
    ),
    # My registration and its steps.
    Entry("events:registration", kwargs=slug(), expect=ANYONE_SIGNED_IN),
    Entry("events:registration", kwargs=hidden, label="hidden", expect=HIDDEN),
    Entry(
        "events:cancel_registration",
        kwargs=slug(),
        method="post",
        label="not registered",
        expect={"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},
    ),
    Entry(
        "events:cancel_registration",
        kwargs=everyone_registered,
        method="post",
        label="own",
        expect=REDIRECTED,
    ),
    Entry(
        "events:cancel_registration",
        kwargs=lambda w: {"slug": with_registration()(w)["slug"]},
        method="post",
        data=lambda w: {"registration": _latest_registration()},
        label="someone else's",
        expect={"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},
    ),
    Entry("events:cancel_registration", kwargs=slug(), label="GET", every=405),
    Entry("events:accept_offer", kwargs=slug(), method="post", expect=REDIRECTED),
    Entry(
        "events:accept_offer",
        kwargs=hidden,
        method="post",
        label="hidden",
        expect={**HIDDEN, "secretariat": 302},
    ),
    Entry("events:accept_offer", kwargs=slug(), label="GET", every=405),
    Entry("events:decline_offer", kwargs=slug(), method="post", expect=REDIRECTED),
    Entry("events:decline_offer", kwargs=slug(), label="GET", every=405),
    Entry("events:session_signup", kwargs=with_session, method="post", expect=REDIRECTED),
    Entry(
        "events:session_signup",
        kwargs=lambda w: {"slug": make_event(w).slug, "pk": 999999},
        method="post",
        label="no such session",
        expect={"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},
    ),
    Entry("events:session_signup", kwargs=with_session, label="GET", every=405),
    # A city's delegation: focal points and the secretariat.
    Entry(
        "events:delegation",
        kwargs=slug(),
        expect={**ANYONE_SIGNED_IN, "member": 404},
    ),
    Entry("events:delegation", kwargs=hidden, label="hidden", expect=HIDDEN),
    Entry(
        "events:delegation",
        kwargs=slug(),
        method="post",
        data=lambda w: {"people-TOTAL_FORMS": "1", "people-INITIAL_FORMS": "0"},
        label="empty",
        expect={**ANYONE_SIGNED_IN, "member": 404},
    ),
    # Organisers.
    Entry("events:registrations", kwargs=slug(), expect=ORGANISER),
    Entry(
        "events:registrations",
        kwargs=slug(delegated_to_host=True),
        label="delegated",
        expect=DELEGATED,
    ),
    Entry("events:registrations", kwargs=hidden, label="hidden", expect=HIDDEN),
    Entry("events:registrations_csv", kwargs=slug(), expect=ORGANISER),
    Entry(
        "events:registrations_csv",
        kwargs=slug(delegated_to_host=True),
        label="delegated",
        expect=DELEGATED,
    ),
    Entry("events:manage_registration", kwargs=with_registration(), expect=ORGANISER),
    Entry(
        "events:manage_registration",
        kwargs=with_registration(delegated_to_host=True),
        method="post",
        data=lambda w: {"action": "cancel", "note": "Duplicate."},
        label="cancel",
        expect={**DELEGATED, "focal_point": 302, "secretariat": 302},
    ),
    Entry(
        "events:manage_registration",
        kwargs=lambda w: {"slug": make_event(w).slug, "pk": 999999},
        label="no such registration",
        expect={**ORGANISER, "secretariat": 404},
    ),
    Entry("events:email_category", kwargs=slug(), expect=ORGANISER),
    Entry(
        "events:email_category",
        kwargs=slug(),
        method="post",
        data=lambda w: category_of(
            w, statuses=["confirmed"], subject="Practical information", body="See you."
        ),
        expect={**ORGANISER, "secretariat": 302},
    ),
    Entry("events:invitations", kwargs=slug(), expect=ORGANISER),
    Entry(
        "events:invitations",
        kwargs=slug(delegated_to_host=True),
        method="post",
        data=lambda w: {
            "action": "code",
            "code-category": category_of(w)["category"],
            "code-uses": "5",
        },
        expect={**DELEGATED, "focal_point": 302, "secretariat": 302},
    ),
    Entry(
        "events:revoke_invitation",
        kwargs=with_invitation,
        method="post",
        expect={**ORGANISER, "secretariat": 302},
    ),
    Entry("events:revoke_invitation", kwargs=with_invitation, label="GET", every=405),
]
