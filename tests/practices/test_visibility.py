"""The confidentiality rule on practices: who may open which practice, in every state."""

import pytest

from strongcities.core.visibility import Visibility
from strongcities.practices.models import Practice
from tests.factories import CityFactory, CityRoleFactory, UserFactory
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db


def visible_titles(user) -> set[str]:
    return {p.title_en for p in Practice.objects.visible_to(user)}


@pytest.fixture
def library(world):
    shared_city = CityFactory(slug="amman", name="Amman")
    return {
        "public": make_practice(world.city, title="Public one", visibility=Visibility.PUBLIC),
        "members": make_practice(world.city, title="Members one", visibility=Visibility.MEMBERS),
        "restricted": make_practice(
            world.city,
            title="Restricted zanzibarine",
            visibility=Visibility.RESTRICTED,
            shared_with=[shared_city],
        ),
        "secretariat": make_practice(
            world.city, title="Secretariat one", visibility=Visibility.SECRETARIAT
        ),
        "draft": make_practice(
            world.city, title="Draft one", status=Practice.Status.DRAFT, visibility="public"
        ),
        "shared_city": shared_city,
    }


def test_anonymous_sees_public_published_only(library):
    from django.contrib.auth.models import AnonymousUser

    assert visible_titles(AnonymousUser()) == {"Public one"}


def test_owner_team_sees_everything_of_their_city(world, library):
    assert visible_titles(world.member) == {
        "Public one",
        "Members one",
        "Restricted zanzibarine",
        "Secretariat one",
        "Draft one",
    }


def test_other_city_sees_public_and_members(world, library):
    assert visible_titles(world.other_focal_point) == {"Public one", "Members one"}


def test_shared_city_sees_restricted(library):
    reader = UserFactory()
    CityRoleFactory(user=reader, city=library["shared_city"])
    assert visible_titles(reader) == {"Public one", "Members one", "Restricted zanzibarine"}


def test_secretariat_sees_all(world, library):
    assert len(visible_titles(world.secretariat)) == 5


def test_user_without_city_sees_public_only(library):
    assert visible_titles(UserFactory()) == {"Public one"}


def test_partner_people_see_their_organisation_s_practices_in_every_state(world, library):
    from strongcities.accounts.models import PartnerRole
    from tests.factories import PartnerFactory

    partner = PartnerFactory()
    make_practice(
        partner=partner, title="Partner draft", status=Practice.Status.DRAFT, visibility="public"
    )
    make_practice(partner=partner, title="Partner own", visibility=Visibility.SECRETARIAT)
    person = UserFactory()
    PartnerRole.objects.create(user=person, partner=partner)
    assert visible_titles(person) == {"Public one", "Partner draft", "Partner own"}
    assert "Partner draft" not in visible_titles(world.member)
    assert "Partner own" not in visible_titles(world.member)
