"""City profiles (who sees the team's names) and their editing by focal points."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from strongcities.core.audit.models import AuditEntry
from strongcities.core.exceptions import DomainError
from strongcities.members.city_services import update_city_profile
from strongcities.members.models import City
from tests.factories import CityFactory, CityRoleFactory, UserFactory, concept


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.activate("en")


def profile_url(city) -> str:
    return reverse("members:city", args=[city.slug])


def edit_url(city) -> str:
    return reverse("members:city_edit", args=[city.slug])


@pytest.fixture
def tunis(world):
    city = world.city
    city.summary_en = "The capital of Tunisia."
    city.website = "https://www.commune-tunis.gov.tn/"
    city.population = 638_845
    city.languages = ["ar", "fr"]
    city.joined_on = "2017-09-20"
    city.save()
    city.challenges.set([concept("theme", "youth-engagement")])
    education = concept("sector", "education")
    world.focal_point.full_name = "Amira Focal"
    world.focal_point.sector = education
    world.focal_point.save()
    world.member.full_name = "Karim Member"
    world.member.sector = concept("sector", "police")
    world.member.save()
    teacher = UserFactory(full_name="Leila Teacher", sector=education)
    CityRoleFactory(user=teacher, city=city, role="member")
    CityRoleFactory(user=UserFactory(full_name="Sami Unstated", sector=None), city=city)
    return city


def test_public_profile_shows_the_facts(client, tunis):
    response = client.get(profile_url(tunis))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="mb-1">Tunis</h1>' in html
    assert "Tunisia · Middle East &amp; North Africa" in html
    assert "638,845" in html
    assert "Arabic, French" in html
    assert "The capital of Tunisia." in html
    assert 'href="https://www.commune-tunis.gov.tn/"' in html
    assert 'href="/cities/?challenge=youth-engagement"' in html
    assert 'href="/cities/map/#city-tunis"' in html
    assert 'cx="10.181" cy="-36.806"' in html  # 36.8065 N, 10.1815 E


def test_public_sees_team_size_by_sector_but_no_names(client, tunis):
    html = client.get(profile_url(tunis)).content.decode()
    assert "City team: 4 people" in html
    assert "Educator: 2 people" in html
    assert "Police: 1 person" in html
    assert "Other or not stated: 1 person" in html
    for name in ("Amira Focal", "Karim Member", "Leila Teacher", "Sami Unstated"):
        assert name not in html
    assert response_context_flag(client, tunis) is False


def response_context_flag(client, city) -> bool:
    return client.get(profile_url(city)).context["show_names"]


@pytest.mark.parametrize("role", ["member", "other_focal_point", "secretariat", "focal_point"])
def test_network_members_see_the_focal_points_names(client, world, tunis, role):
    client.force_login(world.user(role))
    html = client.get(profile_url(tunis)).content.decode()
    assert "Amira Focal" in html
    assert "City team: 4 people" in html
    # Only focal points are named; the rest of the team is counted.
    assert "Leila Teacher" not in html


def test_edit_link_only_for_those_who_may_edit(client, world, tunis):
    assert edit_url(tunis) not in client.get(profile_url(tunis)).content.decode()
    client.force_login(world.other_focal_point)
    assert edit_url(tunis) not in client.get(profile_url(tunis)).content.decode()
    client.force_login(world.focal_point)
    assert edit_url(tunis) in client.get(profile_url(tunis)).content.decode()


@pytest.mark.parametrize("status", [City.Status.APPLICANT, City.Status.SUSPENDED, "former"])
def test_non_member_cities_have_no_profile(client, world, status):
    CityFactory(slug="elsewhere", name="Elsewhere", status=status)
    assert client.get("/cities/elsewhere/").status_code == 404
    client.force_login(world.secretariat)
    assert client.get("/cities/elsewhere/").status_code == 404
    assert client.get("/cities/elsewhere/edit/").status_code == 404


def test_unknown_city_is_404(client, db):
    assert client.get("/cities/nowhere/").status_code == 404


def test_profile_in_arabic(client, tunis):
    tunis.name_ar = "تونس"
    tunis.summary_ar = "عاصمة تونس."
    tunis.save()
    client.post(reverse("core:set_language"), {"language": "ar"})
    html = client.get(profile_url(tunis)).content.decode()
    assert 'dir="rtl"' in html
    assert "تونس" in html
    assert "عاصمة تونس." in html
    assert "العربية" in html or "العربيّة" in html  # Arabic, named in Arabic


def test_profile_query_count(client, tunis, django_assert_num_queries):
    # city and region, team with sectors, challenges, practices, events
    with django_assert_num_queries(5):
        client.get(profile_url(tunis))


# --- Editing -------------------------------------------------------------------------------


def valid_data(**overrides) -> dict:
    data = {
        "summary_en": "A Mediterranean capital.",
        "summary_fr": "Une capitale méditerranéenne.",
        "summary_ar": "عاصمة متوسطية.",
        "summary_es": "",
        "summary_tr": "",
        "website": "https://tunis.example.org/",
        "population": "700000",
        "languages": ["ar", "fr", "en"],
        "challenges": [concept("theme", "online-radicalisation").pk],
    }
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_sign_in(client, tunis):
    response = client.get(edit_url(tunis))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={edit_url(tunis)}"
    assert client.post(edit_url(tunis), valid_data()).status_code == 302
    assert City.objects.get(pk=tunis.pk).population == 638_845


@pytest.mark.parametrize("role", ["member", "other_focal_point"])
def test_others_get_404(client, world, tunis, role):
    client.force_login(world.user(role))
    assert client.get(edit_url(tunis)).status_code == 404
    assert client.post(edit_url(tunis), valid_data()).status_code == 404
    assert City.objects.get(pk=tunis.pk).population == 638_845


@pytest.mark.parametrize("role", ["focal_point", "secretariat"])
def test_focal_point_and_secretariat_edit_the_profile(client, world, tunis, role):
    client.force_login(world.user(role))
    form_page = client.get(edit_url(tunis))
    assert form_page.status_code == 200
    assert "Summary in French" in form_page.content.decode()
    response = client.post(edit_url(tunis), valid_data())
    assert response.status_code == 302
    assert response["Location"] == profile_url(tunis)
    city = City.objects.get(pk=tunis.pk)
    assert city.summary_en == "A Mediterranean capital."
    assert city.summary_fr == "Une capitale méditerranéenne."
    assert city.summary_ar == "عاصمة متوسطية."
    assert city.website == "https://tunis.example.org/"
    assert city.population == 700_000
    assert city.languages == ["ar", "en", "fr"]
    assert list(city.challenges.values_list("code", flat=True)) == ["online-radicalisation"]
    entry = AuditEntry.objects.get(action="members.city_profile_updated")
    assert entry.actor == world.user(role)
    assert entry.target_id == str(tunis.pk)
    assert entry.data == {
        "fields": [
            "summary_en",
            "summary_fr",
            "summary_ar",
            "website",
            "population",
            "languages",
            "challenges",
        ]
    }
    assert "The city profile has been saved." in client.get(profile_url(tunis)).content.decode()


@pytest.mark.parametrize(
    "case",
    [
        ("population", "-5", "Ensure this value is greater than or equal to 0."),
        ("population", "lots", "Enter a whole number."),
        ("website", "not a url", "Enter a valid URL."),
        ("languages", ["xx"], "Select a valid choice. xx is not one of the available choices."),
        (
            "challenges",
            ["999999"],
            "Select a valid choice. 999999 is not one of the available choices.",
        ),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_saved(client, world, tunis, case):
    field, value, message = case
    client.force_login(world.focal_point)
    response = client.post(edit_url(tunis), valid_data(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    html = response.content.decode()
    assert "The profile was not saved." in html
    assert "A Mediterranean capital." in html  # what the user typed is kept
    city = City.objects.get(pk=tunis.pk)
    assert city.population == 638_845
    assert city.summary_en == "The capital of Tunisia."
    assert AuditEntry.objects.filter(action="members.city_profile_updated").count() == 0


def test_saving_unchanged_data_records_nothing(client, world, tunis):
    client.force_login(world.focal_point)
    client.post(edit_url(tunis), valid_data())
    client.post(edit_url(tunis), valid_data())
    assert AuditEntry.objects.filter(action="members.city_profile_updated").count() == 1


def test_service_refuses_someone_who_may_not_edit(world, tunis):
    with pytest.raises(DomainError) as refused:
        update_city_profile(tunis, {"population": 1}, by=world.other_focal_point)
    assert str(refused.value) == "You may not edit this city's profile."
    assert City.objects.get(pk=tunis.pk).population == 638_845


def test_service_refuses_a_city_that_is_not_a_member(world):
    suspended = CityFactory(
        slug="paused", name="Paused", status=City.Status.SUSPENDED, latitude=Decimal(1)
    )
    with pytest.raises(DomainError):
        update_city_profile(suspended, {"population": 1}, by=world.secretariat)
