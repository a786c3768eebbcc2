"""iCalendar files (parsed back with the icalendar package) and the personal secret feed."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse

from strongcities.core.audit.models import AuditEntry
from strongcities.core.visibility import Visibility
from strongcities.events.models import CalendarFeed, Event
from strongcities.events.services import calendar
from strongcities.events.services import registration as reg
from tests.events.factories import CategoryFactory, EventFactory, SessionFactory, SpeakerFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
START = datetime(2031, 5, 11, 6, 0, tzinfo=UTC)


def parse(body: bytes) -> list:
    return [c for c in icalendar.Calendar.from_ical(body).walk() if c.name == "VEVENT"]


@pytest.fixture
def event(world):
    return EventFactory(
        slug="summit",
        title="Summit; with, commas\\ and a newline",
        summary="Line one\nLine two",
        start=START,
        end=START + timedelta(hours=32),
        time_zone="Europe/Istanbul",
        host_city=world.city,
        venue="Congress centre",
        online_url="https://meet.example.org/secret-room",
    )


def test_escape_and_fold():
    assert calendar.escape_text("a;b,c\\d\r\ne") == "a\\;b\\,c\\\\d\\ne"
    line = "DESCRIPTION:" + "é" * 80
    folded = calendar.fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_event_ics_parses_back(client, event):
    response = client.get(reverse("events:ics", args=[event.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert body.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    (vevent,) = parse(body)
    assert str(vevent["UID"]) == f"event-{event.pk}@127.0.0.1"
    assert vevent.decoded("DTSTART") == START
    assert vevent.decoded("DTEND") == START + timedelta(hours=32)
    assert b"DTSTART:20310511T060000Z" in body
    assert str(vevent["SUMMARY"]) == "Summit; with, commas\\ and a newline"
    assert str(vevent["DESCRIPTION"]) == "Line one\nLine two"
    assert str(vevent["LOCATION"]) == "Congress centre, Tunis"
    assert str(vevent["URL"]) == "http://127.0.0.1:8000/events/summit/"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert b"secret-room" not in body
    assert isinstance(vevent.decoded("DTSTAMP"), datetime)


def test_cancelled_event_is_marked_cancelled(client, event):
    event.status = Event.Status.CANCELLED
    event.save()
    (vevent,) = parse(client.get(reverse("events:ics", args=[event.slug])).content)
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["DESCRIPTION"]).startswith("This event is cancelled.")


def test_session_ics_names_speakers_by_their_public_name(client, event):
    session = SessionFactory(
        event=event, title="Testimonies", room="Hall B", start=START, end=START + timedelta(hours=1)
    )
    session.speakers.add(
        SpeakerFactory(event=event, public_name="Amal", pseudonymous=True, real_name="Real Person")
    )
    response = client.get(reverse("events:session_ics", args=[event.slug, session.pk]))
    (vevent,) = parse(response.content)
    assert str(vevent["SUMMARY"]) == "Testimonies"
    assert str(vevent["LOCATION"]) == "Hall B, Congress centre, Tunis"
    assert "Speakers: Amal" in str(vevent["DESCRIPTION"])
    assert b"Real Person" not in response.content
    assert str(vevent["URL"]) == f"http://127.0.0.1:8000/events/summit/#session-{session.pk}"
    other = SessionFactory(event=EventFactory())
    assert client.get(reverse("events:session_ics", args=[event.slug, other.pk])).status_code == 404


def test_ics_is_translated(client, event):
    event.title_fr = "Sommet"
    event.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    (vevent,) = parse(client.get(reverse("events:ics", args=[event.slug])).content)
    assert str(vevent["SUMMARY"]) == "Sommet"


def test_personal_feed_lists_my_events_and_sessions(client, world, event):
    category = CategoryFactory(event=event, capacity=1)
    mine = reg.register(event, category, reg.person_for(world.member), by=world.member)
    session = SessionFactory(event=event, title="Workshop A", signup=True, capacity=5)
    SessionFactory(event=event, title="Workshop B", signup=True, capacity=5)
    reg.sign_up(mine, session, by=world.member)
    waiting_event = EventFactory(title="Full webinar", host_city=None)
    full = CategoryFactory(event=waiting_event, capacity=0)
    reg.register(waiting_event, full, reg.person_for(world.member), by=world.member)
    EventFactory(title="Not registered")
    raw = calendar.create_feed(world.member)
    response = client.get(reverse("events:feed", args=[raw]))  # no sign-in needed
    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    vevents = parse(response.content)
    assert [str(v["SUMMARY"]) for v in vevents] == ["Full webinar", str(event.title), "Workshop A"]
    # the confirmed registration's online link is there; the waiting one has none
    assert str(vevents[0]["LOCATION"]) == "Online"
    assert "https://meet.example.org/secret-room" in str(vevents[1]["LOCATION"])


def test_feed_token_is_stored_hashed_reset_and_revoked(client, world):
    first = calendar.create_feed(world.member)
    feed = CalendarFeed.objects.get(user=world.member)
    assert feed.token_hash == calendar.hash_token(first)
    assert first not in feed.token_hash
    assert client.get(reverse("events:feed", args=[first])).status_code == 200
    assert CalendarFeed.objects.get(user=world.member).last_used_at is not None
    second = calendar.create_feed(world.member)
    assert client.get(reverse("events:feed", args=[first])).status_code == 404
    assert client.get(reverse("events:feed", args=[second])).status_code == 200
    calendar.revoke_feed(world.member)
    assert client.get(reverse("events:feed", args=[second])).status_code == 404
    assert client.get(reverse("events:feed", args=["nonsense"])).status_code == 404
    world.member.is_active = False
    world.member.save()
    assert (
        client.get(reverse("events:feed", args=[calendar.create_feed(world.member)])).status_code
        == 404
    )


def test_calendar_page_creates_resets_and_revokes(client, world):
    url = reverse("events:calendar")
    assert client.get(url).status_code == 302
    client.force_login(world.member)
    assert "Create my calendar address" in client.get(url).content.decode()
    response = client.post(url, {"action": "create"})
    assert response.status_code == 200
    new_url = response.context["new_url"]
    assert new_url.startswith("http://testserver/events/feed/")
    raw = new_url.removeprefix("http://testserver/events/feed/").removesuffix(".ics")
    assert calendar.feed_user(raw) == world.member
    page = client.get(url).content.decode()
    assert raw not in page  # shown once only
    assert "Revoke the address" in page
    response = client.post(url, {"action": "reset"})
    assert calendar.feed_user(raw) is None
    assert response.context["new_url"] != new_url
    response = client.post(url, {"action": "revoke"})
    assert response.status_code == 302
    assert CalendarFeed.objects.filter(user=world.member).count() == 0
    assert client.post(url, {"action": "explode"}).status_code == 302
    assert list(
        AuditEntry.objects.filter(action__startswith="events.calendar_feed")
        .values_list("action", flat=True)
        .order_by("pk")
    ) == [
        "events.calendar_feed_created",
        "events.calendar_feed_created",
        "events.calendar_feed_revoked",
    ]


def test_ics_of_hidden_event_is_404(client, world):
    hidden = EventFactory(visibility=Visibility.MEMBERS)
    session = SessionFactory(event=hidden)
    assert client.get(reverse("events:ics", args=[hidden.slug])).status_code == 404
    assert (
        client.get(reverse("events:session_ics", args=[hidden.slug, session.pk])).status_code == 404
    )
    client.force_login(UserFactory())
    assert client.get(reverse("events:ics", args=[hidden.slug])).status_code == 404
