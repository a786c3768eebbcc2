"""The public side of events: the listing, the event page, materials, participants, the
Events link, the home page's "Coming up" card and a city's hosted events."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from strongcities.core.audit.models import AuditEntry
from strongcities.core.visibility import Visibility
from strongcities.events.models import Event, Registration, Speaker
from strongcities.events.services import registration as reg
from tests.events.factories import (
    CategoryFactory,
    EventFactory,
    MaterialFactory,
    OutcomeFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.factories import CityFactory, UserFactory, concept
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db
LIST = reverse("events:list")


def titles(response) -> list[str]:
    return [str(event.title) for event in response.context["events"]]


def confirm(event, category, user) -> Registration:
    return reg.register(event, category, reg.person_for(user), by=user)


@pytest.fixture
def summit(world):
    """A two-day summit in Antalya with an agenda, a pseudonymous speaker and two categories."""
    antalya = CityFactory(
        slug="antalya", name="Antalya", country="TR", region=concept("region", "europe")
    )
    start = datetime(2031, 5, 11, 6, 0, tzinfo=UTC)  # 09:00 in Istanbul
    event = EventFactory(
        slug="global-summit",
        title="Global Summit",
        summary="Mayors and practitioners of the whole network meet in Antalya.",
        description="Two days of plenaries, panels and site visits.",
        kind=concept("event-type", "global-summit"),
        start=start,
        end=start + timedelta(days=1, hours=8),
        time_zone="Europe/Istanbul",
        host_city=antalya,
        venue="Congress centre",
        online_url="https://meet.example.org/summit",
    )
    mayors = CategoryFactory(event=event, code="mayors", name="Mayors", capacity=2, position=0)
    practitioners = CategoryFactory(
        event=event, code="practitioners", name="Practitioners", capacity=100, position=1
    )
    survivor = SpeakerFactory(
        event=event,
        public_name="Amal",
        pseudonymous=True,
        real_name="Fatima Real-Name",
        consent_note="Signed form, 2 March",
    )
    mayor = SpeakerFactory(event=event, public_name="Mayor Ahmet", affiliation="Antalya")
    opening = SessionFactory(
        event=event, title="Opening plenary", start=start, end=start + timedelta(hours=1)
    )
    opening.speakers.add(mayor)
    testimony = SessionFactory(
        event=event,
        title="Testimonies",
        kind="panel",
        room="Hall B",
        start=start + timedelta(days=1),
        end=start + timedelta(days=1, hours=1),
    )
    testimony.speakers.add(survivor, mayor)
    return event, mayors, practitioners


# --- the listing -------------------------------------------------------------------------------


def test_listing_shows_upcoming_events_soonest_first(client, world):
    later = EventFactory(title="Later", start=timezone.now() + timedelta(days=60))
    EventFactory(title="Sooner", start=timezone.now() + timedelta(days=5))
    EventFactory(title="Over", start=timezone.now() - timedelta(days=5))
    EventFactory(title="A draft", status=Event.Status.DRAFT)
    EventFactory(title="Members", visibility=Visibility.MEMBERS)
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Sooner", "Later"]
    html = response.content.decode()
    assert later.get_absolute_url() in html
    assert "A draft" not in html


def test_members_see_members_events_and_the_archive_lists_past_newest_first(client, world):
    EventFactory(title="Members", visibility=Visibility.MEMBERS)
    EventFactory(title="Long ago", start=timezone.now() - timedelta(days=400))
    EventFactory(title="Last month", start=timezone.now() - timedelta(days=30))
    client.force_login(world.member)
    assert titles(client.get(LIST)) == ["Members"]
    assert titles(client.get(LIST + "?when=past")) == ["Last month", "Long ago"]


def test_listing_filters_by_type_and_region(client, world):
    EventFactory(title="Tunis workshop", host_city=world.city)
    EventFactory(title="Tunis webinar", host_city=world.city, kind=concept("event-type", "webinar"))
    EventFactory(title="Online webinar", kind=concept("event-type", "webinar"))
    aarhus = CityFactory(
        slug="vienna", name="Vienna", country="AT", region=concept("region", "europe")
    )
    EventFactory(title="Vienna workshop", host_city=aarhus)
    assert titles(client.get(LIST + "?type=webinar")) == ["Tunis webinar", "Online webinar"]
    assert titles(client.get(LIST + "?region=europe")) == ["Vienna workshop"]
    response = client.get(LIST + "?type=regional-workshop&region=middle-east-north-africa")
    assert titles(response) == ["Tunis workshop"]
    assert response.context["filtered"] is True


def test_listing_ignores_bad_input(client, world):
    EventFactory(title="Only one")
    response = client.get(LIST + "?when=sideways&type=nonsense&region=%00&page=x")
    assert response.status_code == 200
    assert titles(response) == ["Only one"]
    assert response.context["when"] == "upcoming"


def test_listing_is_paginated(client, world):
    base = timezone.now() + timedelta(days=3)
    for n in range(23):
        EventFactory(title=f"E{n:02}", start=base + timedelta(days=n))
    first = client.get(LIST)
    assert titles(first) == [f"E{n:02}" for n in range(20)]
    assert "Page 1 of 2" in first.content.decode()
    assert titles(client.get(LIST + "?page=2")) == ["E20", "E21", "E22"]


@pytest.mark.parametrize("count", [1, 12])
def test_listing_query_count_does_not_grow(client, world, django_assert_num_queries, count):
    for n in range(count):
        EventFactory(title=f"E{n}", host_city=world.city if n % 2 else None)
    client.force_login(world.member)
    # session, user, types, regions, count, page (kind, city, region joined); city roles and
    # partner ids for the visibility rule; the header's unread notifications
    with django_assert_num_queries(9):
        response = client.get(LIST)
    assert len(response.context["events"]) == count


# --- the event page ----------------------------------------------------------------------------


def test_event_page_shows_cover_dates_place_agenda_and_calendar_links(client, summit):
    event, _mayors, _practitioners = summit
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mayors and practitioners of the whole network meet in Antalya." in html
    assert "Global summit" in html
    # 06:00 UTC is 09:00 in Istanbul
    assert "May 11, 2031, 9 a.m. – May 12, 2031, 5 p.m." in html
    assert "local time, Europe/Istanbul" in html
    assert "Your time" not in html  # the reader's time zone is not known
    assert "Congress centre" in html
    assert 'href="/cities/antalya/"' in html
    assert reverse("events:ics", args=[event.slug]) in html
    days = response.context["agenda"]
    assert [(d.day.isoformat(), [s.title for s in d.sessions]) for d in days] == [
        ("2031-05-11", ["Opening plenary"]),
        ("2031-05-12", ["Testimonies"]),
    ]
    assert "Hall B" in html
    assert "Panel" in html


def test_event_page_shows_the_readers_time_too(client, world, summit):
    event = summit[0]
    world.member.time_zone = "America/New_York"
    world.member.save()
    client.force_login(world.member)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Your time: May 11, 2031, 2 a.m. – May 12, 2031, 10 a.m. (America/New_York)" in html
    assert "Your time: 2 a.m.–3 a.m." not in html  # agenda times carry their date
    assert "Your time: May 11, 2031, 2 a.m.–3 a.m. (America/New_York)" in html


def test_online_event_says_online(client, world):
    event = EventFactory(title="A webinar", time_zone="UTC", online_url="https://x.example.org/w")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Online" in html
    assert "https://x.example.org/w" not in html
    assert "The online link is shown to confirmed participants." in html


def test_online_link_for_confirmed_participants_and_organisers_only(client, world, summit):
    event, _mayors, practitioners = summit
    url = event.get_absolute_url()
    client.force_login(world.member)
    assert "https://meet.example.org/summit" not in client.get(url).content.decode()
    confirm(event, practitioners, world.member)
    assert "https://meet.example.org/summit" in client.get(url).content.decode()
    client.force_login(world.secretariat)
    assert "https://meet.example.org/summit" in client.get(url).content.decode()


def test_pseudonymous_speaker_shows_only_the_pseudonym_except_to_the_secretariat(
    client, world, summit
):
    event = summit[0]
    event.host_city = world.city
    event.delegated_to_host = True  # even the organising host focal point may not know
    event.save()
    for user in (None, world.member, world.focal_point):
        client.logout()
        if user:
            client.force_login(user)
        html = client.get(event.get_absolute_url()).content.decode()
        assert "Amal" in html
        assert "Fatima Real-Name" not in html
        assert "Signed form" not in html
    client.force_login(world.secretariat)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Fatima Real-Name" in html
    assert "Signed form, 2 March" in html


def test_pseudonymous_speakers_never_have_a_photo(client, world, summit):
    event = summit[0]
    mayor = Speaker.objects.get(public_name="Mayor Ahmet")
    mayor.photo.save("mayor.png", ContentFile(PNG), save=True)
    html = client.get(event.get_absolute_url()).content.decode()
    photo = reverse("events:speaker_photo", args=[event.slug, mayor.pk])
    assert html.count('class="speaker-photo') == 1
    assert photo in html
    response = client.get(photo)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    survivor = Speaker.objects.get(public_name="Amal")
    assert (
        client.get(reverse("events:speaker_photo", args=[event.slug, survivor.pk])).status_code
        == 404
    )


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_registration_box_shows_seats_and_my_status(client, world, summit):
    event, mayors, _practitioners = summit
    confirm(event, mayors, UserFactory())
    confirm(event, mayors, UserFactory())
    first_waiting = UserFactory()
    confirm(event, mayors, first_waiting)
    confirm(event, mayors, world.member)
    client.force_login(world.member)
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert [(s.category.code, s.free) for s in response.context["seats"]] == [
        ("mayors", 0),
        ("practitioners", 100),
    ]
    assert "Full — waiting list" in html
    assert "100 of 100" in html
    assert "You are on the waiting list (Mayors), number 2." in html
    assert response.context["waitlist_position"] == 2


@pytest.mark.parametrize("sessions", [1, 10])
def test_event_page_query_count_does_not_grow(
    client, world, summit, django_assert_num_queries, sessions
):
    event = summit[0]
    for n in range(sessions):
        session = SessionFactory(event=event, title=f"Extra {n}")
        session.speakers.add(SpeakerFactory(event=event), SpeakerFactory(event=event))
        MaterialFactory(event=event, visibility=Visibility.PUBLIC, session=session)
    client.force_login(world.member)
    # session, user, event, city roles, partner ids, speakers, sessions + their speakers,
    # my registration, materials, seats, the header's unread count
    with django_assert_num_queries(12):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200


def test_past_event_shows_outcomes_and_only_visible_practices(client, world):
    event = EventFactory(
        title="Past workshop",
        start=timezone.now() - timedelta(days=10),
        outcomes_summary="Forty practitioners trained.",
    )
    shown = make_practice(world.other_city, title="Open practice")
    hidden = make_practice(
        world.other_city, title="Hidden practice", visibility=Visibility.RESTRICTED
    )
    OutcomeFactory(
        event=event, kind="commitment", city=world.city, practice=shown, text="Tunis will pilot it."
    )
    OutcomeFactory(event=event, practice=hidden, text="Aarhus will share its method.")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Forty practitioners trained." in html
    assert "Tunis will pilot it." in html
    assert "Open practice" in html
    assert "Aarhus will share its method." in html
    assert "Hidden practice" not in html


def test_upcoming_event_shows_no_outcomes(client, world):
    event = EventFactory(outcomes_summary="Not yet")
    OutcomeFactory(event=event, text="Too early")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Too early" not in html


@pytest.mark.parametrize(
    ("kwargs", "host", "role"),
    [
        ({"status": Event.Status.DRAFT}, "other_city", "member"),
        ({"visibility": Visibility.MEMBERS}, "city", "anonymous"),
        ({"visibility": Visibility.RESTRICTED}, "city", "other_focal_point"),
        ({"visibility": Visibility.SECRETARIAT}, "other_city", "focal_point"),
    ],
)
def test_hidden_events_answer_404(client, world, kwargs, host, role):
    event = EventFactory(host_city=getattr(world, host), **kwargs)
    if world.user(role):
        client.force_login(world.user(role))
    for url in (
        event.get_absolute_url(),
        reverse("events:ics", args=[event.slug]),
        reverse("events:participants", args=[event.slug]),
    ):
        assert client.get(url).status_code == 404


def test_event_page_renders_in_arabic_right_to_left(client, world, summit):
    event = summit[0]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    for url in (LIST, event.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert '<html lang="ar" dir="rtl">' in response.content.decode()


# --- materials -----------------------------------------------------------------------------------


def test_material_download_and_audit_of_non_public(client, world):
    event = EventFactory()
    public = MaterialFactory(event=event, visibility=Visibility.PUBLIC, title="Open slides")
    members = MaterialFactory(event=event, visibility=Visibility.MEMBERS, title="Member report")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Open slides" in page
    assert "Member report" not in page
    response = client.get(public.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"
    assert client.get(members.get_absolute_url()).status_code == 404
    assert AuditEntry.objects.filter(action="events.material_downloaded").count() == 0
    client.force_login(world.member)
    assert client.get(members.get_absolute_url()).status_code == 200
    entry = AuditEntry.objects.get(action="events.material_downloaded")
    assert (entry.actor, entry.target_id) == (world.member, str(members.pk))


def test_material_of_another_event_is_not_served(client, world):
    event = EventFactory()
    other = MaterialFactory(
        event=EventFactory(visibility=Visibility.SECRETARIAT), visibility=Visibility.PUBLIC
    )
    url = reverse("events:material", args=[event.slug, other.pk])
    assert client.get(url).status_code == 404


# --- participants ------------------------------------------------------------------------------


def test_participants_lists_confirmed_consenting_people_without_email(client, world):
    event = EventFactory()
    category = CategoryFactory(event=event, capacity=5)
    shown = reg.register(
        event,
        category,
        reg.Person(
            name="Listed Person",
            email="listed@example.org",
            city=world.city,
            job_title="Teacher",
            listed=True,
            needs="Vegetarian",
        ),
        by=world.secretariat,
    )
    reg.register(
        event,
        category,
        reg.Person(name="Private Person", email="private@example.org"),
        by=world.secretariat,
    )
    RegistrationFactory(
        category=category, name="Waiting Person", listed=True, status=Registration.Status.WAITLISTED
    )
    assert shown.status == Registration.Status.CONFIRMED
    url = reverse("events:participants", args=[event.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(UserFactory())  # not a member of the network
    assert client.get(url).status_code == 404
    client.force_login(world.other_focal_point)
    html = client.get(url).content.decode()
    assert "Listed Person" in html
    assert "Tunis" in html
    assert "Teacher" in html
    assert "listed@example.org" not in html
    assert "Vegetarian" not in html
    assert "Private Person" not in html
    assert "Waiting Person" not in html


# --- elsewhere on the site ---------------------------------------------------------------------


def test_header_links_to_events(client, world):
    html = client.get(reverse("core:home")).content.decode()
    assert re.search(r'<a class="nav-link" href="/events/">Events</a>', html)


def test_home_page_shows_coming_up(client, world):
    EventFactory(title="Next public event")
    EventFactory(title="Members only", visibility=Visibility.MEMBERS)
    EventFactory(title="Done", start=timezone.now() - timedelta(days=9))
    html = client.get(reverse("core:home")).content.decode()
    assert "Coming up" in html
    assert "Next public event" in html
    assert "Members only" not in html
    assert "Done" not in html


def test_city_profile_lists_hosted_events(client, world):
    EventFactory(title="Tunis summit", host_city=world.city)
    EventFactory(
        title="Tunis archive", host_city=world.city, start=timezone.now() - timedelta(days=40)
    )
    EventFactory(title="Tunis secret", host_city=world.city, visibility=Visibility.RESTRICTED)
    EventFactory(title="Elsewhere", host_city=world.other_city)
    html = client.get(world.city.get_absolute_url()).content.decode()
    assert "Tunis summit" in html
    assert "Tunis archive" in html
    assert "Tunis secret" not in html
    assert "Elsewhere" not in html
