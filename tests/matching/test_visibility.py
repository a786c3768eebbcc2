"""Recommendations respect visibility: restricted, secretariat-only and draft practices."""

import pytest

from strongcities.core.visibility import Visibility
from strongcities.matching import services
from strongcities.matching.models import PracticeMatch
from strongcities.practices.models import Practice
from tests.exchanges.factories import TransferFactory
from tests.factories import CityRoleFactory, UserFactory, concept
from tests.matching.engine_helpers import build
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def net(world):
    net = build(world)
    net.beirut.challenges.add(concept("theme", "online-radicalisation"))
    return net


@pytest.fixture
def beirut_member(net):
    user = UserFactory(email="member@beirut.example.org")
    CityRoleFactory(user=user, city=net.beirut, role="member")
    return user


def stored(city) -> list:
    return list(PracticeMatch.objects.filter(city=city).values_list("practice_id", flat=True))


def shown(city, viewer) -> list:
    return [r.practice for r in services.practices_for(city, viewer)]


def test_a_restricted_practice_shared_with_beirut_is_for_beirut_only(net, world, beirut_member):
    secret = make_practice(
        net.aarhus,
        title="Shared with Beirut",
        themes=("online-radicalisation",),
        visibility=Visibility.RESTRICTED,
        shared_with=[net.beirut],
    )
    services.recompute_all()

    assert secret.pk in stored(net.beirut)
    assert secret.pk not in stored(net.tunis)
    assert secret in shown(net.beirut, beirut_member)
    assert secret in shown(net.beirut, world.secretariat)
    # A Tunis member reading Beirut's profile never sees it.
    assert secret not in shown(net.beirut, world.member)
    assert secret not in shown(net.tunis, world.member)
    assert shown(net.beirut, world.member) == net.aarhus_practices[::-1]


@pytest.mark.parametrize(
    ("status", "visibility"),
    [
        (Practice.Status.PUBLISHED, Visibility.SECRETARIAT),
        (Practice.Status.DRAFT, Visibility.PUBLIC),
        (Practice.Status.SUBMITTED, Visibility.PUBLIC),
        (Practice.Status.ARCHIVED, Visibility.PUBLIC),
    ],
)
def test_secretariat_only_and_unpublished_practices_never(net, status, visibility):
    hidden = make_practice(
        net.aarhus,
        title="Hidden",
        themes=("online-radicalisation",),
        status=status,
        visibility=visibility,
    )
    services.recompute_all()

    assert PracticeMatch.objects.filter(practice=hidden).count() == 0


def test_own_and_transferred_practices_are_excluded(net, world):
    own = make_practice(net.tunis, title="Tunis's own", themes=("online-radicalisation",))
    adopted = net.aarhus_practices[0]
    TransferFactory(practice=adopted, to_city=net.tunis)
    services.recompute_all()

    assert set(stored(net.tunis)) == {p.pk for p in net.aarhus_practices[1:]}
    assert own.pk in stored(net.aarhus)
    assert adopted.pk in stored(net.lyon)


def test_restricted_practices_do_not_count_as_a_peers_evidence(net):
    for n in range(3):
        make_practice(
            net.lyon,
            title=f"Restricted {n}",
            themes=("online-radicalisation",),
            visibility=Visibility.RESTRICTED,
            shared_with=[net.tunis],
        )
    services.recompute_all()

    lyon = next(p for p in services.peers_for(net.tunis) if p.city == net.lyon)
    assert lyon.components["evidence"] == 0.0
