"""Reports after the exchange, and the draft practice the visiting city's report can start."""

import pytest

from strongcities.accounts.models import PartnerRole
from strongcities.core.audit.models import AuditEntry
from strongcities.core.notifications.models import Notification
from strongcities.core.notifications.tasks import render_text
from strongcities.core.visibility import Visibility
from strongcities.exchanges.models import Exchange, Report, Side
from strongcities.exchanges.services import ExchangeError
from strongcities.exchanges.services.lifecycle import complete_exchange
from strongcities.exchanges.services.reports import start_draft_practice, submit_report
from strongcities.practices.models import Practice
from tests.exchanges.factories import ProgrammeFactory
from tests.exchanges.flow import (
    actions,
    clear_notifications,
    completed,
    kinds,
    participant,
    reported,
    scheduled,
    sent,
    team_member,
)
from tests.factories import CityFactory, PartnerFactory, concept
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db
State = Exchange.State


def refused(call, code: str, field: str | None = None) -> None:
    with pytest.raises(ExchangeError) as caught:
        call()
    assert (caught.value.code, caught.value.field) == (code, field)


def visiting_report(world, exchange, *, user=None, **kwargs) -> Report:
    values = {
        "learned": "The host's case panel meets monthly and never names a young person.",
        "plans": "Pilot a monthly case panel with two schools.",
        "language": "en",
    }
    values.update(kwargs)
    return submit_report(exchange, user=user or world.focal_point, side=Side.VISITING, **values)


def host_report(world, exchange, **kwargs) -> Report:
    return submit_report(
        exchange,
        user=world.other_focal_point,
        side=Side.HOST,
        learned=kwargs.pop("learned", "Tunis's questions sharpened our own practice."),
        language="en",
        **kwargs,
    )


def test_the_first_report_tells_the_other_side(world):
    exchange = scheduled(world)
    host = participant(world, exchange, Side.HOST, email="host@aarhus.dk")
    participant(world, exchange, Side.VISITING, email="visitor@tunis.tn")
    complete_exchange(exchange, user=world.other_focal_point)
    clear_notifications()
    practice = make_practice(world.other_city, title="Case panels")
    report = visiting_report(world, exchange, practices=[practice])
    report = Report.objects.get(pk=report.pk)
    assert (report.side, report.author, report.language) == (Side.VISITING, world.focal_point, "en")
    assert report.plans == "Pilot a monthly case panel with two schools."
    assert list(report.practices.all()) == [practice]
    assert Exchange.objects.get(pk=exchange.pk).state == State.COMPLETED
    assert actions(exchange)[-1] == "exchange.report_submitted"
    assert sent("exchange_report_submitted") == sorted([world.other_focal_point.email, host.email])
    assert kinds() == ["exchange_report_submitted"]
    assert render_text(
        Notification.objects.get(recipient=host, kind="exchange_report_submitted")
    ) == (
        "Tunis wrote its report on the exchange with Aarhus (Study visit). "
        "Your city's report is still awaited."
    )


def test_both_reports_make_the_exchange_reported(world):
    partner = PartnerFactory()
    sponsor_person = team_member(world.other_city, email="unused@aarhus.dk")
    PartnerRole.objects.create(user=sponsor_person, partner=partner)
    programme = ProgrammeFactory(cities=[world.city, world.other_city], sponsor=partner)
    exchange = scheduled(world, programme=programme)
    visitor = participant(world, exchange, Side.VISITING, email="visitor@tunis.tn")
    host = participant(world, exchange, Side.HOST, email="host@aarhus.dk")
    complete_exchange(exchange, user=world.focal_point)
    host_report(world, exchange)
    assert sent("exchange_report_submitted") == sorted([world.focal_point.email, visitor.email])
    clear_notifications()
    visiting_report(world, exchange, user=visitor)
    exchange.refresh_from_db()
    assert exchange.state == State.REPORTED
    assert exchange.reported_at is not None
    assert actions(exchange)[-3:] == [
        "exchange.report_submitted",
        "exchange.report_submitted",
        "exchange.reported",
    ]
    assert sent("exchange_reported") == sorted(
        [
            world.focal_point.email,
            world.other_focal_point.email,
            host.email,
            sponsor_person.email,
        ]
    )
    assert kinds() == ["exchange_reported"]


def test_a_second_call_edits_the_report(world):
    exchange = completed(world)
    first = visiting_report(world, exchange)
    clear_notifications()
    second = visiting_report(world, exchange, learned="More, on reflection.", plans="")
    assert second.pk == first.pk
    assert Report.objects.get(pk=first.pk).learned == "More, on reflection."
    assert Report.objects.filter(exchange=exchange).count() == 1
    assert actions(exchange)[-1] == "exchange.report_updated"
    assert Notification.objects.count() == 0


def test_a_report_can_be_edited_once_reported(world):
    exchange = reported(world)
    clear_notifications()
    host_report(world, exchange, learned="Edited.")
    assert Exchange.objects.get(pk=exchange.pk).state == State.REPORTED
    assert actions(exchange)[-1] == "exchange.report_updated"
    assert Notification.objects.count() == 0


