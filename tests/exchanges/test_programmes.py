"""Programmes: the secretariat creates and edits them; nobody else."""

from datetime import date

import pytest

from strongcities.core.visibility import Visibility
from strongcities.exchanges.models import FollowUp, Programme
from strongcities.exchanges.services import (
    ExchangeError,
    ProgrammeInput,
    record_follow_up,
    save_programme,
)
from strongcities.members.models import City
from tests.exchanges.factories import ProgrammeFactory
from tests.exchanges.flow import actions, reported
from tests.factories import CityFactory, PartnerFactory
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db


def refused(call, code: str, field: str | None = None) -> None:
    with pytest.raises(ExchangeError) as caught:
        call()
    assert (caught.value.code, caught.value.field) == (code, field)


def programme_input(world, **overrides) -> ProgrammeInput:
    values = {
        "title": "Danish capacity-building programme",
        "sponsor": PartnerFactory(name="Danish Ministry of Foreign Affairs"),
        "cities": [world.city, world.other_city],
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2027, 12, 31),
        "description": "Staff exchanges between Amman, Beirut and Tunis.",
        "budget_note": "Travel and two nights per participant.",
    }
    values.update(overrides)
    return ProgrammeInput(**values)


def test_the_secretariat_creates_a_programme(world):
    data = programme_input(
        world, translations={"fr": {"title": "Programme danois", "description": ""}}
    )
    programme = save_programme(None, data, user=world.secretariat)
    programme = Programme.objects.get(pk=programme.pk)
    assert programme.slug == "danish-capacity-building-programme"
    assert (programme.title_en, programme.title_fr) == (
        "Danish capacity-building programme",
        "Programme danois",
    )
    assert programme.description_en == "Staff exchanges between Amman, Beirut and Tunis."
    assert programme.sponsor == data.sponsor
    assert set(programme.cities.all()) == {world.city, world.other_city}
    assert (programme.starts_on, programme.ends_on) == (date(2026, 1, 1), date(2027, 12, 31))
    assert (programme.participants_per_side, programme.visibility) == (3, Visibility.MEMBERS)
    assert programme.created_by == world.secretariat
    assert actions(programme) == ["programme.created"]


def test_editing_keeps_the_address_unless_changed(world):
    programme = save_programme(None, programme_input(world), user=world.secretariat)
    edited = save_programme(
        programme,
        programme_input(
            world,
            title="Renamed",
            cities=[world.city],
            participants_per_side=2,
            visibility=Visibility.RESTRICTED,
            slug=programme.slug,
        ),
        user=world.secretariat,
    )
    edited = Programme.objects.get(pk=programme.pk)
    assert (edited.slug, edited.title_en, edited.participants_per_side) == (
        "danish-capacity-building-programme",
        "Renamed",
        2,
    )
    assert list(edited.cities.all()) == [world.city]
    assert actions(programme) == ["programme.created", "programme.updated"]


def test_a_second_programme_of_the_same_title_gets_its_own_address(world):
    first = save_programme(None, programme_input(world), user=world.secretariat)
    second = save_programme(None, programme_input(world), user=world.secretariat)
    assert (first.slug, second.slug) == (
        "danish-capacity-building-programme",
        "danish-capacity-building-programme-2",
    )
    refused(
        lambda: save_programme(
            second, programme_input(world, slug=first.slug), user=world.secretariat
        ),
        "input",
        "slug",
    )


@pytest.mark.parametrize("who", ["focal_point", "other_focal_point", "member"])
def test_only_the_secretariat_manages_programmes(world, who):
    refused(
        lambda: save_programme(None, programme_input(world), user=getattr(world, who)),
        "permission",
    )
    programme = ProgrammeFactory()
    refused(
        lambda: save_programme(programme, programme_input(world), user=getattr(world, who)),
        "permission",
    )
    assert Programme.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"title": " "}, "input", "title"),
        ({"sponsor": None}, "input", "sponsor"),
        ({"ends_on": date(2025, 12, 31)}, "dates", "ends_on"),
        ({"participants_per_side": 0}, "input", "participants_per_side"),
        ({"visibility": "everyone"}, "input", "visibility"),
        ({"translations": {"xx": {"title": "?"}}}, "input", "translations"),
    ],
)
def test_invalid_programmes_name_their_field(world, overrides, code, field):
    refused(
        lambda: save_programme(None, programme_input(world, **overrides), user=world.secretariat),
        code,
        field,
    )
    assert Programme.objects.count() == 0


def test_cities_must_be_members(world):
    applicant = CityFactory(slug="applicant", status=City.Status.APPLICANT)
    refused(
        lambda: save_programme(
            None, programme_input(world, cities=[world.city, applicant]), user=world.secretariat
        ),
        "city",
        "cities",
    )


def test_an_open_ended_programme(world):
    programme = save_programme(None, programme_input(world, ends_on=None), user=world.secretariat)
    assert programme.ends_on is None


# --- The read-only admin -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "model", ["programme", "exchange", "participant", "report", "followup", "transfer"]
)
def test_the_admin_lists_everything_and_changes_nothing(world, client, model):
    exchange = reported(world)
    practice = make_practice(world.other_city, title="Case panels")
    record_follow_up(
        FollowUp.objects.get(exchange=exchange, month=3),
        user=world.focal_point,
        outcome="adopted",
        practice=practice,
    )
    admin = world.secretariat
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    listed = client.get(f"/admin/exchanges/{model}/")
    assert listed.status_code == 200
    assert client.get(f"/admin/exchanges/{model}/add/").status_code == 403
