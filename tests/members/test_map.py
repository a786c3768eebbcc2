"""The world map page, its JSON data and the static profile map."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from strongcities.members import geo
from strongcities.members.models import City
from tests.factories import CityFactory, concept


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def cities(db):
    CityFactory(
        slug="montreal",
        name="Montréal",
        name_ar="مونتريال",
        country="CA",
        region=concept("region", "north-america"),
        latitude=Decimal("45.501690"),
        longitude=Decimal("-73.567253"),
    )
    CityFactory(slug="tunis", name="Tunis", name_ar="تونس")
    CityFactory(slug="applicant", name="Applicantville", status=City.Status.APPLICANT)
    CityFactory(slug="gone", name="Gone", status=City.Status.FORMER)


def test_map_data_lists_member_cities(client, cities):
    response = client.get(reverse("members:map_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == [
        {
            "slug": "tunis",
            "name": "Tunis",
            "lat": 36.8065,
            "lon": 10.1815,
            "region": "middle-east-north-africa",
            "region_label": "Middle East & North Africa",
            "url": "/cities/tunis/",
        },
        {
            "slug": "montreal",
            "name": "Montréal",
            "lat": 45.50169,
            "lon": -73.567253,
            "region": "north-america",
            "region_label": "North America",
            "url": "/cities/montreal/",
        },
    ]


def test_map_data_in_the_requests_language(client, cities):
    client.post(reverse("core:set_language"), {"language": "ar"})
    data = json.loads(client.get(reverse("members:map_data")).content)
    assert [(city["name"], city["region_label"]) for city in data] == [
        ("تونس", "الشرق الأوسط وشمال أفريقيا"),
        ("مونتريال", "أمريكا الشمالية"),
    ]


def test_map_data_query_count(client, cities, django_assert_num_queries):
    for number in range(20):
        CityFactory(slug=f"extra-{number}", name=f"Extra {number}")
    with django_assert_num_queries(1):
        response = client.get(reverse("members:map_data"))
    assert len(json.loads(response.content)) == 22


def test_map_page_lists_cities_by_region_without_javascript(client, cities):
    response = client.get(reverse("members:map"))
    assert response.status_code == 200
    html = response.content.decode()
    assert [(str(c.name), c.region.code) for c in response.context["cities"]] == [
        ("Tunis", "middle-east-north-africa"),
        ("Montréal", "north-america"),
    ]
    mena = html.index('aria-hidden="true"></span> Middle East &amp; North Africa</h3>')
    america = html.index('aria-hidden="true"></span> North America</h3>')
    assert mena < html.index('id="city-tunis"') < america < html.index('id="city-montreal"')
    assert '<li id="city-tunis"><a href="/cities/tunis/">Tunis</a>' in html
    assert "Applicantville" not in html
    assert "Gone" not in html
    assert 'data-cities-url="/cities/map/cities.json"' in html
    assert "/static/vendor/world-atlas/countries-110m.json" in html
    assert '<script src="/static/members/js/map.js" defer></script>' in html
    assert 'class="map-section' in html  # hidden without JavaScript (members.css)


def test_map_page_query_count(client, cities, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(reverse("members:map"))


def test_static_world_map_is_built_from_world_atlas():
    """members/img/world.svg is what `python -m strongcities.members.geo` makes today."""
    assert geo.WORLD_SVG.read_text(encoding="utf-8") == geo.world_svg()


def test_rings_crossing_the_antimeridian_are_unwrapped():
    # A small island across 180 degrees: 179 -> -179 is a 2-degree step, not 358.
    ring = [(179.0, -16.0), (-179.0, -16.0), (-179.0, -17.0), (179.0, -17.0), (179.0, -16.0)]
    assert geo.unwrap(ring) == [
        [(179.0, -16.0), (181.0, -16.0), (181.0, -17.0), (179.0, -17.0), (179.0, -16.0)],
        [(-181.0, -16.0), (-179.0, -16.0), (-179.0, -17.0), (-181.0, -17.0), (-181.0, -16.0)],
    ]


def test_a_ring_around_the_pole_is_closed_along_the_pole():
    ring = [(-180.0, -80.0), (0.0, -70.0), (179.0, -75.0), (-180.0, -80.0)]
    rings = geo.unwrap(ring)
    assert rings[0][-2:] == [(180.0, -90.0), (-180.0, -90.0)]
    assert len(rings) == 1


def test_svg_position_is_not_localised():
    with translation.override("fr"):
        assert geo.svg_position(Decimal("45.5"), Decimal("-73.25")) == {
            "x": "-73.250",
            "y": "-45.500",
        }
