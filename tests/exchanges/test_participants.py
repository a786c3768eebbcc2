"""Participants: each side's focal points name people of their own city's team, up to a limit."""

import pytest

from strongcities.core.notifications.models import Notification
from strongcities.exchanges.models import Exchange, Participant, Side
from strongcities.exchanges.services import ExchangeError, lifecycle
from strongcities.exchanges.services.participants import add_participant, remove_participant
from tests.exchanges.factories import ProgrammeFactory
from tests.exchanges.flow import (
    accepted,
    actions,
    completed,
    participant,
    proposed,
    team_member,
    today,
)
from tests.factories import CityFactory, concept

pytestmark = pytest.mark.django_db


def refused(call, code: str, field: str | None = None) -> None:
    with pytest.raises(ExchangeError) as caught:
        call()
    assert (caught.value.code, caught.value.field) == (code, field)


def test_the_visiting_side_names_people_with_the_request(world):
    exchange = proposed(world)
    youth_worker = concept("sector", "youth-worker")
    world.member.sector = youth_worker
    world.member.save()
    added = add_participant(
        exchange, user=world.focal_point, person=world.member, side=Side.VISITING, role=" Lead "
    )
    added = Participant.objects.get(pk=added.pk)
    assert (added.exchange, added.side, added.user, added.role, added.added_by) == (
        exchange,
        Side.VISITING,
        world.member,
        "Lead",
        world.focal_point,
    )
    assert added.sector == youth_worker  # the person's own sector unless another is given
    assert actions(exchange) == ["exchange.proposed", "exchange.participant_added"]
    assert Notification.objects.filter(kind__startswith="exchange_participant").count() == 0


def test_a_sector_can_be_given(world):
    exchange = proposed(world)
    police = concept("sector", "police")
    added = add_participant(
        exchange, user=world.focal_point, person=world.member, side=Side.VISITING, sector=police
    )
    assert added.sector == police
    refused(
        lambda: add_participant(
            exchange,
            user=world.focal_point,
            person=team_member(world.city),
            side=Side.VISITING,
            sector=concept("theme", "youth-engagement"),
        ),
        "input",
        "sector",
    )


def test_the_host_names_its_people_once_it_has_accepted(world):
    exchange = proposed(world)
    host_person = team_member(world.other_city)
    refused(
        lambda: add_participant(
            exchange, user=world.other_focal_point, person=host_person, side=Side.HOST
        ),
        "state",
    )
    lifecycle.accept_exchange(exchange, user=world.other_focal_point)
    added = add_participant(
        exchange, user=world.other_focal_point, person=host_person, side=Side.HOST
    )
    assert added.side == Side.HOST


def test_a_focal_point_names_people_of_their_own_side_only(world):
    exchange = accepted(world)
    refused(
        lambda: add_participant(
            exchange,
            user=world.other_focal_point,
            person=team_member(world.city),
            side=Side.VISITING,
        ),
        "permission",
    )
    refused(
        lambda: add_participant(
            exchange, user=world.member, person=world.member, side=Side.VISITING
        ),
        "permission",
    )


def test_the_secretariat_may_name_participants(world):
    exchange = accepted(world)
    added = add_participant(
        exchange, user=world.secretariat, person=world.member, side=Side.VISITING
    )
    assert added.added_by == world.secretariat


def test_the_person_must_be_in_that_sides_team_and_named_once(world):
    exchange = accepted(world)
    stranger = team_member(CityFactory(slug="amman", name="Amman"))
    refused(
        lambda: add_participant(
            exchange, user=world.focal_point, person=stranger, side=Side.VISITING
        ),
        "person",
        "person",
    )
    refused(
        lambda: add_participant(
            exchange, user=world.focal_point, person=team_member(world.other_city), side="visiting"
        ),
        "person",
        "person",
    )
    add_participant(exchange, user=world.focal_point, person=world.member, side=Side.VISITING)
    refused(
        lambda: add_participant(
            exchange, user=world.focal_point, person=world.member, side=Side.VISITING
        ),
        "person",
        "person",
    )


def test_an_unknown_side_is_refused(world):
    exchange = accepted(world)
    refused(
        lambda: add_participant(exchange, user=world.focal_point, person=world.member, side="x"),
        "side",
        "side",
    )


def test_each_side_has_its_limit(world, settings):
    exchange = accepted(world)
    assert exchange.participants_per_side == settings.EXCHANGE_PARTICIPANTS_PER_SIDE == 3
    for _n in range(3):
        participant(world, exchange, Side.VISITING)
    refused(lambda: participant(world, exchange, Side.VISITING), "limit", "person")
    # The other side's places are its own.
    for _n in range(3):
        participant(world, exchange, Side.HOST)
    assert Participant.objects.filter(exchange=exchange).count() == 6


def test_a_programme_sets_its_own_limit(world):
    programme = ProgrammeFactory(cities=[world.city, world.other_city], participants_per_side=1)
    exchange = accepted(world, programme=programme)
    participant(world, exchange, Side.VISITING)
    refused(lambda: participant(world, exchange, Side.VISITING), "limit", "person")


def test_no_one_is_added_after_the_exchange(world):
    exchange = completed(world)
    refused(
        lambda: add_participant(
            exchange, user=world.focal_point, person=world.member, side=Side.VISITING
        ),
        "state",
    )


# --- Removing -------------------------------------------------------------------------------------


def test_a_focal_point_or_the_person_removes_a_participant(world):
    exchange = accepted(world)
    first = participant(world, exchange, Side.VISITING)
    second = participant(world, exchange, Side.VISITING)
    remove_participant(Participant.objects.get(user=first), user=world.focal_point)
    remove_participant(Participant.objects.get(user=second), user=second)
    assert Participant.objects.filter(exchange=exchange).count() == 0
    assert actions(exchange)[-2:] == [
        "exchange.participant_removed",
        "exchange.participant_removed",
    ]


@pytest.mark.parametrize("who", ["other_focal_point", "member"])
def test_others_cannot_remove_a_participant(world, who):
    exchange = accepted(world)
    person = participant(world, exchange, Side.VISITING)
    row = Participant.objects.get(user=person)
    refused(lambda: remove_participant(row, user=getattr(world, who)), "permission")
    assert Participant.objects.filter(pk=row.pk).exists()


def test_participants_stay_once_the_exchange_happened(world):
    exchange = accepted(world)
    person = participant(world, exchange, Side.VISITING)
    row = Participant.objects.get(user=person)
    lifecycle.schedule_exchange(
        exchange, user=world.focal_point, starts_on=today(), ends_on=today()
    )
    lifecycle.complete_exchange(exchange, user=world.focal_point)
    refused(lambda: remove_participant(row, user=world.focal_point), "state")
    assert Exchange.objects.get(pk=exchange.pk).participants.count() == 1


def test_removing_twice_is_refused(world):
    exchange = accepted(world)
    person = participant(world, exchange, Side.VISITING)
    row = Participant.objects.get(user=person)
    remove_participant(row, user=world.focal_point)
    refused(lambda: remove_participant(row, user=world.focal_point), "state")
