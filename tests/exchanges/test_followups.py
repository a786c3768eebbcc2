"""Follow-ups at 3 and 6 months: reminders as a task, recording outcomes, transfers."""

from datetime import date, timedelta

import pytest

from strongcities.core import periodic
from strongcities.core.notifications.models import Notification
from strongcities.core.notifications.tasks import render_text
from strongcities.core.visibility import Visibility
from strongcities.exchanges import tasks
from strongcities.exchanges.models import Exchange, FollowUp, Outcome, Transfer
from strongcities.exchanges.services import ExchangeError
from strongcities.exchanges.services.followups import record_follow_up, send_follow_up_reminders
from strongcities.exchanges.services.lifecycle import add_months
from tests.exchanges.factories import ExchangeFactory, FollowUpFactory
from tests.exchanges.flow import (
    actions,
    clear_notifications,
    completed,
    kinds,
    reported,
    scheduled,
    sent,
    team_member,
    today,
)
from tests.factories import CityFactory, PartnerFactory
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db
State = Exchange.State
START, END = date(2026, 5, 29), date(2026, 5, 31)


def refused(call, code: str, field: str | None = None) -> None:
    with pytest.raises(ExchangeError) as caught:
        call()
    assert (caught.value.code, caught.value.field) == (code, field)


@pytest.fixture
def done(world):
    """Tunis visited Aarhus from 29 to 31 May 2026: follow-ups due 31 August and 30 November."""
    return completed(world, starts_on=START, ends_on=END)


def follow_up(exchange, month: int = 3) -> FollowUp:
    return FollowUp.objects.get(exchange=exchange, month=month)


# --- Reminders ------------------------------------------------------------------------------------


def test_the_follow_ups_are_due_three_and_six_calendar_months_after_the_last_day(done):
    assert follow_up(done, 3).due_on == date(2026, 8, 31) == add_months(END, 3)
    assert follow_up(done, 6).due_on == date(2026, 11, 30)


def test_reminders_go_to_the_visiting_focal_points_when_due_and_only_once(world, done):
    second = team_member(world.city, "focal-point", email="fp2@tunis.tn")
    clear_notifications()
    assert send_follow_up_reminders(today=date(2026, 8, 30)) == 0
    assert Notification.objects.count() == 0

    assert send_follow_up_reminders(today=date(2026, 8, 31)) == 1
    assert sent("follow_up_due") == sorted([world.focal_point.email, second.email])
    reminded = follow_up(done, 3)
    assert reminded.reminded_at is not None
    assert follow_up(done, 6).reminded_at is None
    notification = Notification.objects.get(recipient=world.focal_point)
    assert (notification.target, notification.actor) == (done, None)
    assert notification.data == {"month": 3, "url": f"/exchanges/{done.pk}/follow-up/3/"}
    assert render_text(notification) == (
        "3 months after the exchange with Aarhus: has Tunis adopted what it learned? "
        "Record the follow-up."
    )

    # A second run the same day, or the next, sends nothing again.
    assert send_follow_up_reminders(today=date(2026, 8, 31)) == 0
    assert send_follow_up_reminders(today=date(2026, 9, 1)) == 0
    assert Notification.objects.filter(kind="follow_up_due").count() == 2

    assert send_follow_up_reminders(today=date(2026, 12, 1)) == 1
    assert Notification.objects.filter(kind="follow_up_due").count() == 4


def test_a_retried_reminder_sends_nothing_twice(world, done):
    """The notification key holds even when reminded_at was lost (e.g. a retried task)."""
    clear_notifications()
    assert send_follow_up_reminders(today=date(2026, 9, 1)) == 1
    FollowUp.objects.filter(pk=follow_up(done).pk).update(reminded_at=None)
    assert send_follow_up_reminders(today=date(2026, 9, 1)) == 1
    assert sent("follow_up_due") == [world.focal_point.email]


def test_a_recorded_follow_up_is_not_reminded(world, done):
    record_follow_up(follow_up(done), user=world.focal_point, outcome=Outcome.ADOPTED, reason="")
    clear_notifications()
    assert send_follow_up_reminders(today=date(2026, 9, 1)) == 0
    assert kinds() == []


def test_the_task_reminds_what_is_due_today(world, done):
    FollowUp.objects.filter(exchange=done, month=3).update(due_on=today())
    FollowUp.objects.filter(exchange=done, month=6).update(due_on=today() + timedelta(days=1))
    clear_notifications()
    assert tasks.send_follow_up_reminders.call() == 1
    assert tasks.send_follow_up_reminders.call() == 0
    assert sent("follow_up_due") == [world.focal_point.email]
    result = tasks.send_follow_up_reminders.enqueue()
    assert result.return_value == 0


def test_the_task_runs_daily():
    from strongcities.exchanges.schedule import register_periodic

    register_periodic()
    entries = {entry.name: entry for entry in periodic.registered()}
    assert entries["exchanges.follow_up_reminders"].every == timedelta(days=1)
    assert entries["exchanges.follow_up_reminders"].resolve() is tasks.send_follow_up_reminders


# --- Recording ------------------------------------------------------------------------------------


