"""The waiting list: promotion of the first waiting, offers, acceptance, refusal and expiry.

Expiry runs through the real periodic task (`events.tasks.expire_offers`); tests use django-tasks'
ImmediateBackend, so enqueuing runs it at once.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from strongcities.core.audit.models import AuditEntry
from strongcities.core.notifications.models import Notification
from strongcities.events import tasks
from strongcities.events.models import Category, Event, Registration
from strongcities.events.services import registration as reg
from strongcities.events.services.errors import EventError
from tests.events.factories import CategoryFactory, EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def held(category) -> int:
    return Category.objects.get(pk=category.pk).held


def fresh(registration) -> Registration:
    return Registration.objects.get(pk=registration.pk)


def last_kind(user) -> str:
    return Notification.objects.filter(recipient=user).order_by("pk").last().kind


@pytest.fixture
def full(world):
    """A category of one seat, taken, with two people waiting (accounts)."""
    category = CategoryFactory(capacity=1, event=EventFactory(offer_hours=48))
    people = [UserFactory(email=f"p{i}@example.org") for i in range(3)]
    regs = [reg.register(category.event, category, reg.person_for(u), by=u) for u in people]
    assert [r.status for r in regs] == [Status.CONFIRMED, Status.WAITLISTED, Status.WAITLISTED]
    return category, people, regs


def test_cancellation_offers_the_seat_to_the_first_waiting(world, full):
    category, people, (seated, first, second) = full
    before = timezone.now()
    reg.cancel(seated, by=people[0])
    first, second = fresh(first), fresh(second)
    assert first.status == Status.OFFERED
    assert before + timedelta(hours=48) <= first.offer_expires_at
    assert first.offer_expires_at <= timezone.now() + timedelta(hours=48)
    assert second.status == Status.WAITLISTED
    assert reg.waitlist_positions([first, second]) == {second.pk: 1}
    assert held(category) == 1  # the offered seat is held for them
    notification = Notification.objects.filter(recipient=people[1]).order_by("pk").last()
    assert notification.kind == "events.seat_offered"
    assert notification.data["expires"] == (
        f"{timezone.localtime(first.offer_expires_at, category.event.tz):%Y-%m-%d %H:%M} "
        "(Africa/Nairobi)"
    )
    assert AuditEntry.objects.filter(action="events.registration_promoted").count() == 1


def test_accepting_the_offer_confirms(world, full):
    category, people, (seated, first, _second) = full
    reg.cancel(seated, by=people[0])
    with pytest.raises(EventError) as error:
        reg.accept_offer(fresh(first), by=people[2])
    assert str(error.value) == "This offer is not yours to answer."
    accepted = reg.accept_offer(fresh(first), by=people[1])
    assert (accepted.status, accepted.offer_expires_at) == (Status.CONFIRMED, None)
    assert accepted.confirmed_at is not None
    assert held(category) == 1
    assert last_kind(people[1]) == "events.registration_confirmed"
    with pytest.raises(EventError):
        reg.accept_offer(accepted, by=people[1])


def test_declining_passes_the_seat_to_the_next(world, full):
    category, people, (seated, first, second) = full
    reg.cancel(seated, by=people[0])
    declined = reg.decline_offer(fresh(first), by=people[1])
    assert declined.status == Status.CANCELLED
    assert declined.decision_note == "Declined the offered seat."
    assert fresh(second).status == Status.OFFERED
    assert held(category) == 1
    assert last_kind(people[1]) == "events.offer_declined"
    assert last_kind(people[2]) == "events.seat_offered"


def test_an_offer_not_taken_in_time_expires_and_passes_on_through_the_task(world, full):
    category, people, (seated, first, second) = full
    reg.cancel(seated, by=people[0])
    Registration.objects.filter(pk=first.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    result = tasks.expire_offers.enqueue()
    assert result.return_value == 1
    first, second = fresh(first), fresh(second)
    assert first.status == Status.CANCELLED
    assert first.decision_note == "The offered seat was not taken in time."
    assert first.offer_expires_at is None
    assert second.status == Status.OFFERED
    assert held(category) == 1
    assert last_kind(people[1]) == "events.offer_expired"
    assert last_kind(people[2]) == "events.seat_offered"
    # Running again changes nothing: the new offer is not due.
    assert tasks.expire_offers.enqueue().return_value == 0
    assert fresh(second).status == Status.OFFERED


def test_last_offer_expiring_with_nobody_waiting_frees_the_seat(world, full):
    category, people, (seated, first, second) = full
    reg.cancel(seated, by=people[0])
    reg.reject(second, by=world.secretariat)
    past = timezone.now() - timedelta(seconds=1)
    Registration.objects.filter(pk=first.pk).update(offer_expires_at=past)
    assert tasks.expire_offers.enqueue().return_value == 1
    assert held(category) == 0
    newcomer = reg.register(
        category.event, category, reg.Person(name="New", email="new@example.org"), by=None
    )
    assert newcomer.status == Status.CONFIRMED


def test_an_expired_offer_can_no_longer_be_accepted(world, full):
    _category, people, (seated, first, _second) = full
    reg.cancel(seated, by=people[0])
    Registration.objects.filter(pk=first.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(EventError) as error:
        reg.accept_offer(fresh(first), by=people[1])
    assert error.value.code == "offer_expired"
    assert str(error.value).startswith("This offer expired on ")


def test_zero_offer_hours_confirms_at_once(world, full):
    category, people, (seated, first, _second) = full
    Event.objects.filter(pk=category.event_id).update(offer_hours=0)
    reg.cancel(seated, by=people[0])
    first = fresh(first)
    assert (first.status, first.offer_expires_at) == (Status.CONFIRMED, None)
    assert last_kind(people[1]) == "events.registration_confirmed"
    assert held(category) == 1


def test_an_offer_never_runs_past_the_start_of_the_event(world, full):
    category, people, (seated, first, _second) = full
    start = timezone.now() + timedelta(hours=10)
    Event.objects.filter(pk=category.event_id).update(start=start, end=start + timedelta(days=1))
    reg.cancel(seated, by=people[0])
    assert fresh(first).offer_expires_at == start


def test_nobody_is_promoted_for_a_cancelled_event(world, full):
    category, _people, (seated, first, _second) = full
    Event.objects.filter(pk=category.event_id).update(status=Event.Status.CANCELLED)
    reg.cancel(seated, by=world.secretariat)
    assert fresh(first).status == Status.WAITLISTED
    assert held(category) == 0


def test_promote_next_fills_every_free_seat_in_order(world, full):
    category, _people, (_seated, first, second) = full
    Category.objects.filter(pk=category.pk).update(capacity=5)
    promoted = reg.promote_next(category)
    assert [r.pk for r in promoted] == [first.pk, second.pk]
    assert held(category) == 3


def test_waiting_list_positions_one_query_per_category(world, full, django_assert_num_queries):
    category, _people, (seated, first, second) = full
    other = CategoryFactory(event=category.event, capacity=0)
    elsewhere = [
        reg.register(
            other.event, other, reg.Person(name=f"O{i}", email=f"o{i}@example.org"), by=None
        )
        for i in range(2)
    ]
    with django_assert_num_queries(2):
        positions = reg.waitlist_positions([seated, first, second, *elsewhere])
    assert positions == {first.pk: 1, second.pk: 2, elsewhere[0].pk: 1, elsewhere[1].pk: 2}


def test_a_rejected_waiting_person_leaves_the_queue(world, full):
    _category, _people, (_seated, first, second) = full
    reg.reject(first, by=world.secretariat)
    assert reg.waitlist_positions([fresh(second)]) == {second.pk: 1}


def test_delegate_without_account_is_emailed_the_offer(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    category = CategoryFactory(capacity=1, event=EventFactory(title="Washington information day"))
    seated = reg.register(
        category.event, category, reg.Person(name="Seated", email="s@example.org"), by=None
    )
    reg.register(
        category.event,
        category,
        reg.Person(name="Delegate", email="delegate@example.org"),
        by=world.focal_point,
    )
    with django_capture_on_commit_callbacks(execute=True):
        reg.cancel(seated, by=world.secretariat)
    offers = [m for m in mailoutbox if m.to == ["delegate@example.org"]]
    assert len(offers) == 1
    assert "A seat has freed up at “Washington information day” (Practitioners)" in offers[0].body
