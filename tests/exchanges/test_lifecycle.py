"""The exchange lifecycle: each transition, who may take it, from which state, what it audits and
whom it notifies. The world: Tunis (focal_point, member) visits Aarhus (other_focal_point)."""

from datetime import date, timedelta

import pytest
from django.utils import translation
from django.utils.formats import date_format

from strongcities.core.notifications.models import Notification
from strongcities.core.notifications.tasks import render_text
from strongcities.core.visibility import Visibility
from strongcities.exchanges.models import Exchange, FollowUp, Side
from strongcities.exchanges.services import ExchangeError, followups, lifecycle, reports
from strongcities.members.models import City
from strongcities.practices.models import Practice
from tests.exchanges.factories import ProgrammeFactory
from tests.exchanges.flow import (
    EXCHANGE_KINDS,
    accepted,
    actions,
    clear_notifications,
    completed,
    kinds,
    participant,
    proposal,
    proposed,
    scheduled,
    sent,
    team_member,
    today,
)
from tests.factories import CityFactory, concept
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db
State = Exchange.State


def refused(call, code: str, field: str | None = None) -> ExchangeError:
    with pytest.raises(ExchangeError) as caught:
        call()
    assert (caught.value.code, caught.value.field) == (code, field)
    return caught.value


# --- add_months -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2030, 1, 15), 3, date(2030, 4, 15)),
        (date(2030, 11, 30), 3, date(2031, 2, 28)),
        (date(2031, 11, 30), 3, date(2032, 2, 29)),
        (date(2030, 8, 31), 6, date(2031, 2, 28)),
        (date(2030, 5, 31), 6, date(2030, 11, 30)),
        (date(2030, 12, 31), 6, date(2031, 6, 30)),
        (date(2030, 7, 1), 6, date(2031, 1, 1)),
    ],
)
def test_add_months_counts_calendar_months(day, months, expected):
    assert lifecycle.add_months(day, months) == expected


# --- Proposing --------------------------------------------------------------------------------


def test_a_focal_point_proposes_and_the_host_focal_points_are_told(world):
    second_host_focal_point = team_member(world.other_city, "focal-point", email="fp2@aarhus.dk")
    team_member(world.other_city, "member", email="member@aarhus.dk")
    practice = make_practice(world.other_city, title="Case panels")
    exchange = proposed(world, practices=[practice])
    exchange = Exchange.objects.get(pk=exchange.pk)
    assert (exchange.state, exchange.visiting_city, exchange.host_city) == (
        State.PROPOSED,
        world.city,
        world.other_city,
    )
    assert exchange.proposed_by == world.focal_point
    assert list(exchange.practices.all()) == [practice]
    assert exchange.kind == concept("exchange-type", "study-visit")
    assert actions(exchange) == ["exchange.proposed"]
    assert sent("exchange_proposed") == sorted(
        [world.other_focal_point.email, second_host_focal_point.email]
    )
    assert kinds() == ["exchange_proposed"]


def test_the_secretariat_may_propose_for_a_city(world):
    exchange = proposed(world, by=world.secretariat)
    assert exchange.proposed_by == world.secretariat
    assert sent("exchange_proposed") == [world.other_focal_point.email]


@pytest.mark.parametrize("who", ["member", "other_focal_point"])
def test_only_the_visiting_citys_focal_points_propose(world, who):
    refused(lambda: proposed(world, by=getattr(world, who)), "permission")
    assert Exchange.objects.count() == 0
    assert Notification.objects.count() == 0


def test_a_focal_point_of_another_city_cannot_propose_for_tunis(world):
    elsewhere = team_member(CityFactory(slug="amman", name="Amman"), "focal-point")
    refused(lambda: proposed(world, by=elsewhere), "permission")


def bad_input(world) -> dict:
    past = today() - timedelta(days=1)
    return {
        "same city": ({"host_city": world.city}, "city", "host_city"),
        "applicant host": (
            {"host_city": CityFactory(slug="x", status=City.Status.APPLICANT)},
            "city",
            "host_city",
        ),
        "past start": (
            {"proposed_start": past, "proposed_end": today()},
            "dates",
            "proposed_start",
        ),
        "end before start": (
            {"proposed_end": today() + timedelta(days=29)},
            "dates",
            "proposed_end",
        ),
        "blank objectives": ({"objectives": "  "}, "input", "objectives"),
        "unknown language": ({"language": "xx"}, "input", "language"),
        "kind of another scheme": ({"kind": concept("theme", "youth-engagement")}, "input", "kind"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "same city",
        "applicant host",
        "past start",
        "end before start",
        "blank objectives",
        "unknown language",
        "kind of another scheme",
    ],
)
def test_invalid_proposals_name_their_field(world, case):
    overrides, code, field = bad_input(world)[case]
    refused(lambda: proposed(world, **overrides), code, field)
    assert Exchange.objects.count() == 0


