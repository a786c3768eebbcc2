"""/api/v1/programmes and /api/v1/exchanges: what the caller may see, and proposing, answering
and reporting under the same rules (and through the same services) as the site."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from strongcities.accounts.models import PartnerRole
from strongcities.core.audit.models import AuditEntry
from strongcities.core.notifications.models import Notification
from strongcities.exchanges.models import Exchange, Report
from tests.api.factories import ApiTokenFactory
from tests.exchanges.factories import (
    ExchangeFactory,
    FollowUpFactory,
    ParticipantFactory,
    ProgrammeFactory,
    ReportFactory,
)
from tests.factories import CityFactory, CityRoleFactory, PartnerFactory, UserFactory, concept
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db

TODAY = date.today()
MOMENT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiTokenFactory(user=user).raw}"}


def get(client, url: str, user=None):
    return client.get(url, **(bearer(user) if user else {}))


def post(client, url: str, body: dict, user):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(user))


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def beirut(world):
    """A third member city, with a member who is no party to Tunis's and Aarhus's exchanges."""
    city = CityFactory(slug="beirut", name="Beirut")
    person = UserFactory(email="member@beirut.example.org")
    CityRoleFactory(user=person, city=city, role="member")
    return person


@pytest.fixture
def sponsor_person():
    partner = PartnerFactory(slug="danish-mfa", name="Ministry of Foreign Affairs of Denmark")
    person = UserFactory(email="partner@mfa.example.org")
    PartnerRole.objects.create(user=person, partner=partner)
    return person


@pytest.fixture
def programme(world, sponsor_person):
    return ProgrammeFactory(
        slug="mena-exchanges",
        title="Cities learning from cities",
        title_fr="Des villes qui apprennent des villes",
        sponsor=sponsor_person.partner_memberships.get().partner,
        cities=[world.city, world.other_city],
        starts_on=date(2026, 1, 1),
        ends_on=date(2028, 12, 31),
        budget_note="DKK 2.4 million over three years.",
    )


def exchange(world, **fields) -> Exchange:
    return ExchangeFactory(
        **{
            "visiting_city": world.city,
            "host_city": world.other_city,
            "proposed_by": world.focal_point,
            **fields,
        }
    )


# --- Programmes --------------------------------------------------------------------------------


def test_programme_list_item_shape(client, world, programme):
    response = get(client, "/api/v1/programmes", world.member)
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "page": 1,
        "page_size": 50,
        "items": [
            {
                "slug": "mena-exchanges",
                "title": "Cities learning from cities",
                "description": "Staff exchanges between the cities of the programme.",
                "sponsor": {
                    "slug": "danish-mfa",
                    "name": "Ministry of Foreign Affairs of Denmark",
                },
                "cities": [
                    {"slug": "aarhus", "name": "Aarhus"},
                    {"slug": "tunis", "name": "Tunis"},
                ],
                "starts_on": "2026-01-01",
                "ends_on": "2028-12-31",
                "participants_per_side": 3,
                "visibility": "members",
                "url": "http://testserver/exchanges/programmes/mena-exchanges/",
            }
        ],
    }
    fr = get(client, "/api/v1/programmes?lang=fr", world.member).json()
    assert fr["items"][0]["title"] == "Des villes qui apprennent des villes"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", ["public"]),
        ("member", ["mena-exchanges", "public", "tunis-only"]),
        ("other_focal_point", ["mena-exchanges", "public"]),
        ("secretariat", ["mena-exchanges", "public", "secretariat-only", "tunis-only"]),
    ],
)
def test_programmes_the_caller_may_see(client, world, programme, role, expected):
    ProgrammeFactory(slug="public", visibility="public")
    ProgrammeFactory(slug="tunis-only", visibility="restricted", cities=[world.city])
    ProgrammeFactory(slug="secretariat-only", visibility="secretariat")
    slugs = [
        item["slug"] for item in get(client, "/api/v1/programmes", world.user(role)).json()["items"]
    ]
    assert sorted(slugs) == expected


@pytest.mark.parametrize(
    ("role", "note"),
    [
        ("member", None),
        ("focal_point", "DKK 2.4 million over three years."),
        ("other_focal_point", "DKK 2.4 million over three years."),
        ("secretariat", "DKK 2.4 million over three years."),
    ],
)
def test_budget_note_for_the_secretariat_sponsor_and_focal_points(
    client, world, programme, role, note
):
    response = get(client, "/api/v1/programmes/mena-exchanges", world.user(role))
    assert response.status_code == 200
    assert response.json()["budget_note"] == note


def test_budget_note_for_the_sponsor(client, programme, sponsor_person):
    response = get(client, "/api/v1/programmes/mena-exchanges", sponsor_person)
    assert response.json()["budget_note"] == "DKK 2.4 million over three years."


def test_hidden_programme_is_a_404(client, world, programme):
    ProgrammeFactory(slug="secret", visibility="secretariat")
    response = get(client, "/api/v1/programmes/secret", world.focal_point)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert get(client, "/api/v1/programmes/mena-exchanges").status_code == 404  # members only


def test_programme_list_query_count(client, world, django_assert_num_queries):
    auth = bearer(world.member)
    ProgrammeFactory(cities=[world.city, world.other_city])
    client.get("/api/v1/programmes", **auth)  # warm the caches
    with django_assert_num_queries(7):
        assert client.get("/api/v1/programmes", **auth).json()["count"] == 1
    for _n in range(4):
        ProgrammeFactory(cities=[world.city, world.other_city, CityFactory()])
    with django_assert_num_queries(7):
        assert client.get("/api/v1/programmes", **auth).json()["count"] == 5


# --- Listing and reading exchanges --------------------------------------------------------------


def test_exchanges_need_an_account(client, world):
    response = client.get("/api/v1/exchanges")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert client.get("/api/v1/exchanges/1").status_code == 401


def test_exchange_item_shape(client, world, programme):
    practice = make_practice(world.other_city, title="Exit mentoring")
    item = exchange(
        world, programme=programme, practices=[practice], language="fr", proposed_at=MOMENT
    )
    response = get(client, "/api/v1/exchanges", world.focal_point)
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "page": 1,
        "page_size": 50,
        "items": [
            {
                "id": item.pk,
                "state": "proposed",
                "type": {"code": "study-visit", "label": "Study visit"},
                "visiting_city": {"slug": "tunis", "name": "Tunis"},
                "host_city": {"slug": "aarhus", "name": "Aarhus"},
                "programme": {"slug": "mena-exchanges", "title": "Cities learning from cities"},
                "objectives": "See how the host city's youth workers and police cooperate.",
                "language": "fr",
                "practices": [
                    {
                        "slug": practice.slug,
                        "title": "Exit mentoring",
                        "url": f"http://testserver/practices/{practice.slug}/",
                    }
                ],
                "proposed_start": item.proposed_start.isoformat(),
                "proposed_end": item.proposed_end.isoformat(),
                "starts_on": None,
                "ends_on": None,
                "proposed_at": "2026-11-02T09:30:00Z",
                "responded_at": None,
                "completed_at": None,
                "url": f"http://testserver/exchanges/{item.pk}/",
            }
        ],
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("member", ["tunis-proposed", "under-way"]),
        ("focal_point", ["tunis-proposed", "under-way"]),
        ("other_focal_point", ["tunis-proposed", "under-way"]),
        ("beirut", ["under-way"]),
        ("secretariat", ["elsewhere-proposed", "tunis-proposed", "under-way"]),
    ],
)
def test_exchanges_the_caller_may_see(client, world, beirut, role, expected):
    names = {
        exchange(world).pk: "tunis-proposed",
        exchange(world, state="scheduled").pk: "under-way",
        ExchangeFactory().pk: "elsewhere-proposed",
    }
    user = beirut if role == "beirut" else world.user(role)
    assert sorted(names[pk] for pk in ids(get(client, "/api/v1/exchanges", user))) == expected


def test_the_sponsor_sees_its_programmes_exchanges(client, world, programme, sponsor_person):
    mine = exchange(world, programme=programme)
    exchange(world)
    assert ids(get(client, "/api/v1/exchanges", sponsor_person)) == [mine.pk]


def test_filters(client, world, programme):
    other = CityFactory(slug="beirut")
    proposed = exchange(world, programme=programme)
    scheduled = exchange(world, state="scheduled")
    hosted = exchange(world, visiting_city=other, host_city=world.city, state="accepted")
    user = world.secretariat
    assert ids(get(client, "/api/v1/exchanges?state=scheduled", user)) == [scheduled.pk]
    assert ids(get(client, "/api/v1/exchanges?programme=mena-exchanges", user)) == [proposed.pk]
    assert ids(get(client, "/api/v1/exchanges?city=beirut", user)) == [hosted.pk]
    assert sorted(ids(get(client, "/api/v1/exchanges?city=tunis", user))) == sorted(
        [proposed.pk, scheduled.pk, hosted.pk]
    )
    assert ids(get(client, "/api/v1/exchanges?city=nowhere", user)) == []
    response = get(client, "/api/v1/exchanges?state=finished", user)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "state"


def test_newest_first_and_paginated(client, world):
    old = exchange(world, proposed_at=timezone.now() - timedelta(days=3))
    new = exchange(world)
    response = get(client, "/api/v1/exchanges?page_size=1&page=2", world.member)
    assert response.json()["count"] == 2
    assert ids(response) == [old.pk]
    assert ids(get(client, "/api/v1/exchanges", world.member)) == [new.pk, old.pk]


def test_exchange_list_query_count(client, world, django_assert_num_queries):
    auth = bearer(world.member)
    practice = make_practice(world.other_city)
    exchange(world, practices=[practice])
    client.get("/api/v1/exchanges", **auth)
    with django_assert_num_queries(7):
        assert client.get("/api/v1/exchanges", **auth).json()["count"] == 1
    for _n in range(4):
        exchange(world, practices=[practice, make_practice(world.city)], state="scheduled")
    with django_assert_num_queries(7):
        assert client.get("/api/v1/exchanges", **auth).json()["count"] == 5


def test_hidden_practices_of_interest_are_left_out(client, world, beirut):
    restricted = make_practice(world.other_city, visibility="restricted", title="Info-house")
    item = exchange(world, practices=[restricted], state="accepted")
    assert get(client, f"/api/v1/exchanges/{item.pk}", beirut).json()["practices"] == []
    shown = get(client, f"/api/v1/exchanges/{item.pk}", world.secretariat).json()["practices"]
    assert [p["title"] for p in shown] == ["Info-house"]


def completed(world, **fields) -> Exchange:
    return exchange(
        world,
        state="completed",
        starts_on=TODAY - timedelta(days=10),
        ends_on=TODAY - timedelta(days=8),
        completed_at=timezone.now() - timedelta(days=7),
        **fields,
    )


def test_details_for_the_parties(client, world):
    item = completed(world, response_message="Welcome to Aarhus.")
    ParticipantFactory(
        exchange=item, user=world.member, side="visiting", role="Teacher", sector=None
    )
    practice = make_practice(world.other_city, title="Exit mentoring")
    report = ReportFactory(
        exchange=item, author=world.focal_point, language="fr", submitted_at=MOMENT
    )
    report.practices.set([practice])
    FollowUpFactory(exchange=item, month=3, due_on=TODAY + timedelta(days=80))
    body = get(client, f"/api/v1/exchanges/{item.pk}", world.member).json()
    assert body["participants_per_side"] == 3
    assert body["my_side"] == "visiting"  # a participant of the visiting side
    assert body["response_message"] == "Welcome to Aarhus."
    assert body["cancel_reason"] == ""
    assert body["participants"] == [
        {
            "name": world.member.get_full_name(),
            "side": "visiting",
            "sector": None,
            "role": "Teacher",
        }
    ]
    assert body["reports"] == [
        {
            "side": "visiting",
            "learned": "How the host's multi-agency panel shares cases without naming people.",
            "plans": "Pilot a monthly case panel with schools and youth workers.",
            "practices": [
                {
                    "slug": practice.slug,
                    "title": "Exit mentoring",
                    "url": f"http://testserver/practices/{practice.slug}/",
                }
            ],
            "language": "fr",
            "author": world.focal_point.get_full_name(),
            "submitted_at": "2026-11-02T09:30:00Z",
            "draft_practice": None,
        }
    ]
    assert body["follow_ups"] == [
        {
            "month": 3,
            "due_on": (TODAY + timedelta(days=80)).isoformat(),
            "outcome": None,
            "reason": "",
            "practice": None,
            "recorded_at": None,
        }
    ]


def test_my_side(client, world):
    item = completed(world)
    host_member = UserFactory()
    CityRoleFactory(user=host_member, city=world.other_city, role="member")
    ParticipantFactory(exchange=item, user=host_member, side="host")
    assert get(client, f"/api/v1/exchanges/{item.pk}", world.focal_point).json()["my_side"] == (
        "visiting"
    )
    assert (
        get(client, f"/api/v1/exchanges/{item.pk}", world.other_focal_point).json()["my_side"]
        == "host"
    )
    assert get(client, f"/api/v1/exchanges/{item.pk}", host_member).json()["my_side"] == "host"


def test_no_details_for_other_members(client, world, beirut):
    item = completed(world, response_message="Welcome to Aarhus.")
    ReportFactory(exchange=item)
    body = get(client, f"/api/v1/exchanges/{item.pk}", beirut).json()
    assert body["state"] == "completed"
    assert (body["participants"], body["reports"], body["follow_ups"]) == (None, None, None)
    assert (body["response_message"], body["cancel_reason"]) == (None, None)


def test_hidden_exchange_is_a_404(client, world, beirut):
    item = exchange(world)  # proposed: the parties only
    response = get(client, f"/api/v1/exchanges/{item.pk}", beirut)
    assert response.status_code == 404
    assert response.json()["message"] == "There is no exchange at this address."
    assert get(client, "/api/v1/exchanges/999999", world.secretariat).status_code == 404


# --- Proposing ------------------------------------------------------------------------------------


def proposal(**fields) -> dict:
    return {
        "visiting_city": "tunis",
        "host_city": "aarhus",
        "type": "study-visit",
        "objectives": "Learn how Aarhus's mentors work with young people.",
        "language": "en",
        "proposed_start": (TODAY + timedelta(days=30)).isoformat(),
        "proposed_end": (TODAY + timedelta(days=33)).isoformat(),
        **fields,
    }


def test_propose(client, world, programme):
    practice = make_practice(world.other_city, title="Exit mentoring")
    response = post(
        client,
        "/api/v1/exchanges",
        proposal(programme="mena-exchanges", practices=[practice.slug]),
        world.focal_point,
    )
    assert response.status_code == 201
    body = response.json()
    item = Exchange.objects.get()
    assert body["id"] == item.pk
    assert (body["state"], body["my_side"]) == ("proposed", "visiting")
    assert body["programme"] == {"slug": "mena-exchanges", "title": "Cities learning from cities"}
    assert [p["slug"] for p in body["practices"]] == [practice.slug]
    assert (item.visiting_city, item.host_city, item.proposed_by) == (
        world.city,
        world.other_city,
        world.focal_point,
    )
    assert item.kind == concept("exchange-type", "study-visit")
    assert AuditEntry.objects.filter(action="exchange.proposed").count() == 1
    assert [
        (n.recipient, n.kind) for n in Notification.objects.filter(kind__startswith="exchange")
    ] == [(world.other_focal_point, "exchange_proposed")]


def test_propose_unknown_references_is_one_422(client, world):
    response = post(
        client,
        "/api/v1/exchanges",
        proposal(host_city="atlantis", type="holiday", programme="nope", practices=["nope"]),
        world.focal_point,
    )
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert [e["field"] for e in response.json()["errors"]] == [
        "host_city",
        "type",
        "programme",
        "practices",
    ]
    assert response.json()["errors"][3]["message"] == (
        "These practices are not in the library you can see: nope."
    )
    assert not Exchange.objects.exists()


def test_propose_a_restricted_practice_one_may_not_see(client, world):
    hidden = make_practice(world.other_city, visibility="restricted")
    response = post(
        client, "/api/v1/exchanges", proposal(practices=[hidden.slug]), world.focal_point
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "practices"


def test_propose_in_the_past(client, world):
    response = post(
        client,
        "/api/v1/exchanges",
        proposal(proposed_start=(TODAY - timedelta(days=1)).isoformat()),
        world.focal_point,
    )
    assert response.status_code == 422
    assert response.json() == {
        "code": "dates",
        "message": "The proposed start cannot be in the past.",
        "errors": [
            {"field": "proposed_start", "message": "The proposed start cannot be in the past."}
        ],
    }


def test_propose_to_oneself(client, world):
    response = post(client, "/api/v1/exchanges", proposal(host_city="tunis"), world.focal_point)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "host_city", "message": "Choose another city than the visiting one."}
    ]


def test_blank_objectives(client, world):
    response = post(client, "/api/v1/exchanges", proposal(objectives="  "), world.focal_point)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "objectives"


@pytest.mark.parametrize("role", ["member", "other_focal_point"])
def test_only_the_visiting_citys_focal_points_propose(client, world, role):
    response = post(client, "/api/v1/exchanges", proposal(), world.user(role))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Exchange.objects.exists()


def test_the_secretariat_proposes_for_a_city(client, world):
    response = post(client, "/api/v1/exchanges", proposal(), world.secretariat)
    assert response.status_code == 201
    assert response.json()["my_side"] is None


def test_unknown_fields_are_refused(client, world):
    response = post(client, "/api/v1/exchanges", proposal(state="accepted"), world.focal_point)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "state"


def test_propose_needs_an_account(client, world):
    response = client.post(
        "/api/v1/exchanges", json.dumps(proposal()), content_type="application/json"
    )
    assert response.status_code == 401


# --- Answering --------------------------------------------------------------------------------


def test_accept(client, world):
    item = exchange(world)
    response = post(
        client,
        f"/api/v1/exchanges/{item.pk}/accept",
        {"message": "Welcome!"},
        world.other_focal_point,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["response_message"]) == ("accepted", "Welcome!")
    item.refresh_from_db()
    assert (item.state, item.responded_by) == ("accepted", world.other_focal_point)
    assert AuditEntry.objects.filter(action="exchange.accepted").count() == 1


def test_accept_without_a_message(client, world):
    item = exchange(world)
    response = post(client, f"/api/v1/exchanges/{item.pk}/accept", {}, world.other_focal_point)
    assert response.status_code == 200
    assert response.json()["response_message"] == ""


@pytest.mark.parametrize("role", ["member", "focal_point", "secretariat"])
def test_only_the_host_answers(client, world, role):
    item = exchange(world)
    response = post(client, f"/api/v1/exchanges/{item.pk}/accept", {}, world.user(role))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    item.refresh_from_db()
    assert item.state == "proposed"


def test_answering_twice_is_a_409(client, world):
    item = exchange(world, state="accepted")
    response = post(client, f"/api/v1/exchanges/{item.pk}/accept", {}, world.other_focal_point)
    assert response.status_code == 409
    assert response.json() == {
        "code": "state",
        "message": "This exchange is accepted: that step is not possible now.",
        "errors": [],
    }
    response = post(
        client, f"/api/v1/exchanges/{item.pk}/decline", {"message": "No."}, world.other_focal_point
    )
    assert response.status_code == 409


def test_answering_a_hidden_exchange_is_a_404(client, world, beirut):
    item = exchange(world)
    assert post(client, f"/api/v1/exchanges/{item.pk}/accept", {}, beirut).status_code == 404


def test_decline(client, world):
    item = exchange(world)
    response = post(
        client,
        f"/api/v1/exchanges/{item.pk}/decline",
        {"message": "Our team is at the summit that week."},
        world.other_focal_point,
    )
    assert response.status_code == 200
    assert response.json()["state"] == "declined"
    assert response.json()["response_message"] == "Our team is at the summit that week."


@pytest.mark.parametrize("body", [{}, {"message": "   "}])
def test_decline_needs_a_message(client, world, body):
    item = exchange(world)
    response = post(client, f"/api/v1/exchanges/{item.pk}/decline", body, world.other_focal_point)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "message"
    item.refresh_from_db()
    assert item.state == "proposed"


# --- Reporting --------------------------------------------------------------------------------


def report_body(**fields) -> dict:
    return {
        "learned": "How the mentors are trained.",
        "plans": "Train four mentors in Tunis.",
        "language": "fr",
        **fields,
    }


def test_report_side_from_the_caller(client, world):
    item = completed(world)
    practice = make_practice(world.other_city, title="Exit mentoring")
    url = f"/api/v1/exchanges/{item.pk}/reports"
    response = post(client, url, report_body(practices=[practice.slug]), world.focal_point)
    assert response.status_code == 201
    body = response.json()
    assert (body["side"], body["language"], body["author"]) == (
        "visiting",
        "fr",
        world.focal_point.get_full_name(),
    )
    assert [p["slug"] for p in body["practices"]] == [practice.slug]
    response = post(client, url, report_body(learned="More."), world.focal_point)
    assert response.status_code == 200
    assert Report.objects.get().learned == "More."
    response = post(client, url, report_body(language="en"), world.other_focal_point)
    assert (response.status_code, response.json()["side"]) == (201, "host")
    item.refresh_from_db()
    assert item.state == "reported"


def test_a_participant_reports_for_their_side(client, world):
    item = completed(world)
    ParticipantFactory(exchange=item, user=world.member, side="visiting")
    response = post(client, f"/api/v1/exchanges/{item.pk}/reports", report_body(), world.member)
    assert (response.status_code, response.json()["side"]) == (201, "visiting")


@pytest.mark.parametrize("role", ["member", "secretariat", "beirut"])
def test_others_may_not_report(client, world, beirut, role):
    item = completed(world)
    user = beirut if role == "beirut" else world.user(role)
    response = post(client, f"/api/v1/exchanges/{item.pk}/reports", report_body(), user)
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_reporting_before_the_exchange_is_a_409(client, world):
    item = exchange(world, state="scheduled")
    response = post(
        client, f"/api/v1/exchanges/{item.pk}/reports", report_body(), world.focal_point
    )
    assert response.status_code == 409
    assert response.json()["code"] == "state"


def test_report_input_errors(client, world):
    item = completed(world)
    url = f"/api/v1/exchanges/{item.pk}/reports"
    response = post(client, url, report_body(learned=" "), world.focal_point)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "learned")
    response = post(client, url, report_body(practices=["nope"]), world.focal_point)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "practices")
    response = post(client, url, report_body(language="de"), world.focal_point)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "language")
    assert not Report.objects.exists()
