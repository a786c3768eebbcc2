"""Programme pages: the list and a programme's page for whoever may see them (the budget note
only for the secretariat, the sponsor and the cities' focal points), creating and editing them
for the secretariat with translated texts."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from strongcities.accounts.models import PartnerRole
from strongcities.core.visibility import Visibility
from strongcities.exchanges.models import Exchange, Programme
from tests.exchanges.factories import ExchangeFactory, ProgrammeFactory
from tests.factories import CityFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db
PROGRAMMES = reverse("exchanges:programmes")
NEW = reverse("exchanges:programme_new")


@pytest.fixture
def amman(world):
    return CityFactory(slug="amman", name="Amman")


def titles(response) -> list[str]:
    return [str(p.title) for p in response.context["programmes"]]


def test_list_shows_what_the_reader_may_see(client, world, amman):
    ProgrammeFactory(title="Open", visibility=Visibility.PUBLIC)
    ProgrammeFactory(title="Network", visibility=Visibility.MEMBERS)
    ProgrammeFactory(
        title="Aarhus and Amman", visibility=Visibility.RESTRICTED, cities=[world.other_city, amman]
    )
    ProgrammeFactory(title="Internal", visibility=Visibility.SECRETARIAT)
    assert titles(client.get(PROGRAMMES)) == ["Open"]
    client.force_login(world.member)
    assert sorted(titles(client.get(PROGRAMMES))) == ["Network", "Open"]
    client.force_login(world.other_focal_point)
    assert sorted(titles(client.get(PROGRAMMES))) == ["Aarhus and Amman", "Network", "Open"]
    client.force_login(world.secretariat)
    response = client.get(PROGRAMMES)
    assert len(titles(response)) == 4
    assert "New programme" in response.content.decode()


def test_programme_page_shows_cities_sponsor_period_and_visible_exchanges(client, world, amman):
    sponsor = PartnerFactory(name="Danish Ministry of Foreign Affairs")
    programme = ProgrammeFactory(
        title="Nordic-Maghreb exchanges",
        description="Two years of visits.",
        sponsor=sponsor,
        cities=[world.city, world.other_city, amman],
        starts_on=date(2030, 1, 1),
        ends_on=date(2031, 12, 31),
    )
    shown = ExchangeFactory(
        visiting_city=world.other_city,
        host_city=amman,
        state=Exchange.State.SCHEDULED,
        programme=programme,
    )
    ExchangeFactory(
        visiting_city=world.other_city,
        host_city=amman,
        state=Exchange.State.PROPOSED,
        programme=programme,
    )
    client.force_login(world.member)
    response = client.get(programme.get_absolute_url())
    html = response.content.decode()
    assert response.context["exchanges"] == [shown]
    assert [c.name for c in response.context["cities"]] == ["Aarhus", "Amman", "Tunis"]
    assert "Danish Ministry of Foreign Affairs" in html
    assert "Two years of visits." in html
    assert "Aarhus visits Amman" in html


def test_budget_note_only_for_the_parties(client, world, amman):
    programme = ProgrammeFactory(
        cities=[world.other_city, amman], budget_note="DKK 400,000 a year."
    )
    client.force_login(world.member)
    assert "DKK 400,000" not in client.get(programme.get_absolute_url()).content.decode()
    client.force_login(world.focal_point)  # a focal point, but of a city outside the programme
    assert "DKK 400,000" not in client.get(programme.get_absolute_url()).content.decode()
    for reader in (world.other_focal_point, world.secretariat):
        client.force_login(reader)
        assert "DKK 400,000" in client.get(programme.get_absolute_url()).content.decode()
    sponsor_person = UserFactory()
    PartnerRole.objects.create(user=sponsor_person, partner=programme.sponsor)
    client.force_login(sponsor_person)
    assert "DKK 400,000" in client.get(programme.get_absolute_url()).content.decode()


def test_a_restricted_programme_is_hidden_from_others(client, world, amman):
    programme = ProgrammeFactory(visibility=Visibility.RESTRICTED, cities=[world.other_city, amman])
    client.force_login(world.focal_point)
    assert client.get(programme.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(programme.get_absolute_url()).status_code == 302


def programme_form(world, **extra) -> dict:
    return {
        "title": "Capacity building 2031",
        "description": "Visits between Tunis and Aarhus.",
        "sponsor": PartnerFactory(name="Danida").pk,
        "cities": [world.city.pk, world.other_city.pk],
        "starts_on": "2031-01-01",
        "ends_on": "2031-12-31",
        "budget_note": "Travel and two nights.",
        "participants_per_side": "4",
        "visibility": "members",
        **extra,
    }


def test_the_secretariat_creates_a_programme_with_translations(client, world):
    client.force_login(world.secretariat)
    html = client.get(NEW).content.decode()
    assert "Translation into French" in html
    assert "Translation into English" not in html  # English is the original
    response = client.post(
        NEW,
        programme_form(
            world, title_fr="Renforcement des capacités 2031", description_fr="Des visites."
        ),
    )
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response.url == programme.get_absolute_url()
    assert programme.slug == "capacity-building-2031"
    assert programme.title_en == "Capacity building 2031"
    assert programme.title_fr == "Renforcement des capacités 2031"
    assert programme.description_fr == "Des visites."
    assert sorted(c.name for c in programme.cities.all()) == ["Aarhus", "Tunis"]
    assert (programme.participants_per_side, programme.budget_note) == (4, "Travel and two nights.")
    with translation.override("fr"):
        assert str(Programme.objects.get().title) == "Renforcement des capacités 2031"


def test_a_translation_needs_a_title(client, world):
    client.force_login(world.secretariat)
    response = client.post(NEW, programme_form(world, description_fr="Des visites."))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["title_fr"]


def test_the_services_refusal_lands_on_the_field(client, world):
    ProgrammeFactory(slug="taken")
    client.force_login(world.secretariat)
    response = client.post(NEW, programme_form(world, slug="taken"))
    assert response.context["form"].errors == {"slug": ["Another programme has this address."]}


def test_the_secretariat_edits_a_programme(client, world):
    programme = ProgrammeFactory(slug="nordic", title="Old title", cities=[world.city])
    edit = reverse("exchanges:programme_edit", args=["nordic"])
    client.force_login(world.secretariat)
    form = client.get(edit).context["form"]
    assert form["title"].value() == "Old title"
    assert form["slug"].value() == "nordic"
    response = client.post(edit, programme_form(world, slug="nordic", title="New title"))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.slug, programme.title_en) == ("nordic", "New title")
    assert programme.cities.count() == 2


def test_only_the_secretariat_manages_programmes(client, world):
    programme = ProgrammeFactory(cities=[world.city])
    for user in (world.member, world.focal_point):
        client.force_login(user)
        assert client.get(NEW).status_code == 404
        assert (
            client.get(reverse("exchanges:programme_edit", args=[programme.slug])).status_code
            == 404
        )
        assert "Edit the programme" not in client.get(programme.get_absolute_url()).content.decode()
