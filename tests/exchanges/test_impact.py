"""The secretariat's impact figures (services/impact.py) and their page and CSV export."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from strongcities.core.audit.models import AuditEntry
from strongcities.exchanges.services.impact import IMPACT_QUERIES, impact
from tests.exchanges.factories import (
    ExchangeFactory,
    FollowUpFactory,
    ProgrammeFactory,
    TransferFactory,
)
from tests.factories import CityFactory, PartnerFactory, concept
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db

URL = "/exchanges/impact/"
NOW = timezone.now()


def done(programme=None, *, days: float, practices=(), state="completed", **fields):
    """An exchange proposed `days` before it was completed."""
    return ExchangeFactory(
        programme=programme,
        state=state,
        proposed_at=NOW - timedelta(days=days + 10),
        completed_at=NOW - timedelta(days=10),
        practices=list(practices),
        **fields,
    )


def recorded(exchange, month: int, outcome: str, days_ago: float):
    return FollowUpFactory(
        exchange=exchange,
        month=month,
        outcome=outcome,
        reason="Because.",
        recorded_at=NOW - timedelta(days=days_ago),
    )


@pytest.fixture
def story(db):
    """Two programmes and an exchange without one; youth and family practices of interest."""
    youth = make_practice(
        CityFactory(name="Amman"), title="Youth centres", themes=["youth-engagement"]
    )
    family = make_practice(
        CityFactory(name="Beirut"), title="Family line", themes=["family-support", "mental-health"]
    )
    alpha = ProgrammeFactory(slug="alpha", title="Alpha programme")
    zulu = ProgrammeFactory(slug="zulu", title="Zulu programme")
    first = done(alpha, days=20, practices=[youth], state="followed_up")
    recorded(first, 3, "adapting", 40)
    recorded(first, 6, "adopted", 5)  # the latest answer counts
    second = done(alpha, days=40, practices=[youth, family], state="followed_up")
    recorded(second, 3, "not_adopted", 10)
    FollowUpFactory(exchange=second, month=6)  # not recorded yet
    third = done(zulu, days=30, practices=[family], state="reported")
    ExchangeFactory(programme=zulu, state="proposed", practices=[youth])
    ExchangeFactory(programme=alpha, state="declined")
    ExchangeFactory(state="cancelled")
    lonely = done(days=100)
    TransferFactory(practice=youth, to_city=first.visiting_city, exchange=first, status="adopted")
    TransferFactory(
        practice=family,
        to_city=third.visiting_city,
        exchange=third,
        status="adapting",
        recorded_at=NOW - timedelta(days=100),
    )
    partner_practice = make_practice(partner=PartnerFactory(name="Danish MFA"), title="Twinning")
    TransferFactory(practice=partner_practice, from_city=None, to_city=lonely.visiting_city)
    return {
        "youth": youth,
        "family": family,
        "alpha": alpha,
        "zulu": zulu,
        "first": first,
        "third": third,
        "lonely": lonely,
    }


def test_figures_for_every_exchange(story):
    figures = impact()
    assert figures.by_state == {
        "proposed": 1,
        "accepted": 0,
        "declined": 1,
        "scheduled": 0,
        "completed": 1,
        "reported": 1,
        "followed_up": 2,
        "cancelled": 1,
    }
    assert figures.exchanges == 7
    assert figures.adoption == {"adopted": 1, "adapting": 0, "not_adopted": 1}
    assert figures.median_days_to_completion == 35.0  # 20, 30, 40, 100
    assert [(t.practice.title, t.origin, t.status) for t in figures.transfers] == [
        ("Twinning", "Danish MFA", "adopted"),
        ("Youth centres", "Amman", "adopted"),
        ("Family line", "Beirut", "adapting"),
    ]


def test_per_programme_rows(story):
    rows = impact().per_programme
    assert [(row.key.slug if row.key else None, row.exchanges) for row in rows] == [
        ("alpha", 3),
        ("zulu", 2),
        (None, 2),
    ]
    alpha, zulu, without = rows
    assert (alpha.completed, alpha.under_way, alpha.not_held) == (2, 0, 1)
    assert alpha.adoption == {"adopted": 1, "adapting": 0, "not_adopted": 1}
    assert (alpha.transfers, alpha.median_days_to_completion) == (1, 30.0)
    assert (zulu.completed, zulu.under_way, zulu.transfers) == (1, 1, 1)
    assert zulu.median_days_to_completion == 30.0
    assert (without.not_held, without.completed, without.transfers) == (1, 1, 0)


def test_per_theme_rows(story):
    rows = impact().per_theme
    assert [(row.key.code, row.exchanges) for row in rows] == [
        ("youth-engagement", 3),
        ("family-support", 2),
        ("mental-health", 2),
    ]
    youth = rows[0]
    assert youth.by_state["followed_up"] == 2
    assert youth.adoption == {"adopted": 1, "adapting": 0, "not_adopted": 1}
    assert (youth.transfers, youth.median_days_to_completion) == (1, 30.0)


def test_filter_by_programme(story):
    figures = impact(programme=story["zulu"])
    assert figures.exchanges == 2
    assert [t.practice.title for t in figures.transfers] == ["Family line"]
    assert [row.key.slug for row in figures.per_programme] == ["zulu"]


def test_filter_by_theme(story):
    figures = impact(theme=concept("theme", "family-support"))
    assert figures.exchanges == 2
    assert figures.by_state["reported"] == 1
    assert [t.practice.title for t in figures.transfers] == ["Family line"]
    assert figures.median_days_to_completion == 35.0  # 40 and 30


def test_nothing_yet(db):
    figures = impact()
    assert figures.exchanges == 0
    assert figures.median_days_to_completion is None
    assert (figures.transfers, figures.per_programme, figures.per_theme) == ([], [], [])


def test_fixed_query_count(db, django_assert_num_queries):
    with django_assert_num_queries(IMPACT_QUERIES):
        impact()


def test_fixed_query_count_with_data(story, django_assert_num_queries):
    youth = concept("theme", "youth-engagement")
    with django_assert_num_queries(IMPACT_QUERIES):
        impact(programme=story["alpha"], theme=youth)
    with django_assert_num_queries(IMPACT_QUERIES):
        impact()


# --- The page ---------------------------------------------------------------------------------


def test_only_the_secretariat(client, world):
    assert client.get(URL).status_code == 302
    for user in (world.member, world.focal_point, world.other_focal_point):
        client.force_login(user)
        assert client.get(URL).status_code == 404


def test_page(client, world, story):
    client.force_login(world.secretariat)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Impact of the exchanges" in html
    assert "Youth centres" in html
    assert "Without a programme" in html
    assert response.context["result"].exchanges == 7
    assert '<tr data-state="followed_up"><td>Followed up</td><td class="text-end">2</td></tr>' in (
        html
    )
    assert "style=" not in html
    assert "<script>" not in html


def test_page_filters(client, world, story):
    client.force_login(world.secretariat)
    response = client.get(URL + "?programme=zulu&theme=family-support")
    assert response.context["result"].exchanges == 1
    assert 'href="?format=csv&amp;programme=zulu&amp;theme=family-support"' in (
        response.content.decode()
    )


def test_unknown_filter_is_a_field_error(client, world, story):
    client.force_login(world.secretariat)
    response = client.get(URL + "?programme=nope&theme=youth-engagement")
    assert response.status_code == 200
    assert response.context["form"].errors["programme"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert response.context["result"].exchanges == 3  # the theme still filters


def test_page_query_count(client, world, story, django_assert_num_queries):
    client.force_login(world.secretariat)
    client.get(URL)
    with django_assert_num_queries(15):
        client.get(URL + "?programme=alpha")
    done(story["alpha"], days=3, practices=[story["youth"]])
    ProgrammeFactory()
    with django_assert_num_queries(15):
        client.get(URL + "?programme=alpha")


def rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_summary(client, world, story):
    client.force_login(world.secretariat)
    response = client.get(URL + "?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="exchanges-impact-summary-'
    )
    table = rows(response)
    assert table[0] == [
        "Group",
        "Name",
        "Exchanges",
        "Proposed",
        "Accepted",
        "Declined",
        "Scheduled",
        "Completed",
        "Reported",
        "Followed up",
        "Cancelled",
        "Adopted",
        "Adapting",
        "Not adopted",
        "Transfers",
        "Median days from request to completion",
    ]
    assert table[1] == [
        "All exchanges",
        "",
        "7",
        "1",
        "0",
        "1",
        "0",
        "1",
        "1",
        "2",
        "1",
        "1",
        "0",
        "1",
        "3",
        "35.0",
    ]
    assert [row[:3] for row in table[2:]] == [
        ["Programme", "Alpha programme", "3"],
        ["Programme", "Zulu programme", "2"],
        ["Programme", "Without a programme", "2"],
        ["Theme", "Youth engagement", "3"],
        ["Theme", "Family support", "2"],
        ["Theme", "Mental health", "2"],
    ]
    entry = AuditEntry.objects.get(action="exchanges.impact_exported")
    assert entry.actor == world.secretariat
    assert entry.data == {"table": "summary", "rows": 7, "filters": {}}


def test_csv_transfers_is_formula_safe(client, world, story):
    story["youth"].__class__.objects.filter(pk=story["youth"].pk).update(
        title="=HYPERLINK(1)", title_en="=HYPERLINK(1)"
    )
    client.force_login(world.secretariat)
    response = client.get(URL + "?format=csv&table=transfers&programme=alpha")
    table = rows(response)
    assert table[0] == ["Practice", "From", "To", "Status", "Recorded", "Exchange"]
    assert table[1][:4] == ["'=HYPERLINK(1)", "Amman", story["first"].visiting_city.name, "Adopted"]
    assert table[1][5] == str(story["first"].pk)
    assert len(table) == 2
    entry = AuditEntry.objects.get(action="exchanges.impact_exported")
    assert entry.data == {"table": "transfers", "rows": 1, "filters": {"programme": "alpha"}}


def test_csv_is_for_the_secretariat_only(client, world, story):
    client.force_login(world.focal_point)
    assert client.get(URL + "?format=csv").status_code == 404
    assert not AuditEntry.objects.filter(action="exchanges.impact_exported").exists()
