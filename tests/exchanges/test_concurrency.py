"""The participants' limit per side under real concurrency (PostgreSQL only).

Each thread has its own database connection and transaction, as separate web requests would:
they really race for the exchange's row lock. SQLite serialises every write transaction, so the
race cannot happen there and this test is skipped (see tests/events/test_concurrency.py).
"""

from collections import Counter

import pytest

from strongcities.exchanges.models import Exchange, Participant, Side
from strongcities.exchanges.services.participants import add_participant
from tests.concurrency import POSTGRES_ONLY, load_taxonomy, race
from tests.exchanges.factories import ExchangeFactory
from tests.factories import CityFactory, CityRoleFactory, UserFactory

pytestmark = POSTGRES_ONLY
THREADS = 10


@pytest.fixture(autouse=True)
def _taxonomy(transactional_db):
    load_taxonomy()


def test_ten_people_for_three_places_exactly_three_get_them():
    tunis, aarhus = CityFactory(slug="tunis"), CityFactory(slug="aarhus")
    focal_point = UserFactory()
    CityRoleFactory(user=focal_point, city=tunis, role="focal-point")
    people = []
    for _n in range(THREADS):
        person = UserFactory()
        CityRoleFactory(user=person, city=tunis, role="member")
        people.append(person)
    exchange = ExchangeFactory(visiting_city=tunis, host_city=aarhus, state=Exchange.State.ACCEPTED)
    assert exchange.participants_per_side == 3

    outcomes = race(
        THREADS,
        lambda i: add_participant(exchange, user=focal_point, person=people[i], side=Side.VISITING),
    )
    counted = Counter("added" if isinstance(o, Participant) else o for o in outcomes)
    assert counted == {"added": 3, "limit": THREADS - 3}
    assert Participant.objects.filter(exchange=exchange, side=Side.VISITING).count() == 3