def test_adopting_a_practice_records_a_transfer(world, done):
    host_member = team_member(world.other_city, email="member@aarhus.dk")
    practice = make_practice(world.other_city, title="Case panels")
    clear_notifications()
    recorded = record_follow_up(
        follow_up(done), user=world.focal_point, outcome=Outcome.ADOPTED, practice=practice
    )
    recorded = FollowUp.objects.get(pk=recorded.pk)
    assert (recorded.outcome, recorded.practice, recorded.recorded_by) == (
        Outcome.ADOPTED,
        practice,
        world.focal_point,
    )
    transfer = Transfer.objects.get()
    assert (
        transfer.practice,
        transfer.from_city,
        transfer.to_city,
        transfer.exchange,
        transfer.status,
        transfer.recorded_by,
    ) == (practice, world.other_city, world.city, done, Outcome.ADOPTED, world.focal_point)
    exchange = Exchange.objects.get(pk=done.pk)
    assert exchange.state == State.FOLLOWED_UP
    assert exchange.followed_up_at == recorded.recorded_at
    assert actions(done)[-2:] == ["exchange.follow_up_recorded", "exchange.followed_up"]
    assert sent("follow_up_recorded") == [world.other_focal_point.email]
    assert kinds() == ["follow_up_recorded"]
    assert host_member.email not in sent("follow_up_recorded")
    assert render_text(Notification.objects.get(kind="follow_up_recorded")) == (
        "3 months after the exchange, Tunis has adopted what it learned from Aarhus."
    )


def test_the_six_month_answer_updates_the_transfer(world, done):
    practice = make_practice(world.other_city, title="Case panels")
    record_follow_up(
        follow_up(done, 3),
        user=world.focal_point,
        outcome=Outcome.ADAPTING,
        reason="Adapting it to our schools.",
        practice=practice,
    )
    assert Transfer.objects.get().status == Outcome.ADAPTING
    record_follow_up(
        follow_up(done, 6), user=world.focal_point, outcome=Outcome.ADOPTED, practice=practice
    )
    transfer = Transfer.objects.get()
    assert transfer.status == Outcome.ADOPTED
    assert actions(done).count("exchange.followed_up") == 1
    assert actions(done).count("exchange.follow_up_recorded") == 2


def test_not_adopted_keeps_the_reason_and_removes_nothing(world, done):
    practice = make_practice(world.other_city, title="Case panels")
    record_follow_up(
        follow_up(done, 3), user=world.focal_point, outcome=Outcome.ADOPTED, practice=practice
    )
    clear_notifications()
    recorded = record_follow_up(
        follow_up(done, 6),
        user=world.focal_point,
        outcome=Outcome.NOT_ADOPTED,
        reason="  The council cut the budget.  ",
    )
    assert (recorded.outcome, recorded.reason, recorded.practice) == (
        Outcome.NOT_ADOPTED,
        "The council cut the budget.",
        None,
    )
    assert Transfer.objects.get().status == Outcome.ADOPTED
    assert render_text(Notification.objects.get(kind="follow_up_recorded")) == (
        "6 months after the exchange, Tunis has not adopted what it learned from Aarhus."
    )


@pytest.mark.parametrize("outcome", [Outcome.NOT_ADOPTED, Outcome.ADAPTING])
def test_not_adopted_and_adapting_need_a_reason(world, done, outcome):
    refused(
        lambda: record_follow_up(follow_up(done), user=world.focal_point, outcome=outcome),
        "input",
        "reason",
    )
    assert follow_up(done).recorded_at is None


def test_an_unknown_outcome_is_refused(world, done):
    refused(
        lambda: record_follow_up(follow_up(done), user=world.focal_point, outcome="maybe"),
        "input",
        "outcome",
    )


def test_adopting_without_a_practice_records_no_transfer(world, done):
    record_follow_up(follow_up(done), user=world.focal_point, outcome=Outcome.ADOPTED)
    assert Transfer.objects.count() == 0
    assert Exchange.objects.get(pk=done.pk).state == State.FOLLOWED_UP


def test_a_partners_practice_travels_from_no_city(world, done):
    practice = make_practice(partner=PartnerFactory(), title="A ministry's toolkit")
    record_follow_up(
        follow_up(done), user=world.focal_point, outcome=Outcome.ADOPTED, practice=practice
    )
    transfer = Transfer.objects.get()
    assert (transfer.practice, transfer.from_city, transfer.to_city) == (
        practice,
        None,
        world.city,
    )


def test_the_visiting_citys_own_practice_is_refused(world, done):
    own = make_practice(world.city, title="Ours")
    refused(
        lambda: record_follow_up(
            follow_up(done), user=world.focal_point, outcome=Outcome.ADOPTED, practice=own
        ),
        "practice",
        "practice",
    )


def test_a_practice_the_city_cannot_see_is_refused(world, done):
    hidden = make_practice(CityFactory(slug="amman"), visibility=Visibility.RESTRICTED)
    refused(
        lambda: record_follow_up(
            follow_up(done), user=world.focal_point, outcome=Outcome.ADOPTED, practice=hidden
        ),
        "practice",
        "practice",
    )
    assert Transfer.objects.count() == 0


@pytest.mark.parametrize("who", ["other_focal_point", "member", "secretariat"])
def test_only_the_visiting_focal_points_record(world, done, who):
    refused(
        lambda: record_follow_up(
            follow_up(done), user=getattr(world, who), outcome=Outcome.ADOPTED
        ),
        "permission",
    )


def test_a_follow_up_is_recorded_after_reports_too(world):
    exchange = reported(world)
    record_follow_up(follow_up(exchange), user=world.focal_point, outcome=Outcome.ADOPTED)
    assert Exchange.objects.get(pk=exchange.pk).state == State.FOLLOWED_UP


def test_no_follow_up_before_the_exchange_is_completed(world):
    exchange = scheduled(world)
    early = FollowUpFactory(exchange=exchange)
    refused(
        lambda: record_follow_up(early, user=world.focal_point, outcome=Outcome.ADOPTED),
        "state",
    )


def test_reminders_skip_exchanges_that_never_completed(world):
    cancelled = ExchangeFactory(
        visiting_city=world.city, host_city=world.other_city, state=State.CANCELLED
    )
    FollowUpFactory(exchange=cancelled, due_on=today() - timedelta(days=1))
    assert send_follow_up_reminders() == 0
    assert kinds() == []
