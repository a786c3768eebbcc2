"""The seats guarantee under real concurrency (PostgreSQL only).

Each thread has its own database connection and transaction, as separate web requests would:
they really race for the category's row lock. SQLite serialises every write transaction
(transaction_mode IMMEDIATE), so the race cannot happen there and these tests are skipped.
"""

from collections import Counter

import pytest

from strongcities.events.models import Category, Event, Invitation, Registration
from strongcities.events.services import invitations as inv
from strongcities.events.services import registration as reg
from tests.concurrency import POSTGRES_ONLY, load_taxonomy, race
from tests.events.factories import CategoryFactory, EventFactory

pytestmark = POSTGRES_ONLY
Status = Registration.Status
THREADS = 50


@pytest.fixture(autouse=True)
def _taxonomy(transactional_db):
    load_taxonomy()


def statuses(outcomes) -> Counter:
    return Counter(o.status if isinstance(o, Registration) else o for o in outcomes)


def person(i: int) -> reg.Person:
    return reg.Person(name=f"Racer {i}", email=f"racer{i}@example.org")


def test_fifty_people_for_the_last_seat_exactly_one_gets_it():
    category = CategoryFactory(capacity=5, waitlist=False)
    for i in range(4):
        reg.register(category.event, category, person(1000 + i), by=None)
    outcomes = race(THREADS, lambda i: reg.register(category.event, category, person(i), by=None))
    assert statuses(outcomes) == {Status.CONFIRMED: 1, "full": THREADS - 1}
    category.refresh_from_db()
    assert category.held == category.capacity == 5
    assert Registration.objects.filter(category=category, status=Status.CONFIRMED).count() == 5


def test_fifty_people_for_the_last_seat_with_a_waiting_list():
    category = CategoryFactory(capacity=1, waitlist=True)
    outcomes = race(THREADS, lambda i: reg.register(category.event, category, person(i), by=None))
    assert statuses(outcomes) == {Status.CONFIRMED: 1, Status.WAITLISTED: THREADS - 1}
    category.refresh_from_db()
    assert category.held == 1
    positions = reg.waitlist_positions(Registration.objects.filter(category=category))
    assert sorted(positions.values()) == list(range(1, THREADS))


def test_simultaneous_cancellations_each_promote_a_different_person():
    category = CategoryFactory(capacity=10, event=EventFactory(offer_hours=24))
    seated = [reg.register(category.event, category, person(i), by=None) for i in range(10)]
    waiting = [reg.register(category.event, category, person(100 + i), by=None) for i in range(15)]
    assert {r.status for r in waiting} == {Status.WAITLISTED}
    outcomes = race(10, lambda i: reg.cancel(seated[i], by=None))
    assert statuses(outcomes) == {Status.CANCELLED: 10}
    category.refresh_from_db()
    assert category.held == 10
    by_status = Counter(
        Registration.objects.filter(pk__in=[r.pk for r in waiting]).values_list("status", flat=True)
    )
    assert by_status == {Status.OFFERED: 10, Status.WAITLISTED: 5}
    # First come, first served: the ten who waited longest got the offers.
    offered = set(
        Registration.objects.filter(category=category, status=Status.OFFERED).values_list(
            "pk", flat=True
        )
    )
    assert offered == {r.pk for r in waiting[:10]}


def test_accepting_and_expiring_an_offer_at_once_gives_one_outcome():
    category = CategoryFactory(capacity=1, event=EventFactory(offer_hours=1))
    seated = reg.register(category.event, category, person(0), by=None)
    first = reg.register(category.event, category, person(1), by=None)
    reg.register(category.event, category, person(2), by=None)
    reg.cancel(seated, by=None)
    first.refresh_from_db()
    assert first.status == Status.OFFERED
    deadline = first.offer_expires_at

    def act(i: int):
        if i % 2:
            return reg.expire_offers(now=deadline)
        return reg.decline_offer(Registration.objects.get(pk=first.pk), by=None)

    race(10, act)
    category.refresh_from_db()
    assert category.held == 1
    assert Registration.objects.filter(category=category, status=Status.OFFERED).count() == 1
    assert Registration.objects.get(pk=first.pk).status == Status.CANCELLED


def test_a_code_is_used_no_more_than_it_allows():
    category = CategoryFactory(capacity=100, event=EventFactory(mode=Event.Mode.INVITATION))
    code = inv.create_code(category.event, category, uses=3, by=None)
    outcomes = race(
        20, lambda i: reg.register(category.event, category, person(i), by=None, code=code.code)
    )
    assert statuses(outcomes) == {Status.CONFIRMED: 3, "invitation_used": 17}
    assert Invitation.objects.get(pk=code.pk).uses == 3
    assert Category.objects.get(pk=category.pk).held == 3


def test_the_same_person_registering_twice_at_once_is_registered_once():
    category = CategoryFactory(capacity=10)
    outcomes = race(10, lambda i: reg.register(category.event, category, person(7), by=None))
    assert statuses(outcomes) == {Status.CONFIRMED: 1, "duplicate": 9}
    assert Category.objects.get(pk=category.pk).held == 1
