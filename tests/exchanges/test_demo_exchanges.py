"""The demo exchanges: the Danish programme, exchanges at every stage dated back over the past
year, reports in several languages, follow-ups and transfers; the cities' context profiles; the
matches computed at the end; a reload adds nothing."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone, translation

from strongcities.accounts.models import User
from strongcities.core.demo import load_demo
from strongcities.core.notifications.models import Notification
from strongcities.exchanges.models import (
    Exchange,
    FollowUp,
    Participant,
    Programme,
    Report,
    Transfer,
)
from strongcities.exchanges.services.impact import impact
from strongcities.matching.models import MatchingRun, PeerMatch
from strongcities.members.models import City

DOMAIN = "demo.strongcities.org"
PROGRAMME = "danish-mena-city-exchanges"


@pytest.fixture
def demo(db, settings):
    settings.DEMO_MODE = True
    out = StringIO()
    assert load_demo(stdout=out) is True
    return out.getvalue()


def person(name: str) -> User:
    return User.objects.get(email=f"{name}@{DOMAIN}")


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Programme, Exchange, Participant, Report, FollowUp, Transfer)
    }


def test_the_danish_programme(demo):
    programme = Programme.objects.get(slug=PROGRAMME)
    assert programme.sponsor.slug == "danish-mfa"
    assert sorted(programme.cities.values_list("slug", flat=True)) == ["amman", "beirut", "tunis"]
    assert programme.budget_note.startswith("DKK 2.4 million over three years")
    assert programme.visibility == "members"
    today = timezone.localdate()
    assert programme.starts_on == today - timedelta(days=420)
    assert programme.ends_on == today + timedelta(days=675)
    with translation.override("fr"):
        assert programme.title == "Des villes qui apprennent des villes : Amman, Beyrouth et Tunis"
    with translation.override("ar"):
        assert programme.title == "مدن تتعلّم من مدن: عمّان وبيروت وتونس"
    with translation.override("tr"):
        assert programme.title == "Şehirlerden öğrenen şehirler: Amman, Beyrut ve Tunus"


def test_exchanges_at_every_stage(demo):
    assert Counter(Exchange.objects.values_list("state", flat=True)) == {
        "proposed": 2,
        "accepted": 1,
        "declined": 1,
        "scheduled": 2,
        "completed": 1,
        "reported": 1,
        "followed_up": 3,
        "cancelled": 1,
    }
    in_programme = Exchange.objects.filter(programme__slug=PROGRAMME)
    assert in_programme.count() == 9
    assert set(in_programme.values_list("visiting_city__slug", flat=True)) == {
        "amman",
        "beirut",
        "tunis",
    }
    assert Exchange.objects.filter(programme=None).count() == 3
    assert set(Exchange.objects.values_list("language", flat=True)) == {"ar", "en", "fr"}


def test_the_story_is_dated_back(demo):
    first = Exchange.objects.get(
        visiting_city__slug="tunis", host_city__slug="amman", state="followed_up"
    )
    today = timezone.localdate()
    assert first.starts_on == today - timedelta(days=270)
    assert first.ends_on == today - timedelta(days=267)
    assert (first.proposed_start, first.proposed_end) == (first.starts_on, first.ends_on)
    assert (timezone.now() - first.proposed_at).days == 330
    assert (timezone.now() - first.completed_at).days == 266
    assert first.proposed_at < first.responded_at < first.scheduled_at < first.completed_at
    assert first.completed_at < first.reported_at < first.followed_up_at
    assert [f.outcome for f in first.follow_ups.order_by("month")] == ["adapting", "adopted"]
    assert all(f.recorded_at < timezone.now() - timedelta(days=79) for f in first.follow_ups.all())
    assert first.participants.count() == 2
    assert {r.side: r.language for r in first.reports.all()} == {"visiting": "fr", "host": "ar"}


def test_reports_in_several_languages(demo):
    assert Counter(Report.objects.values_list("language", flat=True)) == {
        "fr": 2,
        "ar": 4,
        "en": 3,
    }
    # The completed exchange waits for Tunis's report.
    completed = Exchange.objects.get(state="completed")
    assert list(completed.reports.values_list("side", flat=True)) == ["visiting"]


def test_follow_ups_and_transfers(demo):
    assert Counter(FollowUp.objects.exclude(outcome="").values_list("outcome", flat=True)) == {
        "adapting": 1,
        "adopted": 2,
        "not_adopted": 1,
    }
    travelled = {
        (t.practice.external_id, t.from_city.slug, t.to_city.slug, t.status)
        for t in Transfer.objects.select_related("practice", "from_city", "to_city")
    }
    assert travelled == {
        ("demo-amman-youth-community-centres", "amman", "tunis", "adopted"),
        ("demo-beirut-local-prevention-network", "beirut", "amman", "adopted"),
    }
    # Amman's 6-month answer about Beirut's network is due and not yet given.
    due = FollowUp.objects.filter(
        due_on__lte=timezone.localdate(), recorded_at__isnull=True
    ).select_related("exchange__visiting_city")
    assert [(f.exchange.visiting_city.slug, f.month) for f in due] == [("amman", 6)]


def test_the_impact_figures_of_the_demo(demo):
    figures = impact(programme=Programme.objects.get(slug=PROGRAMME))
    assert figures.by_state == {
        "proposed": 1,
        "accepted": 0,
        "declined": 1,
        "scheduled": 1,
        "completed": 1,
        "reported": 1,
        "followed_up": 3,
        "cancelled": 1,
    }
    assert figures.adoption == {"adopted": 2, "adapting": 0, "not_adopted": 1}
    assert len(figures.transfers) == 2
    # Proposed → completed: 64, 55, 43, 62 and 68 days.
    assert figures.median_days_to_completion == 62.0


def test_waiting_requests_stay_unread(demo):
    unread = Notification.objects.filter(read_at__isnull=True, kind__startswith="exchange")
    assert sorted((n.recipient.email, n.kind) for n in unread) == [
        (f"focal.aarhus@{DOMAIN}", "exchange_proposed"),
        (f"focal.amman@{DOMAIN}", "exchange_proposed"),
    ]
    assert not Notification.objects.filter(
        kind__in=["exchange_accepted", "exchange_reported", "follow_up_recorded"],
        emailed_at__isnull=True,
    ).exists()


def test_city_context_profiles(demo):
    tunis = City.objects.get(slug="tunis")
    assert sorted(tunis.priority_audiences.values_list("code", flat=True)) == [
        "adolescents",
        "parents-families",
        "young-adults",
    ]
    assert sorted(tunis.running_themes.values_list("code", flat=True)) == [
        "counter-narratives",
        "education",
        "youth-engagement",
    ]
    assert not City.objects.filter(priority_audiences=None).exists()
    assert not City.objects.filter(running_themes=None).exists()


def test_matches_are_computed_at_the_end(demo):
    run = MatchingRun.current()
    members = City.objects.members().count()
    assert run.cities_done == members
    assert PeerMatch.objects.filter(city__slug="tunis").exists()
    assert "Matching: recommendations computed for" in demo


def test_the_loader_reports_the_exchanges(demo):
    assert (
        f"Exchanges: programme {PROGRAMME}, 12 exchanges (1 accepted, 1 cancelled, "
        "1 completed, 1 declined, 3 followed_up, 2 proposed, 1 reported, 2 scheduled), "
        "2 practices that travelled, 12 new." in demo
    )


def test_loading_twice_creates_nothing_twice(demo, settings):
    before = counts()
    out = StringIO()
    assert load_demo(stdout=out) is True
    assert counts() == before
    assert "2 practices that travelled, 0 new." in out.getvalue()


def test_once_does_nothing_when_loaded(demo):
    before = counts()
    assert load_demo(once=True, stdout=StringIO()) is False
    assert counts() == before
