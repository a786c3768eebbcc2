"""Checking in at the door (service and page) and the attendance figures."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from strongcities.core.audit.models import AuditEntry
from strongcities.events.models import CheckIn, Registration
from strongcities.events.services import checkin
from strongcities.events.services import registration as reg
from tests.events.day_helpers import category_of, confirmed, running_event
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import concept

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    world.secretariat.full_name = "Sam Organiser"
    world.secretariat.save()
    return running_event(title="Mombasa workshop", time_zone="Africa/Nairobi")


@pytest.fixture
def amina(world, event):
    category = category_of(event, name="Practitioners", code="practitioners")
    return confirmed(
        category,
        by=world.secretariat,
        name="Amina Ben Salah",
        email="amina@example.org",
        city=world.city,
        needs="Step-free access",
    )


def at(hour: int, minute: int) -> datetime:
    """A moment of today, in UTC."""
    return datetime.now(UTC).replace(hour=hour, minute=minute, second=0, microsecond=0)


# --- The service -------------------------------------------------------------------------------


def test_first_check_in_admits_and_stamps_the_registration(world, event, amina):
    moment = at(7, 15)
    result = checkin.check_in(event, amina.ticket_code, by=world.secretariat, now=moment)
    assert result.admitted is True
    assert result.duplicate is False
    assert result.registration == amina
    assert result.message == "Amina Ben Salah is checked in."
    amina.refresh_from_db()
    assert amina.checked_in_at == moment
    assert list(CheckIn.objects.values_list("registration", "duplicate", "by", "at")) == [
        (amina.pk, False, world.secretariat.pk, moment)
    ]
    entry = AuditEntry.objects.get(action="events.checked_in")
    assert (entry.actor, entry.target_id) == (world.secretariat, str(amina.pk))


def test_codes_are_read_without_case_spaces_or_dashes(world, event, amina):
    code = amina.ticket_code
    typed = f" {code[:3].lower()}-{code[3:6]} {code[6:].lower()} "
    result = checkin.check_in(event, typed, by=world.secretariat)
    assert result.registration == amina
    assert result.code == code


def test_second_scan_is_a_duplicate_naming_the_first(world, event, amina):
    first = at(7, 15)  # 10:15 in Nairobi
    checkin.check_in(event, amina.ticket_code, by=world.secretariat, now=first)
    result = checkin.check_in(
        event, amina.ticket_code, by=world.other_focal_point, now=first + timedelta(minutes=5)
    )
    assert result.admitted is False
    assert result.duplicate is True
    assert result.first_at == first
    assert result.first_by == world.secretariat
    assert result.message == "Amina Ben Salah was already checked in at 10:15 by Sam Organiser."
    amina.refresh_from_db()
    assert amina.checked_in_at == first
    assert list(CheckIn.objects.order_by("at").values_list("duplicate", "by")) == [
        (False, world.secretariat.pk),
        (True, world.other_focal_point.pk),
    ]
    assert AuditEntry.objects.filter(action="events.check_in_duplicate").count() == 1


@pytest.mark.parametrize("status", ["pending", "waitlisted", "cancelled", "rejected"])
def test_only_confirmed_registrations_get_in(world, event, status):
    other = RegistrationFactory(category=category_of(event), status=status)
    result = checkin.check_in(event, other.ticket_code, by=world.secretariat)
    assert result.registration is None
    assert result.message == "No confirmed registration with this code."
    assert CheckIn.objects.count() == 0


def test_a_ticket_of_another_event_or_an_unknown_code_gets_nobody_in(world, event, amina):
    elsewhere = running_event(title="Elsewhere")
    assert checkin.check_in(elsewhere, amina.ticket_code, by=world.secretariat).registration is None
    assert checkin.check_in(event, "NOPE2345", by=world.secretariat).registration is None
    assert checkin.check_in(event, "   ", by=world.secretariat).registration is None
    assert CheckIn.objects.count() == 0
    assert Registration.objects.get(pk=amina.pk).checked_in_at is None


# --- The page ----------------------------------------------------------------------------------


def url(event) -> str:
    return reverse("events:check_in", args=[event.slug])


def test_page_shows_the_form_counts_and_latest_check_ins(client, world, event, amina):
    checkin.check_in(event, amina.ticket_code, by=world.secretariat, now=at(7, 15))
    client.force_login(world.secretariat)
    response = client.get(url(event))
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 of 1 confirmed participant checked in." in html
    assert 'name="code"' in html
    assert "events/checkin.js" in html
    assert 'hx-post="/events/' in html
    assert response.context["recent"][0].registration == amina
    assert "10:15" in html  # the time at the venue


def test_page_query_count_does_not_grow_with_check_ins(
    client, world, event, django_assert_num_queries
):
    category = category_of(event, capacity=20)
    client.force_login(world.secretariat)
    for n in range(2):
        r = confirmed(category, by=world.secretariat, name=f"P{n}", email=f"p{n}@example.org")
        checkin.check_in(event, r.ticket_code, by=world.secretariat)
    client.get(url(event))
    with django_assert_num_queries(9) as small:
        client.get(url(event))
    for n in range(2, 12):
        r = confirmed(category, by=world.secretariat, name=f"P{n}", email=f"p{n}@example.org")
        checkin.check_in(event, r.ticket_code, by=world.secretariat)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url(event))
    assert len(response.context["recent"]) == 12


def test_posting_without_javascript_renders_the_whole_page(client, world, event, amina):
    client.force_login(world.secretariat)
    response = client.post(url(event), {"code": amina.ticket_code})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "Checked in: welcome." in html
    assert "Amina Ben Salah" in html
    assert "Step-free access" in html  # needs are for the organisers at the door


def test_htmx_post_returns_the_result_and_refreshes_the_list(client, world, event, amina):
    client.force_login(world.secretariat)
    response = client.post(url(event), {"code": amina.ticket_code}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Checked in: welcome." in html
    assert 'id="check-in-recent" hx-swap-oob="innerHTML"' in html
    assert "1 of 1 confirmed participant checked in." in html


def test_duplicate_is_shown_with_time_and_person(client, world, event, amina):
    checkin.check_in(event, amina.ticket_code, by=world.secretariat, now=at(7, 15))
    client.force_login(world.secretariat)
    response = client.post(url(event), {"code": amina.ticket_code}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Already checked in at 10:15 by Sam Organiser." in html
    assert "alert-warning" in html


def test_unknown_code_is_said_so(client, world, event):
    client.force_login(world.secretariat)
    response = client.post(url(event), {"code": "zzzz"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "No confirmed registration with this code." in html
    assert "ZZZZ" in html


def test_empty_code_is_a_form_error_not_a_crash(client, world, event):
    client.force_login(world.secretariat)
    response = client.post(url(event), {"code": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["This field is required."]}


def test_host_focal_point_checks_in_when_the_event_is_delegated(client, world, amina):
    event = amina.event
    event.host_city = world.city
    event.delegated_to_host = True
    event.save()
    client.force_login(world.focal_point)
    response = client.post(url(event), {"code": amina.ticket_code})
    assert response.status_code == 200
    assert CheckIn.objects.get().by == world.focal_point


@pytest.mark.parametrize("role", ["member", "focal_point", "other_focal_point"])
def test_others_get_404_and_check_nobody_in(client, world, event, amina, role):
    client.force_login(world.user(role))
    assert client.get(url(event)).status_code == 404
    assert client.post(url(event), {"code": amina.ticket_code}).status_code == 404
    assert CheckIn.objects.count() == 0


def test_anonymous_is_sent_to_sign_in_and_hidden_events_are_404(client, world, event):
    response = client.get(url(event))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    draft = EventFactory(status="draft")
    assert client.get(url(draft)).status_code == 404


# --- Attendance --------------------------------------------------------------------------------


@pytest.fixture
def summit(world):
    """Mayors and practitioners from Tunis (MENA), Aarhus (Europe) and one partner guest."""
    event = running_event(title="Summit")
    mayors = category_of(event, name="Mayors", code="mayors", capacity=5, position=0)
    practitioners = category_of(event, name="Practitioners", code="pract", capacity=1, position=1)
    by = world.secretariat
    people = {
        "a": confirmed(mayors, by=by, name="A", email="a@x.org", city=world.city),
        "b": confirmed(mayors, by=by, name="B", email="b@x.org", city=world.other_city),
        "c": confirmed(practitioners, by=by, name="C", email="c@x.org", city=world.city),
        "d": confirmed(mayors, by=by, name="D", email="d@x.org"),
    }
    waiting = reg.register(event, practitioners, reg.Person("E", "e@x.org"), by=by)
    assert waiting.status == "waitlisted"
    RegistrationFactory(category=mayors, status="cancelled", city=world.city)
    for key in ("a", "c", "d"):
        checkin.check_in(event, people[key].ticket_code, by=by)
    reg.cancel(people["d"], by=by)  # came, then cancelled: still counted as having come
    return event


def rows(table) -> list[tuple]:
    return [(r.label, r.registered, r.confirmed, r.checked_in) for r in table]


def test_attendance_by_category_and_region(world, summit, django_assert_num_queries):
    assert world.city.region == concept("region", "middle-east-north-africa")
    world.other_city.region = concept("region", "europe")
    world.other_city.save()
    with django_assert_num_queries(4):
        figures = checkin.attendance(summit)
    assert rows(figures.by_category) == [("Mayors", 3, 2, 2), ("Practitioners", 2, 1, 1)]
    assert rows([figures.total]) == [("All participants", 5, 3, 3)]
    assert rows(figures.by_region) == [
        ("Europe", 1, 1, 0),
        ("Middle East & North Africa", 2, 2, 2),
        ("No city (partners and guests)", 2, 0, 1),
    ]
    assert figures.by_category[0].rate == 100
    assert figures.by_region[0].rate == 0


def test_region_labels_follow_the_language(world, summit):
    europe, mena = concept("region", "europe"), concept("region", "middle-east-north-africa")
    world.other_city.region = europe
    world.other_city.save()
    with translation.override("fr"):
        labels = [row.label for row in checkin.attendance(summit).by_region]
    assert labels[:2] == sorted([europe.label_fr, mena.label_fr], key=str.casefold)


def test_attendance_page_for_organisers_only(client, world, summit):
    client.force_login(world.secretariat)
    response = client.get(reverse("events:attendance", args=[summit.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "By participant category" in html
    assert "Middle East &amp; North Africa" in html
    assert "No feedback yet." in html
    for role in ("member", "focal_point", "other_focal_point"):
        client.force_login(world.user(role))
        assert client.get(reverse("events:attendance", args=[summit.slug])).status_code == 404


def test_empty_event_has_zero_figures(world):
    event = EventFactory()
    category_of(event, name="Youth")
    figures = checkin.attendance(event)
    assert rows(figures.by_category) == [("Youth", 0, 0, 0)]
    assert figures.by_region == []
    assert figures.total.rate is None


def test_htmx_post_of_an_empty_code_says_what_is_missing(client, world, event):
    client.force_login(world.secretariat)
    response = client.post(url(event), {"code": ""}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "This field is required." in html
    assert "No confirmed registration" not in html
    assert response["Vary"].split(", ").count("HX-Request") == 1
