"""The confidentiality rule as labels: a document is visible when the user's labels meet its own."""

import pytest
from django.contrib.auth.models import AnonymousUser

from strongcities.core.visibility import Visibility, document_labels, user_labels
from tests.factories import PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def sees(user, visibility, **owners) -> bool:
    labels = user_labels(user)
    return labels is None or bool(labels & document_labels(visibility, **owners))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", {"public"}),
        ("member", {"public", "members", "restricted", "secretariat"}),
        ("other_focal_point", {"public", "members"}),
        ("secretariat", {"public", "members", "restricted", "secretariat"}),
    ],
)
def test_each_level_for_each_role(world, role, expected):
    user = world.user(role) or AnonymousUser()
    owners = {"owner_city_id": world.city.pk}
    assert {v for v in Visibility.values if sees(user, v, **owners)} == expected


def test_restricted_reaches_the_cities_it_is_shared_with(world):
    owners = {"owner_city_id": world.city.pk, "shared_city_ids": [world.other_city.pk]}
    assert sees(world.other_focal_point, Visibility.RESTRICTED, **owners) is True
    assert sees(world.other_focal_point, Visibility.SECRETARIAT, **owners) is False


def test_labels_of_users(world):
    assert user_labels(AnonymousUser()) == frozenset({"public"})
    assert user_labels(UserFactory()) == frozenset({"public"})
    assert user_labels(world.member) == frozenset({"public", "members", f"city:{world.city.pk}"})
    assert user_labels(world.secretariat) is None


def test_partner_people_see_their_organisation_documents(db):
    from strongcities.accounts.models import PartnerRole

    partner = PartnerFactory()
    person = UserFactory()
    PartnerRole.objects.create(user=person, partner=partner)
    assert sees(person, Visibility.SECRETARIAT, owner_partner_id=partner.pk) is True
    assert sees(person, Visibility.MEMBERS, owner_partner_id=partner.pk + 1) is False


def test_document_labels():
    assert document_labels(Visibility.PUBLIC, owner_city_id=3) == frozenset({"public", "city:3"})
    assert document_labels(Visibility.RESTRICTED, owner_city_id=3, shared_city_ids=[4]) == (
        frozenset({"city:3", "city:4"})
    )
    assert document_labels(Visibility.SECRETARIAT, owner_city_id=3) == frozenset({"city:3"})