def test_a_participant_of_the_side_may_report(world):
    exchange = scheduled(world)
    visitor = participant(world, exchange, Side.VISITING)
    complete_exchange(exchange, user=world.focal_point)
    assert visiting_report(world, exchange, user=visitor).author == visitor
    refused(
        lambda: submit_report(exchange, user=visitor, side=Side.HOST, learned="x", language="en"),
        "permission",
    )


@pytest.mark.parametrize("who", ["other_focal_point", "member", "secretariat"])
def test_others_cannot_write_the_visiting_report(world, who):
    exchange = completed(world)
    refused(lambda: visiting_report(world, exchange, user=getattr(world, who)), "permission")
    assert Report.objects.count() == 0


def test_no_report_before_the_exchange_is_completed(world):
    exchange = scheduled(world)
    refused(lambda: visiting_report(world, exchange), "state")


def test_report_input_is_checked(world):
    exchange = completed(world)
    refused(lambda: visiting_report(world, exchange, learned="  "), "input", "learned")
    refused(lambda: visiting_report(world, exchange, language="xx"), "input", "language")
    hidden = make_practice(
        CityFactory(slug="amman", name="Amman"), visibility=Visibility.RESTRICTED
    )
    refused(lambda: visiting_report(world, exchange, practices=[hidden]), "practices", "practices")
    refused(
        lambda: submit_report(
            exchange, user=world.focal_point, side="both", learned="x", language="en"
        ),
        "side",
        "side",
    )


# --- The draft practice ---------------------------------------------------------------------------


def test_the_visiting_report_starts_a_prefilled_draft_practice(world):
    panels = make_practice(
        world.other_city,
        title="Multi-agency case panels",
        themes=("youth-engagement",),
        audiences=("adolescents",),
    )
    exchange = completed(world, practices=[panels])
    report = visiting_report(world, exchange, language="en")
    practice = start_draft_practice(report, user=world.member)
    practice = Practice.objects.get(pk=practice.pk)
    assert (practice.city, practice.status, practice.visibility, practice.language) == (
        world.city,
        Practice.Status.DRAFT,
        Visibility.MEMBERS,
        "en",
    )
    assert practice.title_en == "Multi-agency case panels in Tunis"
    assert practice.summary_en == "Pilot a monthly case panel with two schools."
    assert practice.context_en == exchange.objectives
    assert practice.lessons_learned_en == report.learned
    assert list(practice.themes.values_list("code", flat=True)) == ["youth-engagement"]
    assert list(practice.audiences.values_list("code", flat=True)) == ["adolescents"]
    assert practice.created_by == world.member
    assert Report.objects.get(pk=report.pk).draft_practice == practice
    assert actions(exchange)[-1] == "exchange.draft_practice_started"
    assert AuditEntry.objects.filter(action="practice.created", target_id=str(practice.pk)).count()


def test_a_second_call_returns_the_same_draft(world):
    exchange = completed(world)
    report = visiting_report(world, exchange)
    first = start_draft_practice(report, user=world.focal_point)
    second = start_draft_practice(Report.objects.get(pk=report.pk), user=world.focal_point)
    assert second == first
    assert Practice.objects.filter(city=world.city).count() == 1


def test_the_practices_the_report_plans_to_adopt_come_first(world):
    interest = make_practice(world.other_city, title="Interest")
    planned = make_practice(world.other_city, title="Planned", themes=("online-radicalisation",))
    exchange = completed(world, practices=[interest])
    report = visiting_report(world, exchange, practices=[planned])
    practice = start_draft_practice(report, user=world.focal_point)
    assert practice.title_en == "Planned in Tunis"
    assert list(practice.themes.values_list("code", flat=True)) == ["online-radicalisation"]


def test_without_practices_the_title_comes_from_the_objectives(world):
    exchange = completed(world, objectives="Learn about case panels\nand more.")
    report = visiting_report(world, exchange, plans="")
    practice = start_draft_practice(report, user=world.focal_point)
    assert practice.title_en == "Learn about case panels"
    assert practice.summary_en == report.learned  # no plans: what was learned
    assert practice.themes.count() == 0


def test_a_french_report_starts_a_french_draft(world):
    exchange = completed(world)
    report = visiting_report(world, exchange, language="fr", learned="Beaucoup.", plans="Agir.")
    practice = start_draft_practice(report, user=world.focal_point)
    assert (practice.language, practice.summary_fr, practice.lessons_learned_fr) == (
        "fr",
        "Agir.",
        "Beaucoup.",
    )


def test_only_the_visiting_sides_report_starts_a_practice(world):
    exchange = completed(world)
    report = host_report(world, exchange)
    refused(lambda: start_draft_practice(report, user=world.other_focal_point), "side")


def test_only_the_visiting_citys_team_starts_the_practice(world):
    exchange = completed(world)
    report = visiting_report(world, exchange)
    for user in (world.other_focal_point, world.secretariat):
        refused(lambda user=user: start_draft_practice(report, user=user), "permission")
    assert Practice.objects.filter(city=world.city).count() == 0


def test_a_theme_concept_is_reused_not_duplicated(world):
    a = make_practice(world.other_city, title="A", themes=("youth-engagement",))
    b = make_practice(world.other_city, title="B", themes=("youth-engagement",))
    exchange = completed(world, practices=[a, b])
    report = visiting_report(world, exchange)
    practice = start_draft_practice(report, user=world.focal_point)
    assert list(practice.themes.all()) == [concept("theme", "youth-engagement")]
