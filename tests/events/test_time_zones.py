"""The reader's time zone: the account setting, the browser's cookie, and event times."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from strongcities.accounts.middleware import TimeZoneMiddleware
from strongcities.events.templatetags.events_time import format_range, when
from tests.events.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db
START = datetime(2031, 5, 11, 6, 0, tzinfo=UTC)


def zone_during_request(request) -> tuple[str, str]:
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()

    TimeZoneMiddleware(view)(request)
    return seen["zone"], request.reader_time_zone


def test_the_accounts_time_zone_wins_over_the_browsers(world):
    request = RequestFactory().get("/", HTTP_COOKIE="tz=Asia/Tokyo")
    world.member.time_zone = "America/New_York"
    request.user = world.member
    assert zone_during_request(request) == ("America/New_York", "America/New_York")
    assert timezone.get_current_timezone_name() == "UTC"  # reset after the request


@pytest.mark.parametrize(
    ("cookie", "expected"),
    [
        ("Asia/Tokyo", ("Asia/Tokyo", "Asia/Tokyo")),
        ("Mars/Olympus", ("UTC", "")),
        ("", ("UTC", "")),
    ],
)
def test_the_browsers_time_zone_through_the_cookie(world, cookie, expected):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/", HTTP_COOKIE=f"tz={cookie}")
    request.user = AnonymousUser()
    assert zone_during_request(request) == expected


def test_settings_form_saves_the_time_zone(client, world):
    client.force_login(world.member)
    url = reverse("accounts:settings")
    form = {"full_name": "Member", "job_title": "", "sector": "", "preferred_language": "en"}
    page = client.get(url).content.decode()
    assert '<option value="Europe/Istanbul">Europe/Istanbul</option>' in page
    assert 'value="US/Eastern"' not in page
    response = client.post(url, {**form, "time_zone": "Africa/Nairobi"})
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.time_zone == "Africa/Nairobi"
    response = client.post(url, {**form, "time_zone": "Mars/Olympus"})
    assert response.status_code == 400
    assert "time_zone" in response.context["form"].errors
    response = client.post(url, {**form, "time_zone": ""})
    world.member.refresh_from_db()
    assert world.member.time_zone == ""


def test_event_times_in_the_event_zone_and_the_readers():
    event = EventFactory.build(
        start=START, end=START + timedelta(hours=8), time_zone="Europe/Istanbul"
    )
    with translation.override("en"):
        shown = when(event, event, "Asia/Tokyo")
        assert shown.local == "May 11, 2031, 9 a.m.–5 p.m."
        assert shown.reader == "May 11, 2031, 3 p.m.–11 p.m."
        assert shown.reader_zone == "Asia/Tokyo"
        # same offset (Istanbul and Moscow are both +03:00 in May): no second line
        assert when(event, event, "Europe/Moscow").reader == ""
        assert when(event, event, "").reader == ""
        # across midnight in the reader's zone
        assert format_range(
            START, START + timedelta(hours=20), zoneinfo.ZoneInfo("Asia/Tokyo")
        ) == ("May 11, 2031, 3 p.m. – May 12, 2031, 11 a.m.")
    with translation.override("fr"):
        assert when(event, event, "").local == "11 mai 2031, 09:00–17:00"


def test_session_times_show_hours_in_the_agenda():
    event = EventFactory.build(
        start=START, end=START + timedelta(hours=8), time_zone="Europe/Istanbul"
    )
    session = SessionFactory.build(event=event, start=START, end=START + timedelta(minutes=90))
    with translation.override("en"):
        shown = when(session, event, "America/Los_Angeles", times_only=True)
    assert shown.local == "9 a.m.–10:30 a.m."
    assert shown.reader == "May 10, 2031, 11 p.m. – May 11, 2031, 12:30 a.m."


def test_event_page_uses_the_cookie_zone(client, world):
    event = EventFactory(start=START, end=START + timedelta(hours=8), time_zone="Europe/Istanbul")
    client.cookies["tz"] = "Asia/Tokyo"
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Your time: May 11, 2031, 3 p.m.–11 p.m. (Asia/Tokyo)" in html
