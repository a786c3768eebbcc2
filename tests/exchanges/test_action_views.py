"""The lifecycle steps through the pages: each form calls its service, refusals show on the
form (or as a message for buttons), and a step the reader may not take answers 404.

The world: Tunis (member, focal_point) visits Aarhus (other_focal_point)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from strongcities.exchanges.models import Exchange, FollowUp, Participant, Report, Side, Transfer
from strongcities.practices.models import Practice
from tests.exchanges.factories import (
    ExchangeFactory,
    FollowUpFactory,
    ParticipantFactory,
    ReportFactory,
)
from tests.factories import CityRoleFactory, UserFactory, concept
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db
State = Exchange.State


def visit(world, state=State.PROPOSED, **kwargs) -> Exchange:
    return ExchangeFactory(
        visiting_city=world.city,
        host_city=world.other_city,
        state=state,
        proposed_by=world.focal_point,
        **kwargs,
    )


def url(name: str, exchange: Exchange, *args) -> str:
    return reverse(f"exchanges:{name}", args=[exchange.pk, *args])


def fresh(exchange: Exchange) -> Exchange:
    return Exchange.objects.get(pk=exchange.pk)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- answering ---------------------------------------------------------------------------------


def test_host_focal_point_accepts_with_a_message(client, world):
    exchange = visit(world)
    client.force_login(world.other_focal_point)
    assert "Accept the exchange" in client.get(url("accept", exchange)).content.decode()
    response = client.post(
        url("accept", exchange), {"message": "Bring walking shoes."}, follow=True
    )
    exchange = fresh(exchange)
    assert exchange.state == State.ACCEPTED
    assert exchange.response_message == "Bring walking shoes."
    assert exchange.responded_by == world.other_focal_point
    assert messages_of(response) == ["You accepted the exchange; the visiting city was told."]


def test_declining_needs_a_message(client, world):
    exchange = visit(world)
    client.force_login(world.other_focal_point)
    response = client.post(url("decline", exchange), {"message": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors == {"message": ["This field is required."]}
    assert fresh(exchange).state == State.PROPOSED
    response = client.post(url("decline", exchange), {"message": "Not this year."})
    assert response.status_code == 302
    assert fresh(exchange).state == State.DECLINED


def test_answering_twice_shows_the_refusal_on_the_form(client, world):
    exchange = visit(world, State.ACCEPTED)
    client.force_login(world.other_focal_point)
    response = client.post(url("decline", exchange), {"message": "Changed our minds."})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This exchange is accepted: that step is not possible now."
    ]
    assert fresh(exchange).state == State.ACCEPTED


def test_only_the_host_answers(client, world):
    exchange = visit(world)
    client.force_login(world.focal_point)
    assert client.post(url("accept", exchange)).status_code == 404
    assert fresh(exchange).state == State.PROPOSED


# --- scheduling, completing, cancelling --------------------------------------------------------


def test_scheduling_sets_the_dates(client, world):
    exchange = visit(world, State.ACCEPTED)
    client.force_login(world.focal_point)
    html = client.get(url("schedule", exchange)).content.decode()
    assert f'type="date" name="starts_on" value="{exchange.proposed_start.isoformat()}"' in html
    response = client.post(
        url("schedule", exchange), {"starts_on": "2031-04-01", "ends_on": "2031-04-03"}
    )
    assert response.status_code == 302
    exchange = fresh(exchange)
    assert (exchange.state, exchange.starts_on, exchange.ends_on) == (
        State.SCHEDULED,
        date(2031, 4, 1),
        date(2031, 4, 3),
    )


def test_scheduling_refuses_an_end_before_the_start(client, world):
    exchange = visit(world, State.ACCEPTED)
    client.force_login(world.other_focal_point)
    response = client.post(
        url("schedule", exchange), {"starts_on": "2031-04-03", "ends_on": "2031-04-01"}
    )
    assert response.context["form"].errors == {"ends_on": ["The end comes before the start."]}
    assert fresh(exchange).state == State.ACCEPTED


def test_completing_creates_the_follow_ups(client, world):
    exchange = visit(
        world,
        State.SCHEDULED,
        starts_on=date.today() - timedelta(days=3),
        ends_on=date.today() - timedelta(days=1),
    )
    client.force_login(world.other_focal_point)
    response = client.post(url("complete", exchange), follow=True)
    assert fresh(exchange).state == State.COMPLETED
    assert list(FollowUp.objects.filter(exchange=exchange).values_list("month", flat=True)) == [
        3,
        6,
    ]
    assert messages_of(response) == [
        "The exchange is marked completed. Both cities are asked for their reports."
    ]


def test_completing_before_the_start_comes_back_as_a_message(client, world):
    exchange = visit(
        world,
        State.SCHEDULED,
        starts_on=date.today() + timedelta(days=3),
        ends_on=date.today() + timedelta(days=4),
    )
    client.force_login(world.focal_point)
    response = client.post(url("complete", exchange), follow=True)
    assert response.redirect_chain == [(exchange.get_absolute_url(), 302)]
    assert messages_of(response) == ["An exchange can be marked completed once it has started."]
    assert fresh(exchange).state == State.SCHEDULED


def test_cancelling_needs_a_reason(client, world):
    exchange = visit(world, State.ACCEPTED)
    client.force_login(world.focal_point)
    assert client.post(url("cancel", exchange), {"reason": ""}).status_code == 200
    response = client.post(url("cancel", exchange), {"reason": "The budget was cut."})
    assert response.status_code == 302
    exchange = fresh(exchange)
    assert (exchange.state, exchange.cancel_reason) == (State.CANCELLED, "The budget was cut.")


def test_a_member_may_not_take_any_step(client, world):
    exchange = visit(world, State.ACCEPTED)
    client.force_login(world.member)
    for name in ("accept", "decline", "schedule", "cancel", "participants"):
        assert client.get(url(name, exchange)).status_code == 404
    assert client.post(url("complete", exchange)).status_code == 404


# --- participants ------------------------------------------------------------------------------


def test_a_focal_point_adds_people_of_their_own_city(client, world):
    exchange = visit(world, State.ACCEPTED)
    client.force_login(world.focal_point)
    response = client.get(url("participants", exchange))
    people = list(response.context["form"].fields["person"].queryset)
    assert people == sorted([world.member, world.focal_point], key=lambda u: (u.full_name, u.email))
    response = client.post(
        url("participants", exchange),
        {
            "person": world.member.pk,
            "role": "Youth worker",
            "sector": concept("sector", "police").pk,
        },
    )
    assert response.status_code == 302
    added = Participant.objects.get()
    assert (added.user, added.side, added.role, added.sector.code) == (
        world.member,
        Side.VISITING,
        "Youth worker",
        "police",
    )


def test_the_limit_per_side_shows_on_the_form(client, world):
    exchange = visit(world, State.ACCEPTED)
    for _n in range(3):
        person = UserFactory()
        CityRoleFactory(user=person, city=world.city)
        ParticipantFactory(exchange=exchange, side=Side.VISITING, user=person)
    client.force_login(world.focal_point)
    response = client.post(url("participants", exchange), {"person": world.member.pk})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "person": ["Each city may name at most 3 participants."]
    }


def test_a_participant_is_removed(client, world):
    exchange = visit(world, State.ACCEPTED)
    found = ParticipantFactory(exchange=exchange, side=Side.VISITING, user=world.member)
    client.force_login(world.focal_point)
    response = client.post(url("participant_remove", exchange, found.pk))
    assert response.status_code == 302
    assert response.url == url("participants", exchange)
    assert Participant.objects.count() == 0


def test_a_participant_steps_down_themselves(client, world):
    exchange = visit(world, State.ACCEPTED)
    found = ParticipantFactory(exchange=exchange, side=Side.VISITING, user=world.member)
    client.force_login(world.member)
    response = client.post(url("participant_remove", exchange, found.pk))
    assert response.url == exchange.get_absolute_url()
    assert Participant.objects.count() == 0


# --- reports, draft practice, follow-ups -------------------------------------------------------


def test_each_side_writes_its_report(client, world):
    exchange = visit(world, State.COMPLETED)
    practice = make_practice(world.other_city, title="Case panels")
    client.force_login(world.focal_point)
    assert client.get(url("report", exchange)).context["side"] == Side.VISITING
    response = client.post(
        url("report", exchange),
        {
            "learned": "Panels meet monthly.",
            "plans": "Pilot a panel.",
            "practices": [practice.pk],
            "language": "en",
        },
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.side, report.learned, report.plans) == (
        Side.VISITING,
        "Panels meet monthly.",
        "Pilot a panel.",
    )
    assert list(report.practices.all()) == [practice]
    client.force_login(world.other_focal_point)
    client.post(url("report", exchange), {"learned": "Fresh eyes.", "language": "en"})
    assert sorted(Report.objects.values_list("side", flat=True)) == ["host", "visiting"]
    assert fresh(exchange).state == State.REPORTED


def test_editing_a_report_starts_from_what_was_written(client, world):
    exchange = visit(world, State.COMPLETED)
    ReportFactory(exchange=exchange, side=Side.VISITING, learned="First draft.")
    client.force_login(world.focal_point)
    response = client.get(url("report", exchange))
    assert response.context["form"]["learned"].value() == "First draft."
    assert "you are editing it" in response.content.decode()


def test_a_participant_writes_their_sides_report(client, world):
    exchange = visit(world, State.COMPLETED)
    ParticipantFactory(exchange=exchange, side=Side.VISITING, user=world.member)
    client.force_login(world.member)
    response = client.post(url("report", exchange), {"learned": "Lots.", "language": "fr"})
    assert response.status_code == 302
    assert Report.objects.get().side == Side.VISITING


def test_a_report_before_completion_is_refused_on_the_form(client, world):
    exchange = visit(world, State.SCHEDULED)
    client.force_login(world.focal_point)
    response = client.post(url("report", exchange), {"learned": "Lots.", "language": "en"})
    assert response.context["form"].non_field_errors() == [
        "This exchange is scheduled: that step is not possible now."
    ]


def test_the_visiting_report_starts_a_draft_practice(client, world):
    exchange = visit(world, State.REPORTED)
    ReportFactory(exchange=exchange, side=Side.VISITING, author=world.focal_point)
    client.force_login(world.focal_point)
    response = client.post(url("draft_practice", exchange))
    draft = Practice.objects.get(city=world.city)
    assert draft.status == Practice.Status.DRAFT
    assert response.url == reverse("practices:edit", args=[draft.slug])
    assert Report.objects.get().draft_practice == draft
    # the button disappears once the draft exists
    assert client.get(exchange.get_absolute_url()).context["can"]["draft_practice"] is False


def test_no_draft_practice_without_the_visiting_report(client, world):
    exchange = visit(world, State.COMPLETED)
    client.force_login(world.focal_point)
    response = client.post(url("draft_practice", exchange), follow=True)
    assert messages_of(response) == ["The visiting city has not written its report yet."]
    assert Practice.objects.count() == 0


def completed_with_follow_ups(world) -> Exchange:
    exchange = visit(
        world,
        State.REPORTED,
        starts_on=date.today() - timedelta(days=100),
        ends_on=date.today() - timedelta(days=99),
    )
    FollowUpFactory(exchange=exchange, month=3, due_on=date.today() - timedelta(days=9))
    FollowUpFactory(exchange=exchange, month=6, due_on=date.today() + timedelta(days=80))
    return exchange


def test_recording_adoption_creates_a_transfer(client, world):
    exchange = completed_with_follow_ups(world)
    practice = make_practice(world.other_city, title="Case panels")
    client.force_login(world.focal_point)
    html = client.get(url("follow_up", exchange, 3)).content.decode()
    assert 'type="radio" name="outcome" value="adopted"' in html
    response = client.post(
        url("follow_up", exchange, 3), {"outcome": "adopted", "practice": practice.pk}
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(exchange=exchange, month=3)
    assert (follow_up.outcome, follow_up.practice) == ("adopted", practice)
    transfer = Transfer.objects.get()
    assert (transfer.practice, transfer.from_city, transfer.to_city) == (
        practice,
        world.other_city,
        world.city,
    )
    assert fresh(exchange).state == State.FOLLOWED_UP


def test_not_adopted_needs_a_reason_on_the_field(client, world):
    exchange = completed_with_follow_ups(world)
    client.force_login(world.focal_point)
    response = client.post(url("follow_up", exchange, 6), {"outcome": "not_adopted"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["reason"]
    assert FollowUp.objects.get(exchange=exchange, month=6).recorded_at is None


def test_only_the_visiting_focal_points_record_follow_ups(client, world):
    exchange = completed_with_follow_ups(world)
    client.force_login(world.other_focal_point)
    assert client.get(url("follow_up", exchange, 3)).status_code == 404
    client.force_login(world.focal_point)
    assert client.get(url("follow_up", exchange, 9)).status_code == 404
