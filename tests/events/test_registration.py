"""Registration rules: window, duplicates, modes, seats, cancellation, moves, delegations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from strongcities.core.audit.models import AuditEntry
from strongcities.core.notifications.models import Notification
from strongcities.events.models import Category, Event, Registration, Session
from strongcities.events.services import registration as reg
from strongcities.events.services.errors import EventError
from tests.events.factories import CategoryFactory, EventFactory, SessionFactory
from tests.factories import CityRoleFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def person(name="Amina Ben Salah", email="amina@example.org", **extra) -> reg.Person:
    return reg.Person(name=name, email=email, **extra)


def held(category) -> int:
    return Category.objects.get(pk=category.pk).held


def kinds(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True)
    )


@pytest.fixture
def category(world):
    return CategoryFactory(capacity=2, event=EventFactory(title="Mombasa workshop"))


# --- Registering ----------------------------------------------------------------------------------


def test_member_registers_herself_and_gets_a_receipt(world, category):
    me = reg.person_for(world.member)
    registration = reg.register(category.event, category, me, by=world.member)
    assert registration.status == Status.CONFIRMED
    assert registration.user == world.member
    assert registration.city == world.city
    assert registration.email == world.member.email
    assert registration.confirmed_at is not None
    assert held(category) == 1
    notification = Notification.objects.get(recipient=world.member)
    assert notification.kind == "events.registration_confirmed"
    assert notification.actor is None  # a receipt, not someone else's action
    entry = AuditEntry.objects.get(action="events.registered")
    assert entry.actor == world.member
    assert entry.data["status"] == "confirmed"


def test_person_for_takes_name_city_partner_and_job(world):
    user = UserFactory(full_name="Sara Lind", job_title="Police officer")
    partner = PartnerFactory()
    CityRoleFactory(user=user, city=world.other_city)
    from strongcities.accounts.models import PartnerRole

    PartnerRole.objects.create(user=user, partner=partner)
    me = reg.person_for(user)
    assert (me.name, me.email, me.user, me.city, me.partner, me.job_title) == (
        "Sara Lind",
        user.email,
        user,
        world.other_city,
        partner,
        "Police officer",
    )


def test_same_email_cannot_register_twice_until_cancelled(world, category):
    first = reg.register(category.event, category, person(), by=None)
    with pytest.raises(EventError) as error:
        reg.register(category.event, category, person(email="AMINA@example.org"), by=None)
    assert error.value.code == "duplicate"
    assert str(error.value) == "amina@example.org is already registered for this event."
    reg.cancel(first, by=None)
    again = reg.register(category.event, category, person(), by=None)
    assert again.status == Status.CONFIRMED
    assert held(category) == 1


def test_name_and_email_are_checked(world, category):
    with pytest.raises(EventError) as error:
        reg.register(category.event, category, person(name="  "), by=None)
    assert error.value.field == "name"
    with pytest.raises(EventError) as error:
        reg.register(category.event, category, person(email="not-an-address"), by=None)
    assert str(error.value) == "“not-an-address” is not a valid email address."


def test_category_of_another_event_is_refused(world, category):
    other = CategoryFactory()
    with pytest.raises(EventError) as error:
        reg.register(category.event, other, person(), by=world.member)
    assert str(error.value) == "This category belongs to another event."


@pytest.mark.parametrize(
    ("change", "message", "code"),
    [
        ({"status": Event.Status.DRAFT}, "This event is not open for registration.", "closed"),
        ({"status": Event.Status.CANCELLED}, "This event was cancelled.", "cancelled"),
        (
            {"registration_closes": timezone.now() - timedelta(hours=1)},
            "Registration for this event is closed.",
            "closed",
        ),
    ],
)
def test_window_refusals(world, category, change, message, code):
    Event.objects.filter(pk=category.event_id).update(**change)
    event = Event.objects.get(pk=category.event_id)
    with pytest.raises(EventError) as error:
        reg.register(event, category, reg.person_for(world.member), by=world.member)
    assert (str(error.value), error.value.code) == (message, code)
    assert Registration.objects.count() == 0


def test_registration_not_yet_open_names_the_date_in_the_event_time_zone(world, category):
    event = category.event
    event.registration_opens = timezone.now().replace(microsecond=0) + timedelta(days=2)
    event.save()
    with pytest.raises(EventError) as error:
        reg.register(event, category, reg.person_for(world.member), by=world.member)
    local = timezone.localtime(event.registration_opens, event.tz)
    assert str(error.value) == f"Registration opens on {local:%Y-%m-%d %H:%M} (Africa/Nairobi)."
    assert error.value.code == "not_yet_open"


def test_over_event_is_closed_even_to_organisers(world, category):
    event = category.event
    later = event.end + timedelta(minutes=1)
    with pytest.raises(EventError) as error:
        reg.register(event, category, person(), by=world.member, now=later)
    assert error.value.code == "closed"
    with pytest.raises(EventError) as error:
        reg.register(event, category, person(), by=world.secretariat, now=later)
    assert str(error.value) == "This event is over."


def test_organisers_register_people_outside_the_window(world, category):
    event = category.event
    event.registration_closes = timezone.now() - timedelta(days=1)
    event.host_city = world.city
    event.delegated_to_host = True
    event.save()
    by_secretariat = reg.register(event, category, person(), by=world.secretariat)
    assert by_secretariat.status == Status.CONFIRMED
    assert by_secretariat.registered_by == world.secretariat
    by_host = reg.register(
        event, category, person("Karim", "karim@example.org"), by=world.focal_point
    )
    assert by_host.status == Status.CONFIRMED
    with pytest.raises(EventError):
        reg.register(
            event, category, person("Lone", "lone@example.org"), by=world.other_focal_point
        )


def test_full_category_without_waiting_list_refuses(world, category):
    Category.objects.filter(pk=category.pk).update(capacity=1, waitlist=False)
    category.refresh_from_db()
    reg.register(category.event, category, person(), by=None)
    with pytest.raises(EventError) as error:
        reg.register(category.event, category, person("B", "b@example.org"), by=None)
    assert (str(error.value), error.value.code) == ("The category “Practitioners” is full.", "full")
    assert Registration.objects.count() == 1
    assert held(category) == 1


def test_full_category_with_waiting_list_queues_in_order(world, category):
    people = [person(f"P{i}", f"p{i}@example.org") for i in range(5)]
    results = [reg.register(category.event, category, p, by=None) for p in people]
    assert [r.status for r in results] == [Status.CONFIRMED] * 2 + [Status.WAITLISTED] * 3
    assert held(category) == 2
    assert reg.waitlist_positions(results) == {results[2].pk: 1, results[3].pk: 2, results[4].pk: 3}


def test_a_newcomer_never_jumps_the_waiting_list(world, category):
    """Seats freed without a promotion (capacity raised) go to those waiting, not to newcomers."""
    *_seated, waiting = (
        reg.register(category.event, category, reg.person_for(u), by=u)
        for u in (UserFactory(), UserFactory(), UserFactory())
    )
    Category.objects.filter(pk=category.pk).update(capacity=3)
    newcomer = reg.register(category.event, category, person(), by=None)
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED
    assert newcomer.status == Status.WAITLISTED
    assert reg.waitlist_positions([newcomer]) == {newcomer.pk: 1}
    assert held(category) == 3


# --- Approval mode --------------------------------------------------------------------------------


@pytest.fixture
def approval(world):
    event = EventFactory(mode=Event.Mode.APPROVAL)
    return CategoryFactory(event=event, capacity=1)


def test_approval_mode_pending_then_approved(world, approval):
    pending = reg.register(approval.event, approval, reg.person_for(world.member), by=world.member)
    assert pending.status == Status.PENDING
    assert held(approval) == 0
    approved = reg.approve(pending, by=world.secretariat, note="Welcome")
    assert (approved.status, approved.decided_by, approved.decision_note) == (
        Status.CONFIRMED,
        world.secretariat,
        "Welcome",
    )
    assert held(approval) == 1
    assert kinds(world.member) == ["events.registration_pending", "events.registration_confirmed"]
    assert (
        Notification.objects.filter(recipient=world.member).order_by("pk").last().actor
        == world.secretariat
    )


def test_approval_when_full_waitlists_or_refuses(world, approval):
    a = reg.register(approval.event, approval, person("A", "a@example.org"), by=None)
    b = reg.register(approval.event, approval, person("B", "b@example.org"), by=None)
    assert reg.approve(a, by=world.secretariat).status == Status.CONFIRMED
    assert reg.approve(b, by=world.secretariat).status == Status.WAITLISTED
    Category.objects.filter(pk=approval.pk).update(waitlist=False)
    c = reg.register(approval.event, approval, person("C", "c@example.org"), by=None)
    with pytest.raises(EventError) as error:
        reg.approve(c, by=world.secretariat)
    assert str(error.value) == (
        "The category “Practitioners” is full: move the registration or add seats."
    )
    c.refresh_from_db()
    assert c.status == Status.PENDING


def test_organiser_registration_skips_approval(world, approval):
    registration = reg.register(approval.event, approval, person(), by=world.secretariat)
    assert registration.status == Status.CONFIRMED


def test_reject_pending_and_waiting_but_not_confirmed(world, approval):
    pending = reg.register(approval.event, approval, reg.person_for(world.member), by=world.member)
    rejected = reg.reject(pending, by=world.secretariat, note="Mayors only this time.")
    assert rejected.status == Status.REJECTED
    assert rejected.decision_note == "Mayors only this time."
    assert kinds(world.member)[-1] == "events.registration_rejected"
    confirmed = reg.register(approval.event, approval, person(), by=world.secretariat)
    with pytest.raises(EventError) as error:
        reg.reject(confirmed, by=world.secretariat)
    assert str(error.value) == "This registration is confirmed: that step is not possible now."
    with pytest.raises(EventError):
        reg.approve(rejected, by=world.secretariat)


# --- Cancelling -----------------------------------------------------------------------------------


def test_registrant_cancels_and_frees_the_seat(world, category):
    mine = reg.register(category.event, category, reg.person_for(world.member), by=world.member)
    assert reg.can_cancel(mine, world.member) is True
    assert reg.can_cancel(mine, world.focal_point) is False
    cancelled = reg.cancel(mine, by=world.member, reason="Ill")
    assert (cancelled.status, cancelled.decision_note) == (Status.CANCELLED, "Ill")
    assert cancelled.cancelled_at is not None
    assert held(category) == 0
    assert reg.can_cancel(cancelled, world.member) is False
    assert kinds(world.member)[-1] == "events.registration_cancelled"
    with pytest.raises(EventError) as error:
        reg.cancel(cancelled, by=world.member)
    assert str(error.value) == "This registration is cancelled: that step is not possible now."


def test_somebody_else_may_not_cancel(world, category):
    mine = reg.register(category.event, category, reg.person_for(world.member), by=world.member)
    with pytest.raises(EventError) as error:
        reg.cancel(mine, by=world.other_focal_point)
    assert str(error.value) == "You may not cancel this registration."
    assert reg.cancel(mine, by=world.secretariat).status == Status.CANCELLED


def test_no_cancelling_after_the_event(world, category):
    mine = reg.register(category.event, category, reg.person_for(world.member), by=world.member)
    Event.objects.filter(pk=category.event_id).update(
        start=timezone.now() - timedelta(days=2), end=timezone.now() - timedelta(days=1)
    )
    mine = Registration.objects.get(pk=mine.pk)
    assert reg.can_cancel(mine, world.member) is False


def test_whoever_registered_someone_may_cancel_it(world, category):
    delegate = reg.register(category.event, category, person(), by=world.focal_point)
    assert reg.can_cancel(delegate, world.focal_point) is True
    assert reg.cancel(delegate, by=world.focal_point).status == Status.CANCELLED


# --- Moving between categories --------------------------------------------------------------------


def test_move_to_a_category_with_seats(world, category):
    mayors = CategoryFactory(event=category.event, name="Mayors", capacity=1)
    mine = reg.register(category.event, category, reg.person_for(world.member), by=world.member)
    moved = reg.move(mine, mayors, by=world.secretariat)
    assert (moved.category, moved.status) == (mayors, Status.CONFIRMED)
    assert (held(category), held(mayors)) == (0, 1)
    notification = Notification.objects.filter(recipient=world.member).order_by("pk").last()
    assert (notification.kind, notification.data["status"]) == (
        "events.registration_moved",
        "confirmed",
    )


def test_move_to_a_full_category_waits_there_and_frees_the_old_seat(world, category):
    mayors = CategoryFactory(event=category.event, name="Mayors", capacity=1)
    reg.register(category.event, mayors, person("Mayor", "mayor@example.org"), by=None)
    a = reg.register(category.event, category, person("A", "a@example.org"), by=None)
    reg.register(category.event, category, person("B", "b@example.org"), by=None)
    waiting = reg.register(category.event, category, person("C", "c@example.org"), by=None)
    moved = reg.move(a, mayors, by=world.secretariat)
    assert (moved.category, moved.status) == (mayors, Status.WAITLISTED)
    assert reg.waitlist_positions([moved]) == {moved.pk: 1}
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED  # the freed seat went to the first waiting
    assert (held(category), held(mayors)) == (2, 1)


def test_move_to_a_full_category_without_waiting_list_changes_nothing(world, category):
    press = CategoryFactory(event=category.event, name="Press", capacity=0, waitlist=False)
    mine = reg.register(category.event, category, person(), by=None)
    with pytest.raises(EventError) as error:
        reg.move(mine, press, by=world.secretariat)
    assert str(error.value) == "The category “Press” is full."
    mine.refresh_from_db()
    assert (mine.category, mine.status, held(category)) == (category, Status.CONFIRMED, 1)


def test_pending_registration_moves_pending(world, approval):
    other = CategoryFactory(event=approval.event, capacity=5)
    pending = reg.register(approval.event, approval, person(), by=None)
    moved = reg.move(pending, other, by=world.secretariat)
    assert (moved.category, moved.status, held(other)) == (other, Status.PENDING, 0)


def test_move_refuses_same_or_foreign_category(world, category):
    mine = reg.register(category.event, category, person(), by=None)
    with pytest.raises(EventError):
        reg.move(mine, category, by=world.secretariat)
    with pytest.raises(EventError) as error:
        reg.move(mine, CategoryFactory(), by=world.secretariat)
    assert str(error.value) == "This category belongs to another event."


# --- Delegations ----------------------------------------------------------------------------------


def test_focal_point_registers_the_delegation_and_delegates_are_emailed(
    world, category, mailoutbox, django_capture_on_commit_callbacks
):
    mayors = CategoryFactory(event=category.event, name="Mayors", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        done = reg.register_delegation(
            category.event,
            world.city,
            [
                (mayors, person("Mayor of Tunis", "mayor@tunis.example.org")),
                (category, person("Deputy", "deputy@tunis.example.org")),
                (category, person("Member", world.member.email.upper())),
            ],
            by=world.focal_point,
        )
    assert [r.status for r in done] == [Status.CONFIRMED] * 3
    assert [r.city for r in done] == [world.city] * 3
    assert done[2].user == world.member  # the account with that email sees it
    assert (held(mayors), held(category)) == (1, 2)
    assert kinds(world.member) == ["events.registration_confirmed"]
    delegates = sorted(mailoutbox, key=lambda m: m.to)
    assert [m.to for m in delegates] == [["deputy@tunis.example.org"], ["mayor@tunis.example.org"]]
    assert delegates[1].subject.endswith("Your registration for Mombasa workshop")
    assert "Dear Mayor of Tunis," in delegates[1].body
    assert "“Mombasa workshop” (Mayors) is confirmed" in delegates[1].body
    assert f"Your ticket code is {done[0].ticket_code}" in delegates[1].body
    assert AuditEntry.objects.filter(action="events.delegation_registered").count() == 1


def test_delegation_is_all_or_nothing(world, category):
    reg.register(category.event, category, person("Taken", "taken@example.org"), by=None)
    with pytest.raises(EventError) as error:
        reg.register_delegation(
            category.event,
            world.city,
            [
                (category, person("First", "first@example.org")),
                (category, person("Taken again", "taken@example.org")),
            ],
            by=world.focal_point,
        )
    assert str(error.value) == (
        "Taken again could not be registered: taken@example.org is already registered for this "
        "event."
    )
    assert Registration.objects.count() == 1
    assert held(category) == 1


def test_delegation_needs_that_city_focal_point(world, category):
    people = [(category, person())]
    for user in (world.other_focal_point, world.member):
        with pytest.raises(EventError) as error:
            reg.register_delegation(category.event, world.city, people, by=user)
        assert str(error.value) == "Only a focal point of Tunis registers its delegation."
    assert reg.register_delegation(category.event, world.city, people, by=world.secretariat)


def test_delegation_refuses_the_same_email_twice(world, category):
    with pytest.raises(EventError) as error:
        reg.register_delegation(
            category.event,
            world.city,
            [(category, person()), (category, person(name="Other"))],
            by=world.focal_point,
        )
    assert error.value.code == "duplicate"


# --- Seats and sessions ---------------------------------------------------------------------------


def test_seats_per_category_in_one_query(world, approval, django_assert_num_queries):
    other = CategoryFactory(event=approval.event, capacity=3, position=1)
    reg.register(approval.event, approval, person("A", "a@example.org"), by=world.secretariat)
    reg.register(approval.event, approval, person("B", "b@example.org"), by=world.secretariat)
    reg.register(approval.event, other, person("C", "c@example.org"), by=None)
    with django_assert_num_queries(1):
        table = reg.seats(approval.event)
    assert [(s.category, s.capacity, s.held, s.free, s.waiting, s.pending) for s in table] == [
        (approval, 1, 1, 0, 1, 0),
        (other, 3, 0, 3, 0, 1),
    ]


def test_session_sign_up_within_capacity(world, category):
    session = SessionFactory(event=category.event, signup=True, capacity=1)
    a = reg.register(category.event, category, person("A", "a@example.org"), by=None)
    b = reg.register(category.event, category, person("B", "b@example.org"), by=None)
    signup = reg.sign_up(a, session, by=None)
    assert reg.sign_up(a, session, by=None) == signup  # once
    with pytest.raises(EventError) as error:
        reg.sign_up(b, session, by=None)
    assert str(error.value) == f"The session “{session.title}” is full."
    reg.leave(a, session, by=None)
    reg.leave(a, session, by=None)  # nothing to leave: nothing happens
    assert Session.objects.get(pk=session.pk).held == 0
    reg.sign_up(b, session, by=None)
    reg.cancel(b, by=None)  # a cancelled registration leaves its sessions
    assert Session.objects.get(pk=session.pk).held == 0
    assert b.session_signups.count() == 0


def test_session_sign_up_refusals(world, category):
    free_session = SessionFactory(event=category.event, signup=False)
    foreign = SessionFactory(signup=True)
    Category.objects.filter(pk=category.pk).update(capacity=0)
    waiting = reg.register(category.event, category, person(), by=None)
    session = SessionFactory(event=category.event, signup=True)
    with pytest.raises(EventError) as error:
        reg.sign_up(waiting, session, by=None)
    assert str(error.value) == "Only confirmed participants sign up for sessions."
    with pytest.raises(EventError):
        reg.sign_up(waiting, free_session, by=None)
    with pytest.raises(EventError):
        reg.sign_up(waiting, foreign, by=None)
