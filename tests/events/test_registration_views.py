"""The participant's pages of registration: register, my registration (waiting list position,
offered seat, cancel, sessions), My events, and a focal point's delegation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from strongcities.events.models import Event, Feedback, Invitation, Registration, Session
from strongcities.events.services import registration as services
from tests.events.factories import CategoryFactory, EventFactory, SessionFactory
from tests.factories import CityRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def register(event, category, user=None, **person):
    """Register somebody through the service (keeps the seats in step)."""
    user = user or UserFactory()
    who = services.person_for(user)
    for name, value in person.items():
        setattr(who, name, value)
    return services.register(event, category, who, by=user)


@pytest.fixture
def event(world):
    return EventFactory(slug="mombasa-workshop", title="Mombasa workshop", host_city=world.city)


@pytest.fixture
def practitioners(event):
    return CategoryFactory(event=event, code="practitioners", name="Practitioners", capacity=2)


def url(name, event, *args):
    return reverse(f"events:{name}", args=[event.slug, *args])


def texts(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- register --------------------------------------------------------------------------------


def test_register_form_shows_seats_left_and_waiting_lists(client, world, event, practitioners):
    mayors = CategoryFactory(event=event, code="mayors", name="Mayors", capacity=1, position=1)
    press = CategoryFactory(
        event=event, code="press", name="Press", capacity=1, waitlist=False, position=2
    )
    register(event, practitioners)
    register(event, mayors)
    register(event, mayors)
    register(event, press)
    client.force_login(world.member)
    response = client.get(url("register", event))
    assert response.status_code == 200
    assert response.context["form"].fields["category"].choices == [
        (practitioners.pk, "Practitioners — 1 seat left"),
        (mayors.pk, "Mayors — full: join the waiting list (1 person waiting)"),
    ]


def test_registering_confirms_a_free_seat_with_needs_and_consent(
    client, world, event, practitioners
):
    client.force_login(world.member)
    response = client.post(
        url("register", event),
        {
            "category": practitioners.pk,
            "job_title": "Youth worker",
            "needs": "Vegetarian",
            "listed": "on",
        },
        follow=True,
    )
    assert response.redirect_chain == [(url("registration", event), 302)]
    reg = Registration.objects.get(event=event)
    assert (reg.user, reg.status, reg.job_title, reg.needs, reg.listed, reg.city) == (
        world.member,
        "confirmed",
        "Youth worker",
        "Vegetarian",
        True,
        world.city,
    )
    assert texts(response) == [
        "You are registered: your seat among the Practitioners is confirmed."
    ]
    assert "Your seat is confirmed." in response.content.decode()


def test_a_full_category_puts_the_registrant_on_the_waiting_list_with_a_position(
    client, world, event, practitioners
):
    register(event, practitioners)
    register(event, practitioners)
    register(event, practitioners)  # first on the waiting list
    client.force_login(world.member)
    response = client.post(url("register", event), {"category": practitioners.pk}, follow=True)
    reg = Registration.objects.get(event=event, user=world.member)
    assert reg.status == "waitlisted"
    assert response.context["position"] == 2
    assert "You are number 2 on the waiting list for Practitioners." in response.content.decode()


def test_the_service_refusal_is_a_form_error(client, world, event, practitioners):
    event.registration_closes = timezone.now() - timedelta(days=1)
    event.save()
    client.force_login(world.member)
    response = client.get(url("register", event))
    assert (response.context["is_open"], response.context["show_form"]) == (False, False)
    assert "Registration for this event is closed." in response.content.decode()
    response = client.post(url("register", event), {"category": practitioners.pk})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Registration for this event is closed."]
    assert Registration.objects.count() == 0


def test_an_unknown_category_is_a_form_error_not_a_crash(client, world, event, practitioners):
    client.force_login(world.member)
    response = client.post(url("register", event), {"category": "999999"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["category"]


def test_registered_people_are_sent_to_their_registration(client, world, event, practitioners):
    register(event, practitioners, world.member)
    client.force_login(world.member)
    response = client.get(url("register", event))
    assert response.status_code == 302
    assert response["Location"] == url("registration", event)


def test_invitation_code_from_the_link_is_prefilled_and_checked(
    client, world, event, practitioners
):
    event.mode = Event.Mode.INVITATION
    event.save()
    invitation = Invitation.objects.create(event=event, category=practitioners, max_uses=5)
    client.force_login(world.member)
    response = client.get(url("register", event) + f"?code={invitation.code.lower()}")
    form = response.context["form"]
    assert (form["code"].value(), form["category"].value()) == (invitation.code, practitioners.pk)

    response = client.post(url("register", event), {"category": practitioners.pk, "code": "NOPE"})
    assert response.context["form"].errors == {
        "code": ["This invitation code is not valid for this event."]
    }
    response = client.post(
        url("register", event), {"category": practitioners.pk, "code": invitation.code}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.uses == 1
    assert Registration.objects.get(event=event).invitation == invitation


def test_a_named_invitation_needs_no_code(client, world, event, practitioners):
    event.mode = Event.Mode.INVITATION
    event.save()
    Invitation.objects.create(event=event, category=practitioners, email=world.member.email)
    client.force_login(world.member)
    response = client.get(url("register", event))
    assert response.context["form"]["category"].value() == practitioners.pk
    response = client.post(url("register", event), {"category": practitioners.pk, "code": ""})
    assert response.status_code == 302
    assert Registration.objects.get(event=event).status == "confirmed"


def test_hidden_events_answer_404_and_anonymous_visitors_sign_in(client, world, event):
    draft = EventFactory(status=Event.Status.DRAFT)
    client.force_login(world.member)
    assert client.get(url("register", draft)).status_code == 404
    client.logout()
    response = client.get(url("register", event))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- my registration -------------------------------------------------------------------------


def test_someone_without_registration_is_invited_to_register(client, world, event):
    client.force_login(world.member)
    response = client.get(url("registration", event))
    assert response.status_code == 200
    assert response.context["reg"] is None
    assert "You are not registered for this event." in response.content.decode()


def test_cancelling_frees_the_seat_for_the_first_waiting_who_accepts_it(
    client, world, event, practitioners
):
    event.offer_hours = 24
    event.save()
    register(event, practitioners, world.focal_point)
    register(event, practitioners)
    waiting = register(event, practitioners, world.member)
    client.force_login(world.focal_point)
    response = client.post(url("cancel_registration", event), follow=True)
    assert texts(response) == [f"The registration of {world.focal_point.full_name} is cancelled."]
    waiting.refresh_from_db()
    assert waiting.status == "offered"

    client.force_login(world.member)
    response = client.get(url("registration", event))
    page = response.content.decode()
    assert "A seat among the Practitioners is offered to you until" in page
    assert url("accept_offer", event) in page
    response = client.post(url("accept_offer", event), follow=True)
    assert texts(response) == ["The seat is yours: your registration is confirmed."]
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_declining_an_offer_passes_the_seat_on(client, world, event, practitioners):
    first = register(event, practitioners)
    register(event, practitioners)
    offered = register(event, practitioners, world.member)
    nxt = register(event, practitioners)
    services.cancel(first, by=None)
    client.force_login(world.member)
    response = client.post(url("decline_offer", event), follow=True)
    assert texts(response) == ["You declined the seat: it goes to the next person waiting."]
    offered.refresh_from_db()
    nxt.refresh_from_db()
    assert (offered.status, nxt.status) == ("cancelled", "offered")


def test_accepting_without_an_offer_is_a_message(client, world, event, practitioners):
    register(event, practitioners, world.member)
    client.force_login(world.member)
    response = client.post(url("accept_offer", event), follow=True)
    assert texts(response) == ["There is no seat offered to you for this event."]


def test_cancel_needs_post_and_an_active_registration(client, world, event, practitioners):
    client.force_login(world.member)
    assert client.get(url("cancel_registration", event)).status_code == 405
    assert client.post(url("cancel_registration", event)).status_code == 404


def test_someone_elses_registration_cannot_be_cancelled(client, world, event, practitioners):
    other = register(event, practitioners)
    client.force_login(world.member)
    response = client.post(url("cancel_registration", event), {"registration": other.pk})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "confirmed"


def test_session_sign_up_is_a_toggle_within_seats(client, world, event, practitioners):
    workshop = SessionFactory(event=event, title="Family support", signup=True, capacity=1)
    SessionFactory(event=event, title="Plenary")  # needs no sign-up: not listed
    register(event, practitioners, world.member)
    client.force_login(world.member)
    response = client.get(url("registration", event))
    assert [(i["session"], i["signed_up"], i["left"]) for i in response.context["sessions"]] == [
        (workshop, False, 1)
    ]
    response = client.post(url("session_signup", event, workshop.pk), follow=True)
    assert texts(response) == ["You are signed up for the session Family support."]
    assert Session.objects.get(pk=workshop.pk).held == 1
    other = register(event, practitioners)
    client.force_login(other.user)
    response = client.post(url("session_signup", event, workshop.pk), follow=True)
    assert texts(response) == ["The session “Family support” is full."]
    client.force_login(world.member)
    response = client.post(url("session_signup", event, workshop.pk), follow=True)
    assert texts(response) == ["You left the session Family support."]
    assert Session.objects.get(pk=workshop.pk).held == 0


def test_only_confirmed_participants_sign_up(client, world, event, practitioners):
    workshop = SessionFactory(event=event, signup=True)
    client.force_login(world.member)
    response = client.post(url("session_signup", event, workshop.pk), follow=True)
    assert texts(response) == ["Only confirmed participants can sign up for sessions."]


def test_confirmed_participants_see_their_ticket_link(client, world, event, practitioners):
    register(event, practitioners, world.member)
    client.force_login(world.member)
    response = client.get(url("registration", event))
    assert (response.context["show_ticket"], response.context["show_feedback"]) == (True, False)
    assert f'href="{url("ticket", event)}"' in response.content.decode()


def test_feedback_is_offered_once_the_event_started(client, world, practitioners):
    event = practitioners.event
    reg = register(event, practitioners, world.member)
    Event.objects.filter(pk=event.pk).update(start=timezone.now() - timedelta(hours=2))
    client.force_login(world.member)
    response = client.get(url("registration", event))
    assert (response.context["show_ticket"], response.context["show_feedback"]) == (True, True)
    assert f'href="{url("feedback", event)}"' in response.content.decode()
    Feedback.objects.create(registration=reg, rating=5)
    response = client.get(url("registration", event))
    assert response.context["show_feedback"] is False


# --- my events -------------------------------------------------------------------------------


def _my_events(world, n: int):
    for i in range(n):
        event = EventFactory(start=timezone.now() + timedelta(days=10 + i))
        category = CategoryFactory(event=event, capacity=1)
        register(event, category)
        register(event, category, world.member)  # waiting, number 1
    past = EventFactory(
        title="Antalya summit",
        start=timezone.now() - timedelta(days=30),
        end=timezone.now() - timedelta(days=29),
    )
    Registration.objects.create(
        event=past,
        category=CategoryFactory(event=past),
        user=world.member,
        name="Member",
        email=world.member.email,
        status="cancelled",
    )


def test_my_events_lists_upcoming_and_past_with_positions(client, world):
    _my_events(world, 2)
    client.force_login(world.member)
    response = client.get(reverse("events:mine"))
    upcoming = response.context["upcoming"]
    assert [(r.status, r.position) for r in upcoming] == [("waitlisted", 1), ("waitlisted", 1)]
    assert [str(r.event.title) for r in response.context["past"]] == ["Antalya summit"]
    assert "number 1 on the waiting list" in response.content.decode()
    assert f'href="{reverse("events:calendar")}"' in response.content.decode()


def test_my_events_query_count_does_not_grow_with_waiting_registrations(
    client, world, django_assert_max_num_queries
):
    _my_events(world, 1)
    client.force_login(world.member)
    client.get(reverse("events:mine"))
    _my_events(world, 1)  # one more category with a waiting list adds one position query
    with django_assert_max_num_queries(12):
        response = client.get(reverse("events:mine"))
    assert len(response.context["upcoming"]) == 2


def test_my_events_needs_sign_in(client):
    response = client.get(reverse("events:mine"))
    assert response.status_code == 302


# --- delegation ------------------------------------------------------------------------------


def rows(*people, city="tunis"):
    data = {
        "city": city,
        "people-TOTAL_FORMS": str(len(people)),
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "50",
    }
    for i, person in enumerate(people):
        for key, value in person.items():
            data[f"people-{i}-{key}"] = value
    return data


def test_a_focal_point_registers_the_delegation_at_once(client, world, event, practitioners):
    teammate = UserFactory(full_name="Amira Ben Salah", job_title="Social worker")
    CityRoleFactory(user=teammate, city=world.city)
    client.force_login(world.focal_point)
    response = client.get(url("delegation", event))
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 5
    member_choices = dict(response.context["formset"].forms[0].fields["member"].choices)
    assert member_choices[teammate.pk] == f"Amira Ben Salah <{teammate.email}>"

    response = client.post(
        url("delegation", event),
        rows(
            {"member": teammate.pk, "category": practitioners.pk},
            {
                "name": "Karim Haddad",
                "email": "karim@tunis.example.org",
                "category": practitioners.pk,
            },
            {},
        ),
        follow=True,
    )
    assert texts(response) == [
        "2 people registered: 2 confirmed, 0 on the waiting list, 0 awaiting approval."
    ]
    regs = Registration.objects.filter(event=event).order_by("name")
    assert [(r.name, r.email, r.user, r.city, r.job_title, r.status) for r in regs] == [
        ("Amira Ben Salah", teammate.email, teammate, world.city, "Social worker", "confirmed"),
        ("Karim Haddad", "karim@tunis.example.org", None, world.city, "", "confirmed"),
    ]
    assert [r.name for r in response.context["delegates"]] == ["Amira Ben Salah", "Karim Haddad"]


def test_delegation_rows_have_their_own_errors(client, world, event, practitioners):
    register(event, practitioners, email="taken@example.org")
    client.force_login(world.focal_point)
    response = client.post(
        url("delegation", event),
        rows(
            {"name": "No email", "category": practitioners.pk},
            {"name": "A", "email": "same@example.org", "category": practitioners.pk},
            {"name": "B", "email": "same@example.org", "category": practitioners.pk},
            {"name": "C", "email": "taken@example.org", "category": practitioners.pk},
        ),
    )
    errors = response.context["formset"].errors
    assert errors == [
        {"email": ["Give the person's email address."]},
        {},
        {},
        {},
    ]
    response = client.post(
        url("delegation", event),
        rows(
            {"name": "A", "email": "same@example.org", "category": practitioners.pk},
            {"name": "B", "email": "same@example.org", "category": practitioners.pk},
            {"name": "C", "email": "taken@example.org", "category": practitioners.pk},
        ),
    )
    assert response.context["formset"].errors == [
        {},
        {"email": ["This person is already in another row."]},
        {"email": ["This person is already registered for the event."]},
    ]
    assert Registration.objects.filter(event=event).count() == 1


def test_a_delegation_is_all_or_nothing(client, world, event, practitioners):
    press = CategoryFactory(event=event, code="press", name="Press", capacity=1, waitlist=False)
    client.force_login(world.focal_point)
    response = client.post(
        url("delegation", event),
        rows(
            {"name": "A", "email": "a@example.org", "category": press.pk},
            {"name": "B", "email": "b@example.org", "category": press.pk},
        ),
    )
    assert response.status_code == 200
    assert response.context["refusal"] == (
        "B could not be registered: The category “Press” is full."
    )
    assert Registration.objects.filter(event=event).count() == 0


def test_a_focal_point_cancels_a_delegate(client, world, event, practitioners):
    client.force_login(world.focal_point)
    client.post(
        url("delegation", event),
        rows({"name": "Karim", "email": "karim@example.org", "category": practitioners.pk}),
    )
    reg = Registration.objects.get(event=event)
    response = client.post(url("cancel_registration", event), {"registration": reg.pk})
    assert response.status_code == 302
    assert response["Location"] == url("delegation", event) + "?city=tunis"
    reg.refresh_from_db()
    assert reg.status == "cancelled"


def test_members_do_not_register_delegations(client, world, event):
    client.force_login(world.member)
    assert client.get(url("delegation", event)).status_code == 404
