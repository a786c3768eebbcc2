"""/api/v1/events: listing, one event with its agenda, my registrations, registering and
cancelling — the site's visibility and registration rules, through the same services."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from strongcities.events.models import Category, Registration
from strongcities.events.services import registration as reg
from tests.api.factories import ApiTokenFactory
from tests.events.factories import (
    CategoryFactory,
    EventFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = datetime(2030, 5, 11, 6, 0, tzinfo=UTC)  # 09:00 in Nairobi


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiTokenFactory(user=user).raw}"}


def post(client, url: str, body: dict, user) -> object:
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(user))


@pytest.fixture
def mombasa(world):
    event = EventFactory(
        slug="mombasa-workshop",
        title="Regional workshop in Mombasa",
        title_fr="Atelier régional à Mombasa",
        summary="Practitioners of East Africa.",
        start=START,
        end=START + timedelta(days=1, hours=8),
        time_zone="Africa/Nairobi",
        host_city=world.city,
        venue="Fort Jesus",
        online_url="https://meet.example.org/mombasa",
    )
    CategoryFactory(event=event, code="practitioners", name="Practitioners", capacity=1)
    return event


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["items"]]


# --- Listing -----------------------------------------------------------------------------------


def test_list_item_shape(client, world, mombasa):
    response = client.get("/api/v1/events")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "page": 1,
        "page_size": 50,
        "items": [
            {
                "slug": "mombasa-workshop",
                "title": "Regional workshop in Mombasa",
                "summary": "Practitioners of East Africa.",
                "type": {"code": "regional-workshop", "label": mombasa.kind.label},
                "start": "2030-05-11T09:00:00+03:00",
                "end": "2030-05-12T17:00:00+03:00",
                "time_zone": "Africa/Nairobi",
                "host_city": {"slug": "tunis", "name": "Tunis"},
                "venue": "Fort Jesus",
                "online": True,
                "status": "published",
                "visibility": "public",
                "registration": {
                    "state": "open",
                    "mode": "open",
                    "opens": None,
                    "closes": None,
                },
                "my_registration": None,
                "url": "http://testserver/events/mombasa-workshop/",
            }
        ],
    }


def test_title_follows_the_language(client, world, mombasa):
    assert client.get("/api/v1/events?lang=fr").json()["items"][0]["title"] == (
        "Atelier régional à Mombasa"
    )
    response = client.get("/api/v1/events", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["items"][0]["title"] == "Atelier régional à Mombasa"
    assert client.get("/api/v1/events?lang=ar").json()["items"][0]["title"] == (
        "Regional workshop in Mombasa"
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", ["mombasa-workshop"]),
        ("member", ["mombasa-workshop", "tunis-only"]),
        ("focal_point", ["mombasa-workshop", "tunis-only"]),
        ("other_focal_point", ["mombasa-workshop"]),
        ("secretariat", ["mombasa-workshop", "tunis-only"]),
    ],
)
def test_list_shows_what_the_caller_may_see(client, world, mombasa, role, expected):
    EventFactory(slug="tunis-only", visibility="restricted", host_city=world.city, start=START)
    EventFactory(slug="draft", status="draft", start=START)
    user = world.user(role)
    response = client.get("/api/v1/events", **(bearer(user) if user else {}))
    assert sorted(slugs(response)) == expected


def test_when_upcoming_past_all(client, world, mombasa):
    EventFactory(
        slug="antalya-2024",
        start=timezone.now() - timedelta(days=400),
        end=timezone.now() - timedelta(days=399),
    )
    assert slugs(client.get("/api/v1/events")) == ["mombasa-workshop"]
    assert slugs(client.get("/api/v1/events?when=past")) == ["antalya-2024"]
    assert slugs(client.get("/api/v1/events?when=all")) == ["antalya-2024", "mombasa-workshop"]
    assert client.get("/api/v1/events?when=soon").status_code == 422


def test_list_query_count_does_not_grow(client, world, django_assert_num_queries):
    headers = bearer(world.member)
    client.get("/api/v1/events", **headers)  # the token's first use is recorded, once
    user_queries = 3  # the token, the caller's global and city roles
    for n in range(2):
        event = EventFactory(start=START + timedelta(days=n))
        category = CategoryFactory(event=event, capacity=5)
        reg.register(event, category, reg.person_for(world.member), by=world.member)
    with django_assert_num_queries(3 + user_queries):
        assert len(client.get("/api/v1/events", **headers).json()["items"]) == 2
    for n in range(2, 8):
        event = EventFactory(start=START + timedelta(days=n))
        category = CategoryFactory(event=event, capacity=5)
        reg.register(event, category, reg.person_for(world.member), by=world.member)
    with django_assert_num_queries(3 + user_queries):
        items = client.get("/api/v1/events", **headers).json()["items"]
    assert len(items) == 8
    assert {item["my_registration"]["status"] for item in items} == {"confirmed"}


# --- One event ---------------------------------------------------------------------------------


@pytest.fixture
def agenda(mombasa):
    survivor = SpeakerFactory(
        event=mombasa,
        public_name="Layla",
        pseudonymous=True,
        real_name="Fatima Real-Name",
        affiliation="",
    )
    mayor = SpeakerFactory(event=mombasa, public_name="Mayor Abdulswamad", affiliation="Mombasa")
    session = SessionFactory(event=mombasa, title="Testimonies", capacity=30, signup=True)
    session.speakers.set([survivor, mayor])
    return survivor, mayor, session


def test_detail_with_sessions_and_speakers(client, world, mombasa, agenda):
    survivor, mayor, session = agenda
    body = client.get("/api/v1/events/mombasa-workshop").json()
    assert body["categories"] == [
        {
            "code": "practitioners",
            "name": "Practitioners",
            "capacity": 1,
            "free": 1,
            "waitlist": True,
        }
    ]
    assert body["sessions"] == [
        {
            "id": session.pk,
            "kind": "plenary",
            "title": "Testimonies",
            "description": "",
            "start": "2030-05-11T10:00:00+03:00",
            "end": "2030-05-11T11:30:00+03:00",
            "room": "Main hall",
            "capacity": 30,
            "free": 30,
            "signup": True,
            "speakers": [survivor.pk, mayor.pk],
            "ics_url": f"http://testserver/events/mombasa-workshop/sessions/{session.pk}/session.ics",
        }
    ]
    assert body["speakers"] == [
        {
            "id": survivor.pk,
            "name": "Layla",
            "pseudonymous": True,
            "affiliation": "",
            "bio": "",
            "photo_url": None,
            "real_name": None,
            "consent_given": None,
        },
        {
            "id": mayor.pk,
            "name": "Mayor Abdulswamad",
            "pseudonymous": False,
            "affiliation": "Mombasa",
            "bio": "",
            "photo_url": None,
            "real_name": None,
            "consent_given": None,
        },
    ]
    assert body["online_url"] is None
    assert body["ics_url"] == "http://testserver/events/mombasa-workshop/event.ics"
    assert "Fatima" not in json.dumps(body)


@pytest.mark.parametrize(
    ("role", "sees_real_name"),
    [("member", False), ("focal_point", False), ("secretariat", True)],
)
def test_real_name_for_the_secretariat_only(  # noqa: PLR0917
    client, world, mombasa, agenda, role, sees_real_name
):
    mombasa.delegated_to_host = True  # the host focal point organises, still never sees it
    mombasa.save()
    body = client.get("/api/v1/events/mombasa-workshop", **bearer(world.user(role))).json()
    layla = body["speakers"][0]
    assert layla["real_name"] == ("Fatima Real-Name" if sees_real_name else None)
    assert ("Fatima" in json.dumps(body)) is sees_real_name


def test_online_link_for_confirmed_participants_and_organisers(client, world, mombasa):
    url = "/api/v1/events/mombasa-workshop"
    assert client.get(url, **bearer(world.member)).json()["online_url"] is None
    reg.register(mombasa, mombasa.categories.get(), reg.person_for(world.member), by=world.member)
    assert client.get(url, **bearer(world.member)).json()["online_url"] == (
        "https://meet.example.org/mombasa"
    )
    assert client.get(url, **bearer(world.secretariat)).json()["online_url"] == (
        "https://meet.example.org/mombasa"
    )


def test_hidden_events_answer_404(client, world):
    EventFactory(slug="tunis-only", visibility="restricted", host_city=world.city)
    response = client.get("/api/v1/events/tunis-only", **bearer(world.other_focal_point))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client.get("/api/v1/events/tunis-only", **bearer(world.member)).status_code == 200
    assert client.get("/api/v1/events/nope").status_code == 404


# --- Registering -------------------------------------------------------------------------------


def register_url(event) -> str:
    return f"/api/v1/events/{event.slug}/registrations"


def test_register_confirmed_then_ticket(client, world, mombasa):
    response = post(
        client,
        register_url(mombasa),
        {"category": "practitioners", "needs": "Vegetarian", "listed": True},
        world.member,
    )
    assert response.status_code == 201
    body = response.json()
    registration = Registration.objects.get()
    assert body["id"] == registration.pk
    assert body["status"] == "confirmed"
    assert body["ticket_code"] == registration.ticket_code
    assert body["ticket_url"] == "http://testserver/events/mombasa-workshop/ticket/"
    assert (body["needs"], body["listed"], body["email"]) == (
        "Vegetarian",
        True,
        world.member.email,
    )
    assert body["city"] == {"slug": "tunis", "name": "Tunis"}
    assert body["category"] == {"code": "practitioners", "label": "Practitioners"}
    assert registration.registered_by == world.member
    assert Category.objects.get().held == 1


def test_full_category_waitlists_then_cancel_promotes(client, world, mombasa):
    first = post(client, register_url(mombasa), {"category": "practitioners"}, world.member)
    second = post(client, register_url(mombasa), {"category": "practitioners"}, world.focal_point)
    assert second.status_code == 201
    assert (second.json()["status"], second.json()["waitlist_position"]) == ("waitlisted", 1)
    assert second.json()["ticket_code"] is None
    cancelled = client.post(
        f"/api/v1/events/registrations/{first.json()['id']}/cancel", **bearer(world.member)
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    promoted = Registration.objects.get(pk=second.json()["id"])
    assert promoted.status == "offered"
    accepted = client.post(
        f"/api/v1/events/registrations/{promoted.pk}/accept", **bearer(world.focal_point)
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "confirmed"
    assert Category.objects.get().held == 1


def test_full_without_waitlist_is_a_409(client, world, mombasa):
    Category.objects.update(waitlist=False)
    post(client, register_url(mombasa), {"category": "practitioners"}, world.member)
    response = post(client, register_url(mombasa), {"category": "practitioners"}, world.focal_point)
    assert response.status_code == 409
    assert response.json() == {
        "code": "full",
        "message": "The category “Practitioners” is full.",
        "errors": [{"field": "category", "message": "The category “Practitioners” is full."}],
    }
    assert Category.objects.get().held == 1


def test_twice_is_a_409_duplicate(client, world, mombasa):
    CategoryFactory(event=mombasa, code="press", capacity=5)
    post(client, register_url(mombasa), {"category": "practitioners"}, world.member)
    response = post(client, register_url(mombasa), {"category": "press"}, world.member)
    assert (response.status_code, response.json()["code"]) == (409, "duplicate")


def test_bad_requests_are_422(client, world, mombasa):
    response = post(client, register_url(mombasa), {"category": "mayors"}, world.member)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "category", "message": "This event has no such category."}
    ]
    response = post(client, register_url(mombasa), {"category": "x", "extra": 1}, world.member)
    assert response.status_code == 422
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("listed", ["yes", "true", 1, 0, None])
def test_listed_must_be_a_json_boolean(client, world, mombasa, listed):
    body = {"category": "practitioners", "listed": listed}
    response = post(client, register_url(mombasa), body, world.member)
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["listed"]
    assert Registration.objects.count() == 0


def test_invitation_only_needs_a_code(client, world, mombasa):
    mombasa.mode = "invitation"
    mombasa.save()
    response = post(client, register_url(mombasa), {"category": "practitioners"}, world.member)
    assert (response.status_code, response.json()["code"]) == (422, "invitation")
    assert response.json()["errors"][0]["field"] == "code"


def test_closed_window_is_a_409(client, world, mombasa):
    mombasa.registration_closes = timezone.now() - timedelta(days=1)
    mombasa.save()
    response = post(client, register_url(mombasa), {"category": "practitioners"}, world.member)
    assert (response.status_code, response.json()["code"]) == (409, "closed")


def test_anonymous_and_hidden(client, world):
    hidden = EventFactory(slug="tunis-only", visibility="restricted", host_city=world.city)
    CategoryFactory(event=hidden, code="practitioners")
    body = json.dumps({"category": "practitioners"})
    anonymous = client.post(register_url(hidden), body, content_type="application/json")
    assert anonymous.status_code == 401
    response = post(
        client, register_url(hidden), {"category": "practitioners"}, world.other_focal_point
    )
    assert response.status_code == 404
    assert Registration.objects.count() == 0


def test_session_without_csrf_is_refused(world, mombasa):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    response = client.post(
        register_url(mombasa),
        json.dumps({"category": "practitioners"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Registration.objects.count() == 0


# --- Mine and cancelling -----------------------------------------------------------------------


def test_my_registrations_with_positions(client, world, mombasa, django_assert_num_queries):
    other = EventFactory(slug="washington-day", start=START + timedelta(days=3))
    CategoryFactory(event=other, code="all", capacity=0)
    reg.register(mombasa, mombasa.categories.get(), reg.person_for(world.member), by=world.member)
    reg.register(other, other.categories.get(), reg.person_for(world.member), by=world.member)
    reg.register(
        mombasa, mombasa.categories.get(), reg.Person("Other", "o@x.org"), by=world.secretariat
    )
    headers = bearer(world.member)
    # The token (read, last used) and the roles; then count, page, one waiting list.
    with django_assert_num_queries(4 + 3):
        body = client.get("/api/v1/events/registrations/mine", **headers).json()
    assert body["count"] == 2
    assert [(i["event"]["slug"], i["status"], i["waitlist_position"]) for i in body["items"]] == [
        ("mombasa-workshop", "confirmed", None),
        ("washington-day", "waitlisted", 1),
    ]
    assert body["items"][0]["event"]["start"] == "2030-05-11T09:00:00+03:00"
    assert client.get("/api/v1/events/registrations/mine").status_code == 401


def test_cancel_someone_else_registration_is_404(client, world, mombasa):
    theirs = reg.register(
        mombasa, mombasa.categories.get(), reg.person_for(world.focal_point), by=world.focal_point
    )
    response = client.post(
        f"/api/v1/events/registrations/{theirs.pk}/cancel", **bearer(world.member)
    )
    assert response.status_code == 404
    assert Registration.objects.get(pk=theirs.pk).status == "confirmed"


def test_cancel_twice_is_a_409(client, world, mombasa):
    mine = reg.register(
        mombasa, mombasa.categories.get(), reg.person_for(world.member), by=world.member
    )
    url = f"/api/v1/events/registrations/{mine.pk}/cancel"
    assert client.post(url, **bearer(world.member)).status_code == 200
    response = client.post(url, **bearer(world.member))
    assert response.status_code == 409
    assert Category.objects.get().held == 0


def test_decline_an_offer(client, world, mombasa):
    first = reg.register(
        mombasa, mombasa.categories.get(), reg.person_for(world.member), by=world.member
    )
    second = reg.register(
        mombasa, mombasa.categories.get(), reg.person_for(world.focal_point), by=world.focal_point
    )
    reg.cancel(first, by=world.member)
    response = client.post(
        f"/api/v1/events/registrations/{second.pk}/decline", **bearer(world.focal_point)
    )
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    assert Category.objects.get().held == 0


def test_a_user_without_city_registers_too(client, world, mombasa):
    guest = UserFactory(email="guest@example.org", full_name="Guest Speaker")
    response = post(client, register_url(mombasa), {"category": "practitioners"}, guest)
    assert response.status_code == 201
    assert (response.json()["name"], response.json()["city"]) == ("Guest Speaker", None)


def test_documented_choices_match_the_models():
    from strongcities.events import api
    from strongcities.events.models import Session

    assert set(api.RegistrationStatus.__args__) == set(Registration.Status.values)
    assert set(api.SessionKind.__args__) == set(Session.Kind.values)
