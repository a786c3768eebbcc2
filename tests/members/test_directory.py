"""The member directory: filters, text search, pagination, query count."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from strongcities.members.models import City
from tests.factories import CityFactory, concept

URL = reverse("members:directory")


@pytest.fixture(autouse=True)
def english():
    """Requests activate the reader's language in this thread; start each test in English."""
    translation.activate("en")
    yield
    translation.activate("en")


def names(response) -> list[str]:
    return [str(city.name) for city in response.context["page"].object_list]


@pytest.fixture
def cities(db):
    montreal = CityFactory(
        slug="montreal",
        name="Montréal",
        country="CA",
        region=concept("region", "north-america"),
        languages=["fr", "en"],
        summary="Un centre de prévention de la radicalisation.",
    )
    montreal.challenges.set([concept("theme", "online-radicalisation")])
    tunis = CityFactory(
        slug="tunis", name="Tunis", name_ar="تونس العاصمة", country="TN", languages=["ar", "fr"]
    )
    tunis.challenges.set([concept("theme", "youth-engagement")])
    aarhus = CityFactory(
        slug="aarhus",
        name="Aarhus",
        country="DK",
        region=concept("region", "europe"),
        languages=["da"],
        summary="Exit programmes and mentoring for young people.",
    )
    aarhus.challenges.set(
        [concept("theme", "youth-engagement"), concept("theme", "online-radicalisation")]
    )
    CityFactory(slug="applicant", name="Applicantville", status=City.Status.APPLICANT)
    CityFactory(slug="former", name="Formerton", status=City.Status.FORMER, country="FR")
    return {"montreal": montreal, "tunis": tunis, "aarhus": aarhus}


def test_lists_member_cities_only(client, cities):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Aarhus", "Montréal", "Tunis"]
    assert "Applicantville" not in response.content.decode()
    assert "Formerton" not in response.content.decode()
    assert response.context["page"].paginator.count == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=europe", ["Aarhus"]),
        ("region=north-america", ["Montréal"]),
        ("country=TN", ["Tunis"]),
        ("language=fr", ["Montréal", "Tunis"]),
        ("language=da", ["Aarhus"]),
        ("challenge=youth-engagement", ["Aarhus", "Tunis"]),
        ("challenge=online-radicalisation", ["Aarhus", "Montréal"]),
        ("challenge=online-radicalisation&region=europe", ["Aarhus"]),
        ("language=fr&challenge=youth-engagement", ["Tunis"]),
        ("q=aar&language=da&region=europe&country=DK", ["Aarhus"]),
        ("q=montreal", ["Montréal"]),
        ("q=MONTRÉAL", ["Montréal"]),
        ("q=  montréal  ", ["Montréal"]),
        ("q=تونس العاصمة", ["Tunis"]),
        ("q=العاصمة", ["Tunis"]),
        ("q=Denmark", ["Aarhus"]),
        ("q=Danemark", ["Aarhus"]),
        ("q=prevention", ["Montréal"]),
        ("q=mentoring young", ["Aarhus"]),
        ("q=mentoring tunis", []),
        ("q=nowhere", []),
        ("q=applicantville", []),
    ],
)
def test_filters(client, cities, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert names(response) == expected
    assert response.context["page"].paginator.count == len(expected)


def test_unknown_choice_is_a_field_error_not_a_500(client, cities):
    response = client.get(f"{URL}?region=atlantis&q=tunis")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["region"]
    # An invalid filter is ignored rather than hiding every city.
    assert names(response) == ["Aarhus", "Montréal", "Tunis"]


def test_form_offers_only_choices_that_exist(client, cities):
    form = client.get(URL).context["form"]
    assert [code for code, _label in form.fields["region"].choices] == [
        "",
        "middle-east-north-africa",
        "europe",
        "north-america",
    ]
    assert sorted(code for code, _label in form.fields["country"].choices) == [
        "",
        "CA",
        "DK",
        "TN",
    ]
    assert [code for code, _label in form.fields["language"].choices] == [
        "",
        "ar",
        "da",
        "en",
        "fr",
    ]
    assert sorted(code for code, _label in form.fields["challenge"].choices) == [
        "",
        "online-radicalisation",
        "youth-engagement",
    ]


def test_card_content(client, cities):
    html = client.get(f"{URL}?country=CA").content.decode()
    assert 'href="/cities/montreal/"' in html
    assert "Montréal" in html
    assert "Canada" in html
    assert "North America" in html
    assert "Online radicalisation" in html
    assert "Languages: French, English" in html
    assert "1 city matches your search." in html


def test_cards_in_the_readers_language(client, cities):
    client.post(reverse("core:set_language"), {"language": "ar"})
    html = client.get(URL).content.decode()
    assert 'dir="rtl"' in html
    assert "تونس العاصمة" in html  # the Arabic name of Tunis
    assert "الدنمارك" in html  # Denmark, by django-countries


def test_htmx_request_gets_the_results_only(client, cities):
    response = client.get(f"{URL}?region=europe", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.templates[0].name == "members/partials/directory_results.html"
    assert "<html" not in html
    assert 'hx-swap-oob="innerHTML"' in html
    assert "Aarhus" in html
    assert "Tunis" not in html
    assert response.headers["Vary"] == "HX-Request, Accept-Language, Cookie"


def test_history_restore_gets_the_whole_page(client, cities):
    response = client.get(URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert response.templates[0].name == "members/directory.html"


def test_plain_get_form_without_javascript(client, cities):
    html = client.get(URL).content.decode()
    assert 'method="get" action="/cities/"' in html
    assert 'hx-get="/cities/"' in html
    assert 'hx-push-url="true"' in html


@pytest.fixture
def many_cities(db):
    europe = concept("region", "europe")
    for number in range(30):
        CityFactory(
            slug=f"town-{number:02d}",
            name=f"Town {number:02d}",
            country="DK",
            region=europe,
            latitude=Decimal("56.1"),
            longitude=Decimal("10.2"),
        )
    CityFactory(slug="tunis", name="Tunis")


def test_pagination_keeps_the_filters(client, many_cities):
    first = client.get(f"{URL}?region=europe")
    assert len(first.context["page"].object_list) == 24
    assert first.context["page"].paginator.count == 30
    html = first.content.decode()
    assert 'href="?region=europe&amp;page=2"' in html
    second = client.get(f"{URL}?region=europe&page=2")
    assert names(second) == [f"Town {n}" for n in range(24, 30)]
    assert 'href="?region=europe&amp;page=1"' in second.content.decode()


def test_out_of_range_page_shows_the_last_page(client, many_cities):
    response = client.get(f"{URL}?page=99")
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert client.get(f"{URL}?page=abc").context["page"].number == 1


def test_query_count_does_not_grow_with_cities(client, many_cities, django_assert_num_queries):
    for city in City.objects.all():
        city.challenges.set([concept("theme", "youth-engagement")])
    # Facets (regions, countries and languages, challenges), count, page, challenges.
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 24
    # A text query adds the one narrow pass that folds names and summaries.
    with django_assert_num_queries(7):
        client.get(f"{URL}?q=town")