def test_a_start_today_is_accepted(world):
    exchange = proposed(world, proposed_start=today(), proposed_end=today())
    assert exchange.proposed_start == today()


def test_the_programme_must_hold_both_cities_and_be_visible(world):
    both = ProgrammeFactory(cities=[world.city, world.other_city])
    assert proposed(world, programme=both).programme == both
    only_tunis = ProgrammeFactory(cities=[world.city])
    refused(lambda: proposed(world, programme=only_tunis), "programme", "programme")
    hidden = ProgrammeFactory(
        cities=[world.city, world.other_city], visibility=Visibility.SECRETARIAT
    )
    refused(lambda: proposed(world, programme=hidden), "programme", "programme")
    assert proposed(world, by=world.secretariat, programme=hidden).programme == hidden


def test_practices_of_interest_must_be_published_and_visible(world):
    amman = CityFactory(slug="amman", name="Amman")
    restricted = make_practice(amman, title="Closed", visibility=Visibility.RESTRICTED)
    refused(lambda: proposed(world, practices=[restricted]), "practices", "practices")
    draft = make_practice(world.other_city, title="Unfinished", status=Practice.Status.DRAFT)
    refused(lambda: proposed(world, practices=[draft]), "practices", "practices")
    shared = make_practice(
        amman, title="Shared", visibility=Visibility.RESTRICTED, shared_with=[world.city]
    )
    assert list(proposed(world, practices=[shared]).practices.all()) == [shared]


def test_the_proposal_input_keeps_its_defaults(world):
    data = proposal(world)
    assert (data.programme, data.practices) == (None, [])


# --- Answering --------------------------------------------------------------------------------


def test_the_host_accepts_and_the_visiting_side_and_proposer_are_told(world):
    exchange = proposed(world, by=world.secretariat)
    second = team_member(world.city, "focal-point", email="fp2@tunis.tn")
    clear_notifications()
    exchange = lifecycle.accept_exchange(exchange, user=world.other_focal_point, message=" Yes ")
    exchange.refresh_from_db()
    assert (exchange.state, exchange.response_message, exchange.responded_by) == (
        State.ACCEPTED,
        "Yes",
        world.other_focal_point,
    )
    assert exchange.responded_at is not None
    assert actions(exchange) == ["exchange.proposed", "exchange.accepted"]
    assert sent("exchange_accepted") == sorted(
        [world.focal_point.email, second.email, world.secretariat.email]
    )
    assert kinds() == ["exchange_accepted"]
    assert Notification.objects.get(recipient=second).data == {"message": "Yes"}


def test_the_host_declines_with_a_message(world):
    exchange = proposed(world)
    clear_notifications()
    refused(
        lambda: lifecycle.decline_exchange(exchange, user=world.other_focal_point, message=" "),
        "input",
        "message",
    )
    exchange = lifecycle.decline_exchange(
        exchange, user=world.other_focal_point, message="Not this year."
    )
    assert Exchange.objects.get(pk=exchange.pk).state == State.DECLINED
    assert exchange.response_message == "Not this year."
    assert actions(exchange) == ["exchange.proposed", "exchange.declined"]
    assert sent("exchange_declined") == [world.focal_point.email]


@pytest.mark.parametrize("who", ["focal_point", "member", "secretariat"])
@pytest.mark.parametrize("verb", ["accept", "decline"])
def test_only_the_hosts_focal_points_answer(world, who, verb):
    exchange = proposed(world)
    answer = getattr(lifecycle, f"{verb}_exchange")
    refused(lambda: answer(exchange, user=getattr(world, who), message="Hm."), "permission")
    assert Exchange.objects.get(pk=exchange.pk).state == State.PROPOSED
    assert actions(exchange) == ["exchange.proposed"]


@pytest.mark.parametrize("verb", ["accept", "decline"])
def test_an_answered_request_cannot_be_answered_again(world, verb):
    exchange = accepted(world)
    answer = getattr(lifecycle, f"{verb}_exchange")
    refused(lambda: answer(exchange, user=world.other_focal_point, message="Again"), "state")
    declined = lifecycle.decline_exchange(
        proposed(world), user=world.other_focal_point, message="No."
    )
    refused(lambda: answer(declined, user=world.other_focal_point, message="Hm."), "state")


