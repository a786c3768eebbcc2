"""The demo events: what load_demo adds, who sees what, and that a reload adds nothing."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from strongcities.accounts.models import User
from strongcities.core.demo import load_demo
from strongcities.core.notifications.models import Notification
from strongcities.events.models import (
    Category,
    CheckIn,
    Event,
    Outcome,
    Registration,
    Session,
    SessionSignup,
    Speaker,
)
from strongcities.events.services import registration as reg

DOMAIN = "demo.strongcities.org"
SUMMIT = "first-global-summit-antalya-2027"
MOMBASA = "regional-workshop-mombasa"
WASHINGTON = "information-day-washington"
AMMAN = "mena-regional-workshop-amman"
Status = Registration.Status


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
        for model in (Event, Category, Session, Speaker, Registration, Outcome, CheckIn)
    }


def test_the_summit_in_antalya(demo):
    summit = Event.objects.get(slug=SUMMIT)
    local = timezone.localtime(summit.start, summit.tz)
    assert (local.date(), f"{local:%H:%M}") == (date(2027, 5, 11), "09:00")
    assert timezone.localtime(summit.end, summit.tz).date() == date(2027, 5, 12)
    assert summit.time_zone == "Europe/Istanbul"
    assert summit.host_city.slug == "antalya"
    assert (summit.kind.code, summit.status, summit.mode) == ("global-summit", "published", "open")
    assert {c.code: c.capacity for c in summit.categories.all()} == {
        "mayors": 55,
        "practitioners": 100,
        "partners": 30,
    }
    assert {c.code: c.held for c in summit.categories.all()} == {
        "mayors": 4,
        "practitioners": 6,
        "partners": 1,
    }
    assert summit.sessions.count() == 6
    assert summit.registration_is_open() is True


def test_titles_are_translated(demo):
    summit = Event.objects.get(slug=SUMMIT)
    with translation.override("ar"):
        assert summit.title == "القمة العالمية الأولى لشبكة المدن القوية"
    with translation.override("tr"):
        assert summit.title == "Güçlü Şehirler Ağı Birinci Küresel Zirvesi"
    for event in Event.objects.all():
        assert all(getattr(event, f"title_{lang}") for lang in ("en", "fr", "ar", "es", "tr"))


def test_the_pseudonymous_survivor_speaker(demo):
    amal = Speaker.objects.get(event__slug=SUMMIT, pseudonymous=True)
    assert (amal.public_name, amal.photo.name, amal.user) == ("Amal", "", None)
    assert amal.real_name == "Samira Haddad (fictional)"
    assert amal.consent_given is True
    assert amal.consent_note.startswith("Consent given in writing on 3 February 2027")
    assert amal.consent_recorded_by == person("secretariat")
    panel = amal.sessions.get()
    assert panel.title == "Listening to those affected: testimony and dialogue"


def test_mayors_registered_by_their_focal_points(demo):
    mayors = Registration.objects.filter(event__slug=SUMMIT, category__code="mayors")
    assert sorted((r.name, r.registered_by.email, r.city.slug, r.user) for r in mayors) == [
        ("Governor of Mombasa County", f"focal.mombasa@{DOMAIN}", "mombasa", None),
        ("Mayor of Aarhus", f"focal.aarhus@{DOMAIN}", "aarhus", None),
        ("Mayor of Antalya", f"focal.antalya@{DOMAIN}", "antalya", None),
        ("Mayor of Tunis", f"focal.tunis@{DOMAIN}", "tunis", None),
    ]
    assert {r.status for r in mayors} == {Status.CONFIRMED}


def test_mombasa_practitioners_are_full_with_a_waiting_list(demo):
    category = Category.objects.get(event__slug=MOMBASA, code="practitioners")
    assert (category.capacity, category.held) == (4, 4)
    waiting = list(Registration.objects.filter(category=category).waiting())
    assert [r.user.email for r in waiting] == [f"teacher.tunis@{DOMAIN}", f"youth.amman@{DOMAIN}"]
    assert reg.waitlist_positions(waiting) == {waiting[0].pk: 1, waiting[1].pk: 2}
    event = category.event
    assert event.delegated_to_host is True
    assert (event.host_city.slug, event.time_zone) == ("mombasa", "Africa/Nairobi")
    told = Notification.objects.get(
        recipient=person("teacher.tunis"), kind="events.registration_waitlisted"
    )
    assert told.data["position"] == 1
    assert told.read_at is not None  # history: read, never emailed


def test_washington_information_day_needs_approval(demo):
    event = Event.objects.get(slug=WASHINGTON)
    assert (event.mode, event.host_city, event.time_zone) == ("approval", None, "America/New_York")
    assert event.kind.code == "information-day"
    statuses = {r.user.email.split("@")[0]: r.status for r in event.registrations.all()}
    assert statuses == {
        "focal.montgomery": Status.CONFIRMED,
        "police.montgomery": Status.PENDING,
        "partner": Status.PENDING,
    }


def test_the_past_workshop_and_its_outcomes(demo):
    event = Event.objects.get(slug=AMMAN)
    assert event.is_past is True
    assert event.visibility == "members"
    registrations = event.registrations.all()
    assert all(r.created_at < event.start for r in registrations)
    assert Counter(r.checked_in_at is not None for r in registrations) == {True: 6, False: 1}
    commitment = event.outcomes.get(city__slug="tunis")
    assert commitment.kind == Outcome.Kind.COMMITMENT
    assert commitment.text.startswith("Tunis will pilot a practice from Aarhus")
    assert commitment.practice.external_id == "demo-aarhus-exit-mentoring"
    assert event.outcomes.count() == 3
    assert "Tunis will pilot" in event.outcomes_summary


def test_who_sees_which_event(demo):
    public = {SUMMIT, MOMBASA, WASHINGTON}
    anonymous = set(Event.objects.visible_to(AnonymousUser()).values_list("slug", flat=True))
    assert anonymous == public
    member = set(Event.objects.visible_to(person("police.aarhus")).values_list("slug", flat=True))
    assert member == public | {AMMAN}
    partner = set(Event.objects.visible_to(person("partner")).values_list("slug", flat=True))
    assert partner == public


def test_session_sign_ups_and_seats_agree(demo):
    for session in Session.objects.all():
        assert session.held == SessionSignup.objects.filter(session=session).count()
    for category in Category.objects.all():
        assert category.held == category.registrations.holding().count()
    workshop = Session.objects.get(event__slug=SUMMIT, kind="workshop")
    assert workshop.held == 2


def events_line(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("Events: "))


def test_event_notifications_are_history(demo):
    events = Notification.objects.filter(kind__startswith="events.")
    assert events.count() == 25  # 24 account holders registered, one of them approved too
    assert not events.filter(read_at__isnull=True).exists()
    assert not events.filter(emailed_at__isnull=True).exists()


def test_output_and_reloading_adds_nothing(demo, settings):
    assert events_line(demo) == (
        "Events: 4 events (3 upcoming, 1 past), 28 registrations (2 on a waiting list), 4 new."
    )
    before = counts()
    out = StringIO()
    load_demo(stdout=out)
    assert counts() == before
    assert events_line(out.getvalue()).endswith(", 0 new.")
