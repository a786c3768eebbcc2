"""The exchanges pages people read: the list, proposing an exchange, an exchange's page, the
section of a city's profile and the Exchanges link of the header.

The world: Tunis (member, focal_point) and Aarhus (other_focal_point); Amman is a third city."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from strongcities.core.visibility import Visibility
from strongcities.exchanges.models import Exchange, Side
from tests.exchanges.factories import (
    ExchangeFactory,
    FollowUpFactory,
    ParticipantFactory,
    ProgrammeFactory,
    ReportFactory,
)
from tests.factories import CityFactory, CityRoleFactory, UserFactory, concept
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db
State = Exchange.State
LIST = reverse("exchanges:list")
PROPOSE = reverse("exchanges:propose")


@pytest.fixture
def amman(world):
    return CityFactory(slug="amman", name="Amman")


def exchange(visiting, host, state=State.ACCEPTED, **kwargs) -> Exchange:
    return ExchangeFactory(visiting_city=visiting, host_city=host, state=state, **kwargs)


def listed(response) -> list[tuple[str, str, str]]:
    return [
        (e.visiting_city.name, e.host_city.name, e.state) for e in response.context["exchanges"]
    ]


def option_values(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


def selected_values(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select)


# --- the list ----------------------------------------------------------------------------------


def test_list_shows_my_cities_exchanges_first_then_the_network(client, world, amman):
    now = timezone.now()
    exchange(amman, world.other_city, State.SCHEDULED, proposed_at=now)
    exchange(world.city, world.other_city, State.PROPOSED, proposed_at=now - timedelta(days=3))
    exchange(world.other_city, world.city, State.DECLINED, proposed_at=now - timedelta(days=5))
    exchange(world.other_city, amman, State.PROPOSED, proposed_at=now)  # not Tunis's business
    exchange(world.other_city, amman, State.CANCELLED, proposed_at=now)
    client.force_login(world.member)
    response = client.get(LIST)
    assert response.status_code == 200
    assert listed(response) == [
        ("Tunis", "Aarhus", "proposed"),
        ("Aarhus", "Tunis", "declined"),
        ("Amman", "Aarhus", "scheduled"),
    ]
    html = response.content.decode()
    assert html.index("Your cities' exchanges") < html.index("Across the network")
    assert '<span class="badge text-bg-warning">Proposed</span>' in html
    assert "Propose an exchange" not in html  # a member is not a focal point


def test_the_secretariat_lists_every_exchange(client, world, amman):
    exchange(world.other_city, amman, State.PROPOSED)
    exchange(world.other_city, amman, State.CANCELLED)
    client.force_login(world.secretariat)
    response = client.get(LIST)
    assert sorted(e[2] for e in listed(response)) == ["cancelled", "proposed"]
    assert "Your cities" not in response.content.decode()


def test_list_filters_by_state_programme_and_type(client, world, amman):
    programme = ProgrammeFactory(slug="danish", cities=[world.city, world.other_city])
    exchange(world.city, world.other_city, State.SCHEDULED, programme=programme)
    exchange(
        world.city,
        world.other_city,
        State.SCHEDULED,
        kind=concept("exchange-type", "mentoring"),
    )
    exchange(world.other_city, amman, State.COMPLETED, programme=programme)
    client.force_login(world.focal_point)
    assert listed(client.get(LIST, {"state": "completed"})) == [("Aarhus", "Amman", "completed")]
    assert sorted(listed(client.get(LIST, {"programme": "danish"}))) == [
        ("Aarhus", "Amman", "completed"),
        ("Tunis", "Aarhus", "scheduled"),
    ]
    response = client.get(LIST, {"type": "mentoring", "state": "scheduled"})
    assert [e.kind.code for e in response.context["exchanges"]] == ["mentoring"]
    assert response.context["filtered"] is True


def test_list_ignores_unknown_filters_and_pages(client, world):
    exchange(world.city, world.other_city)
    client.force_login(world.member)
    response = client.get(LIST, {"state": "lost", "programme": "nope", "page": "x"})
    assert response.status_code == 200
    assert listed(response) == [("Tunis", "Aarhus", "accepted")]


def test_list_is_paginated(client, world):
    for _n in range(23):
        exchange(world.city, world.other_city)
    client.force_login(world.member)
    first = client.get(LIST)
    assert len(first.context["exchanges"]) == 20
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get(LIST, {"page": 2}).context["exchanges"]) == 3


@pytest.mark.parametrize("count", [1, 8])
def test_list_query_count_does_not_grow(client, world, amman, django_assert_num_queries, count):
    programme = ProgrammeFactory(cities=[world.city, amman])
    for n in range(count):
        exchange(world.city, amman if n % 2 else world.other_city, programme=programme)
        exchange(amman, world.other_city, State.SCHEDULED)
    client.force_login(world.member)
    # session, user, city roles, partner ids, global roles; programmes and types of the filter
    # form, visible programme ids, count, page (cities, type, programme joined); the header's
    # unread count
    with django_assert_num_queries(11):
        response = client.get(LIST)
    assert len(response.context["exchanges"]) == 2 * count


def test_list_sends_anonymous_visitors_to_sign_in_and_refuses_outsiders(client, world):
    assert client.get(LIST).status_code == 302
    client.force_login(UserFactory())  # not in any city's team
    assert client.get(LIST).status_code == 404


# --- proposing ---------------------------------------------------------------------------------


def test_propose_offers_other_member_cities_and_prefills_the_host(client, world, amman):
    CityFactory(slug="candidate", name="Candidate", status="applicant")
    client.force_login(world.focal_point)
    response = client.get(PROPOSE, {"host": "aarhus"})
    html = response.content.decode()
    assert option_values(html, "host_city") == ["", "aarhus", "amman"]
    assert selected_values(html, "host_city") == ["aarhus"]
    # a focal point of one city does not choose the visiting city
    assert f'type="hidden" name="visiting_city" value="{world.city.pk}"' in html
    assert 'type="date"' in html


def test_propose_prefills_a_practice_of_interest_and_its_city(client, world, amman):
    practice = make_practice(world.other_city, title="Case panels")
    restricted = make_practice(amman, title="Hidden", visibility=Visibility.RESTRICTED)
    mine = make_practice(amman, title="Amman mentoring")
    client.force_login(world.focal_point)
    html = client.get(PROPOSE, {"practice": practice.slug}).content.decode()
    assert selected_values(html, "host_city") == ["aarhus"]
    assert selected_values(html, "practices") == [practice.slug]
    offered = option_values(html, "practices")
    assert offered[0] == practice.slug  # the host city's practices first
    assert mine.slug in offered
    assert restricted.slug not in offered


def test_propose_creates_the_exchange(client, world):
    programme = ProgrammeFactory(cities=[world.city, world.other_city])
    practice = make_practice(world.other_city, title="Case panels")
    start = date.today() + timedelta(days=20)
    client.force_login(world.focal_point)
    response = client.post(
        PROPOSE,
        {
            "visiting_city": world.city.pk,
            "host_city": "aarhus",
            "kind": concept("exchange-type", "job-shadowing").pk,
            "objectives": "Shadow Aarhus's youth workers.",
            "language": "fr",
            "proposed_start": start.isoformat(),
            "proposed_end": (start + timedelta(days=4)).isoformat(),
            "programme": programme.slug,
            "practices": [practice.slug],
        },
    )
    created = Exchange.objects.get()
    assert response.status_code == 302
    assert response.url == created.get_absolute_url()
    assert (created.visiting_city, created.host_city, created.state) == (
        world.city,
        world.other_city,
        State.PROPOSED,
    )
    assert created.kind.code == "job-shadowing"
    assert created.language == "fr"
    assert created.programme == programme
    assert list(created.practices.all()) == [practice]
    assert created.proposed_by == world.focal_point


def test_propose_shows_the_services_refusal_on_the_field(client, world, amman):
    # Amman (one of the focal point's cities) visits Aarhus within a programme of Tunis and
    # Aarhus: the form offers the programme, the service refuses it, on the programme field.
    CityRoleFactory(user=world.focal_point, city=amman, role="focal-point")
    programme = ProgrammeFactory(cities=[world.city, world.other_city])
    start = date.today() + timedelta(days=20)
    client.force_login(world.focal_point)
    response = client.post(
        PROPOSE,
        {
            "visiting_city": amman.pk,
            "host_city": "aarhus",
            "kind": concept("exchange-type", "study-visit").pk,
            "objectives": "Learn.",
            "language": "en",
            "proposed_start": start.isoformat(),
            "proposed_end": start.isoformat(),
            "programme": programme.slug,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "programme": ["Both cities must take part in the programme."]
    }
    assert Exchange.objects.count() == 0


def test_propose_offers_programmes_of_both_cities(client, world, amman):
    ProgrammeFactory(slug="with-aarhus", cities=[world.city, world.other_city])
    ProgrammeFactory(slug="with-amman", cities=[world.city, amman])
    ProgrammeFactory(slug="without-tunis", cities=[world.other_city, amman])
    client.force_login(world.focal_point)
    html = client.get(PROPOSE, {"host": "aarhus"}).content.decode()
    assert option_values(html, "programme") == ["", "with-aarhus"]
    html = client.get(PROPOSE).content.decode()
    assert sorted(option_values(html, "programme")) == ["", "with-aarhus", "with-amman"]


def test_propose_refuses_bad_dates_on_their_fields(client, world):
    client.force_login(world.focal_point)
    response = client.post(
        PROPOSE,
        {
            "host_city": "aarhus",
            "kind": concept("exchange-type", "study-visit").pk,
            "objectives": "Learn.",
            "language": "en",
            "proposed_start": (date.today() + timedelta(days=9)).isoformat(),
            "proposed_end": (date.today() + timedelta(days=2)).isoformat(),
        },
    )
    assert response.context["form"].errors == {"proposed_end": ["The end comes before the start."]}


def test_a_focal_point_of_several_cities_chooses_the_visiting_city(client, world, amman):
    CityRoleFactory(user=world.focal_point, city=amman, role="focal-point")
    client.force_login(world.focal_point)
    html = client.get(PROPOSE).content.decode()
    assert option_values(html, "visiting_city") == [str(amman.pk), str(world.city.pk)]
    assert option_values(html, "host_city") == ["", "aarhus"]


# --- an exchange's page ------------------------------------------------------------------------


def test_page_shows_headline_timeline_and_objectives(client, world):
    programme = ProgrammeFactory(
        title="Nordic-Maghreb programme", cities=[world.city, world.other_city]
    )
    proposed_at = timezone.now() - timedelta(days=10)
    found = exchange(
        world.city,
        world.other_city,
        State.SCHEDULED,
        programme=programme,
        proposed_at=proposed_at,
        responded_at=proposed_at + timedelta(days=2),
        scheduled_at=proposed_at + timedelta(days=4),
        starts_on=date(2031, 3, 1),
        ends_on=date(2031, 3, 3),
        objectives="Meet the multi-agency panel.",
    )
    client.force_login(world.member)
    response = client.get(found.get_absolute_url())
    html = response.content.decode()
    assert [step.label for step in response.context["timeline"]] == [
        "Proposed",
        "Accepted",
        "Scheduled",
    ]
    assert "Tunis visits Aarhus" in html
    assert "Nordic-Maghreb programme" in html
    assert "Meet the multi-agency panel." in html
    assert "Study visit" in html


def test_page_shows_only_practices_the_reader_may_see(client, world, amman):
    public = make_practice(amman, title="Open practice")
    restricted = make_practice(
        amman,
        title="Shared with Aarhus",
        visibility=Visibility.RESTRICTED,
        shared_with=[world.other_city],
    )
    found = exchange(world.other_city, amman, practices=[public, restricted])
    client.force_login(world.member)
    assert client.get(found.get_absolute_url()).context["practices"] == [public]
    client.force_login(world.other_focal_point)
    assert set(client.get(found.get_absolute_url()).context["practices"]) == {public, restricted}


def test_participants_names_for_the_parties_counts_by_sector_for_others(client, world, amman):
    found = exchange(world.other_city, amman, State.SCHEDULED)
    police = concept("sector", "police")
    ParticipantFactory(
        exchange=found, side=Side.VISITING, user=UserFactory(full_name="Ida Holm"), sector=police
    )
    ParticipantFactory(
        exchange=found, side=Side.VISITING, user=UserFactory(full_name="Ole Berg"), sector=police
    )
    ParticipantFactory(exchange=found, side=Side.HOST, user=UserFactory(full_name="Rana Saleh"))
    client.force_login(world.member)  # Tunis: not a party
    response = client.get(found.get_absolute_url())
    html = response.content.decode()
    assert response.context["details"] is False
    assert response.context["sectors"] == {"visiting": [("Police", 2)], "host": [("Other", 1)]}
    assert "Ida Holm" not in html
    assert "Police: 2 people" in html
    client.force_login(world.other_focal_point)
    html = client.get(found.get_absolute_url()).content.decode()
    assert "Ida Holm" in html
    assert "Rana Saleh" in html


def test_reports_and_follow_ups_only_for_the_parties(client, world, amman):
    found = exchange(world.other_city, amman, State.REPORTED)
    ReportFactory(exchange=found, side=Side.VISITING, learned="Schools share worries early.")
    FollowUpFactory(exchange=found, month=3)
    client.force_login(world.member)
    html = client.get(found.get_absolute_url()).content.decode()
    assert "Schools share worries early." not in html
    assert "Follow-ups" not in html
    client.force_login(world.other_focal_point)
    html = client.get(found.get_absolute_url()).content.decode()
    assert "Schools share worries early." in html
    assert "After 3 months" in html


def buttons(response) -> dict:
    return {k: bool(v) for k, v in response.context["can"].items()}


NONE = {
    "answer": False,
    "schedule": False,
    "complete": False,
    "cancel": False,
    "participants": False,
    "report": False,
    "draft_practice": False,
    "follow_up": False,
}


def test_actions_offered_on_a_proposed_exchange(client, world):
    found = exchange(world.city, world.other_city, State.PROPOSED)
    client.force_login(world.other_focal_point)
    response = client.get(found.get_absolute_url())
    assert buttons(response) == {**NONE, "answer": True, "cancel": True, "participants": True}
    assert reverse("exchanges:accept", args=[found.pk]) in response.content.decode()
    client.force_login(world.focal_point)
    assert buttons(client.get(found.get_absolute_url())) == {
        **NONE,
        "cancel": True,
        "participants": True,
    }
    client.force_login(world.member)
    response = client.get(found.get_absolute_url())
    assert buttons(response) == NONE
    assert "What you can do" not in response.content.decode()


def test_actions_offered_on_a_scheduled_exchange_that_has_started(client, world):
    found = exchange(
        world.city,
        world.other_city,
        State.SCHEDULED,
        starts_on=date.today(),
        ends_on=date.today() + timedelta(days=1),
    )
    client.force_login(world.focal_point)
    assert buttons(client.get(found.get_absolute_url())) == {
        **NONE,
        "schedule": True,
        "complete": True,
        "cancel": True,
        "participants": True,
    }


def test_actions_offered_after_completion(client, world):
    found = exchange(world.city, world.other_city, State.COMPLETED)
    FollowUpFactory(exchange=found, month=3)
    FollowUpFactory(exchange=found, month=6)
    ReportFactory(exchange=found, side=Side.VISITING)
    client.force_login(world.focal_point)
    response = client.get(found.get_absolute_url())
    assert buttons(response) == {**NONE, "report": True, "draft_practice": True, "follow_up": True}
    assert [f.month for f in response.context["can"]["follow_up"]] == [3, 6]
    html = response.content.decode()
    assert "Record the 3-month follow-up" in html
    client.force_login(world.other_focal_point)
    assert buttons(client.get(found.get_absolute_url())) == {**NONE, "report": True}


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_page_query_count_does_not_grow(client, world):
    found = exchange(world.city, world.other_city, State.COMPLETED)
    FollowUpFactory(exchange=found, month=3)
    FollowUpFactory(exchange=found, month=6)
    client.force_login(world.focal_point)
    counts = []
    for n in range(2):
        ParticipantFactory(exchange=found, side=Side.VISITING, sector=concept("sector", "police"))
        ParticipantFactory(exchange=found, side=Side.HOST)
        found.practices.add(make_practice(world.other_city, title=f"Practice {n}"))
        ReportFactory(exchange=found, side=[Side.VISITING, Side.HOST][n])
        counts.append(queries(client, found.get_absolute_url()))
    assert counts[0] == counts[1]


# --- the city profile and the header ----------------------------------------------------------


def test_city_profile_lists_exchanges_for_network_members(client, world, amman):
    exchange(world.city, world.other_city, State.SCHEDULED)
    exchange(amman, world.city, State.COMPLETED)
    exchange(amman, world.city, State.PROPOSED)  # Aarhus's focal point may not see it
    url = world.city.get_absolute_url()
    html = client.get(url).content.decode()
    assert "city-exchanges-heading" not in html  # anonymous
    client.force_login(world.other_focal_point)
    response = client.get(url)
    section = response.context["city_exchanges"]
    assert [e.visiting_city.name for e in section["hosted"]] == ["Amman"]
    assert [e.host_city.name for e in section["visited"]] == ["Aarhus"]
    assert section["may_propose"] is True
    assert f"{reverse('exchanges:propose')}?host=tunis" in response.content.decode()


def test_city_profile_has_no_propose_link_for_the_citys_own_focal_point(client, world):
    client.force_login(world.focal_point)
    response = client.get(world.city.get_absolute_url())
    assert response.context["city_exchanges"]["may_propose"] is False
    assert "?host=tunis" not in response.content.decode()
    client.force_login(world.member)
    assert (
        client.get(world.other_city.get_absolute_url()).context["city_exchanges"]["may_propose"]
        is False
    )


def test_city_profile_exchanges_in_fixed_queries(client, world, amman):
    client.force_login(world.member)
    counts = []
    for _round in range(2):
        for _n in range(3):
            exchange(world.city, amman)
            exchange(amman, world.city)
        counts.append(queries(client, world.city.get_absolute_url()))
    assert counts[0] == counts[1]


def test_header_links_to_exchanges_for_network_members_only(client, world):
    link = f'href="{LIST}"'
    assert link not in client.get("/").content.decode()
    client.force_login(UserFactory())
    assert link not in client.get("/").content.decode()
    for user in (world.member, world.secretariat):
        client.force_login(user)
        assert link in client.get("/").content.decode()