# --- Scheduling -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["focal_point", "other_focal_point"])
def test_either_focal_point_schedules_and_everyone_concerned_is_told(world, who):
    exchange = accepted(world)
    visitor = participant(world, exchange, Side.VISITING, email="visitor@tunis.tn")
    host = participant(world, exchange, Side.HOST, email="host@aarhus.dk")
    clear_notifications()
    start = today() + timedelta(days=40)
    exchange = lifecycle.schedule_exchange(
        exchange, user=getattr(world, who), starts_on=start, ends_on=start + timedelta(days=2)
    )
    exchange.refresh_from_db()
    assert (exchange.state, exchange.starts_on, exchange.ends_on) == (
        State.SCHEDULED,
        start,
        start + timedelta(days=2),
    )
    assert actions(exchange)[-1] == "exchange.scheduled"
    everyone = {world.focal_point.email, world.other_focal_point.email, visitor.email, host.email}
    assert sent("exchange_scheduled") == sorted(everyone - {getattr(world, who).email})


def test_a_scheduled_exchange_can_be_rescheduled(world):
    exchange = scheduled(world)
    later = today() + timedelta(days=10)
    exchange = lifecycle.schedule_exchange(
        exchange, user=world.other_focal_point, starts_on=later, ends_on=later
    )
    assert (exchange.starts_on, exchange.ends_on) == (later, later)
    assert actions(exchange).count("exchange.scheduled") == 2
    assert sent("exchange_scheduled") == sorted(
        [world.other_focal_point.email, world.focal_point.email]
    )


def test_scheduling_checks_the_dates(world):
    exchange = accepted(world)
    start = today() + timedelta(days=5)
    refused(
        lambda: lifecycle.schedule_exchange(
            exchange, user=world.focal_point, starts_on=start, ends_on=start - timedelta(days=1)
        ),
        "dates",
        "ends_on",
    )


@pytest.mark.parametrize("who", ["member", "secretariat"])
def test_only_focal_points_schedule(world, who):
    exchange = accepted(world)
    refused(
        lambda: lifecycle.schedule_exchange(
            exchange, user=getattr(world, who), starts_on=today(), ends_on=today()
        ),
        "permission",
    )


def test_a_proposed_exchange_cannot_be_scheduled(world):
    exchange = proposed(world)
    refused(
        lambda: lifecycle.schedule_exchange(
            exchange, user=world.other_focal_point, starts_on=today(), ends_on=today()
        ),
        "state",
    )


# --- Completing -------------------------------------------------------------------------------


def test_completing_creates_the_follow_ups_and_asks_for_reports(world):
    exchange = scheduled(world, starts_on=date(2024, 11, 28), ends_on=date(2024, 11, 30))
    visitor = participant(world, exchange, Side.VISITING, email="visitor@tunis.tn")
    clear_notifications()
    # The exchange took place in the past; the focal point marks it completed now.
    exchange = lifecycle.complete_exchange(exchange, user=world.focal_point)
    exchange.refresh_from_db()
    assert exchange.state == State.COMPLETED
    assert exchange.completed_at is not None
    assert list(FollowUp.objects.filter(exchange=exchange).values_list("month", "due_on")) == [
        (3, date(2025, 2, 28)),
        (6, date(2025, 5, 30)),
    ]
    assert actions(exchange)[-1] == "exchange.completed"
    assert sent("exchange_completed") == sorted([world.other_focal_point.email, visitor.email])


def test_an_exchange_that_has_not_started_cannot_be_completed(world):
    start = today() + timedelta(days=1)
    exchange = scheduled(world, starts_on=start, ends_on=start)
    refused(lambda: lifecycle.complete_exchange(exchange, user=world.focal_point), "dates")
    assert Exchange.objects.get(pk=exchange.pk).state == State.SCHEDULED


def test_an_exchange_that_starts_today_can_be_completed(world):
    exchange = scheduled(world, starts_on=today(), ends_on=today() + timedelta(days=1))
    assert lifecycle.complete_exchange(exchange, user=world.focal_point).state == State.COMPLETED


@pytest.mark.parametrize("who", ["member", "secretariat"])
def test_only_focal_points_complete(world, who):
    exchange = scheduled(world)
    refused(lambda: lifecycle.complete_exchange(exchange, user=getattr(world, who)), "permission")


def test_only_a_scheduled_exchange_is_completed(world):
    exchange = accepted(world)
    refused(lambda: lifecycle.complete_exchange(exchange, user=world.focal_point), "state")
    done = completed(world)
    refused(lambda: lifecycle.complete_exchange(done, user=world.focal_point), "state")
    assert FollowUp.objects.filter(exchange=done).count() == 2


# --- Cancelling -------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [proposed, accepted, scheduled])
def test_a_focal_point_cancels_and_the_other_side_is_told(world, make):
    exchange = make(world)
    clear_notifications()
    exchange = lifecycle.cancel_exchange(exchange, user=world.focal_point, reason=" Budget cut ")
    exchange.refresh_from_db()
    assert (exchange.state, exchange.cancel_reason, exchange.cancelled_by) == (
        State.CANCELLED,
        "Budget cut",
        world.focal_point,
    )
    assert actions(exchange)[-1] == "exchange.cancelled"
    assert sent("exchange_cancelled") == [world.other_focal_point.email]
    assert Notification.objects.get().data == {"reason": "Budget cut"}


def test_the_host_cancels_and_the_visiting_side_and_participants_are_told(world):
    exchange = accepted(world)
    visitor = participant(world, exchange, Side.VISITING, email="visitor@tunis.tn")
    host = participant(world, exchange, Side.HOST, email="host@aarhus.dk")
    clear_notifications()
    lifecycle.cancel_exchange(exchange, user=world.other_focal_point, reason="Flooding.")
    assert sent("exchange_cancelled") == sorted(
        [world.focal_point.email, visitor.email, host.email]
    )


def test_cancelling_needs_a_reason(world):
    exchange = proposed(world)
    refused(
        lambda: lifecycle.cancel_exchange(exchange, user=world.focal_point, reason=""),
        "input",
        "reason",
    )


@pytest.mark.parametrize("who", ["member", "secretariat"])
def test_only_focal_points_cancel(world, who):
    exchange = accepted(world)
    refused(
        lambda: lifecycle.cancel_exchange(exchange, user=getattr(world, who), reason="No."),
        "permission",
    )


def test_a_completed_or_declined_exchange_cannot_be_cancelled(world):
    done = completed(world)
    refused(lambda: lifecycle.cancel_exchange(done, user=world.focal_point, reason="No."), "state")
    declined = lifecycle.decline_exchange(
        proposed(world), user=world.other_focal_point, message="No."
    )
    refused(
        lambda: lifecycle.cancel_exchange(declined, user=world.focal_point, reason="No."), "state"
    )


def test_the_whole_lifecycle_is_audited_in_order(world):
    exchange = completed(world)
    assert actions(exchange) == [
        "exchange.proposed",
        "exchange.accepted",
        "exchange.scheduled",
        "exchange.completed",
    ]


# --- The notification sentences ---------------------------------------------------------------


def test_every_notification_reads_in_the_recipients_language(world):
    exchange = proposed(world)
    with translation.override("en"):
        text = render_text(Notification.objects.get(kind="exchange_proposed"))
    start = date_format(exchange.proposed_start, "DATE_FORMAT")
    end = date_format(exchange.proposed_end, "DATE_FORMAT")
    assert text == (
        f"Tunis asks to visit Aarhus (Study visit), from {start} to {end}. "
        "Accept or decline the request."
    )
    lifecycle.accept_exchange(exchange, user=world.other_focal_point, message="Welcome!")
    assert render_text(Notification.objects.get(kind="exchange_accepted")) == (
        "Aarhus accepted the exchange request of Tunis (Study visit): Welcome!"
    )
    lifecycle.cancel_exchange(exchange, user=world.other_focal_point, reason="Flooding.")
    assert render_text(Notification.objects.get(kind="exchange_cancelled")) == (
        "The exchange between Tunis and Aarhus (Study visit) is cancelled: Flooding."
    )


def test_every_kind_has_its_own_sentence(world):
    """Each kind the services send renders its own template (never the neutral fallback)."""
    exchange = completed(world)
    lifecycle.decline_exchange(proposed(world), user=world.other_focal_point, message="No.")
    lifecycle.cancel_exchange(accepted(world), user=world.focal_point, reason="Budget.")
    reports.submit_report(
        exchange, user=world.focal_point, side=Side.VISITING, learned="x", language="en"
    )
    reports.submit_report(
        exchange, user=world.other_focal_point, side=Side.HOST, learned="y", language="en"
    )
    FollowUp.objects.filter(exchange=exchange).update(due_on=today())
    followups.send_follow_up_reminders()
    followups.record_follow_up(
        FollowUp.objects.get(exchange=exchange, month=3), user=world.focal_point, outcome="adopted"
    )
    seen = {}
    for notification in Notification.objects.filter(kind__in=EXCHANGE_KINDS):
        with translation.override(notification.recipient.preferred_language):
            seen[notification.kind] = render_text(notification)
    assert sorted(seen) == sorted(EXCHANGE_KINDS)
    assert all("Something changed" not in text and "{" not in text for text in seen.values())
    assert seen["exchange_completed"] == (
        "The exchange between Tunis and Aarhus (Study visit) is completed. Write your city's "
        "short report: what was learned, and what the visiting city plans to adopt."
    )
    assert seen["exchange_reported"] == (
        "Both cities have reported on the exchange between Tunis and Aarhus (Study visit)."
    )
