"""Browser journey: the world map shows every member city and links to their profiles."""

import re
import tempfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from strongcities.members.models import City
from tests.factories import CityFactory, concept

SHOTS = tempfile.gettempdir()  # screenshots for a human look: /tmp/map-*.png

PLACES = [
    # slug, name, country, region, latitude, longitude
    ("tunis", "Tunis", "TN", "middle-east-north-africa", "36.8065", "10.1815"),
    ("sousse", "Sousse", "TN", "middle-east-north-africa", "35.8256", "10.6360"),
    ("aarhus", "Aarhus", "DK", "europe", "56.1629", "10.2039"),
    ("montreal", "Montréal", "CA", "north-america", "45.5017", "-73.5673"),
    ("suva", "Suva", "FJ", "oceania", "-18.1248", "178.4501"),
    ("nairobi", "Nairobi", "KE", "africa", "-1.2921", "36.8219"),
    ("bogota", "Bogotá", "CO", "latin-america-caribbean", "4.7110", "-74.0721"),
    ("dhaka", "Dhaka", "BD", "asia", "23.8103", "90.4125"),
]


@pytest.fixture(autouse=True)
def _taxonomy(transactional_db):
    """Browser tests flush the database between tests: the taxonomy is loaded again."""
    call_command("load_taxonomy", verbosity=0)


@pytest.fixture
def cities():
    for slug, name, country, region, lat, lon in PLACES:
        CityFactory(
            slug=slug,
            name=name,
            country=country,
            region=concept("region", region),
            latitude=Decimal(lat),
            longitude=Decimal(lon),
        )
    CityFactory(slug="applicant", name="Applicantville", status=City.Status.APPLICANT)


def markers_accounted_for(page) -> int:
    """Cities on the map: single markers plus the count shown on each cluster."""
    singles = page.locator(".leaflet-marker-pane .city-marker").count()
    clusters = page.locator(".leaflet-marker-pane .marker-cluster span").all_inner_texts()
    return singles + sum(int(text) for text in clusters)


def test_map_shows_every_city_and_links_to_profiles(page, cities):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/cities/map/")
    expect(page.locator("#world-map")).to_have_attribute("data-ready", "true")
    assert page.locator("#world-map").get_attribute("data-city-count") == str(len(PLACES))
    assert markers_accounted_for(page) == len(PLACES)
    # Tunis and Sousse are 1° apart: at world zoom they share one cluster.
    expect(page.locator(".marker-cluster span", has_text="2")).to_have_count(1)
    # Country outlines are drawn from world-atlas, with no tile server.
    assert page.locator(".leaflet-overlay-pane path").count() > 100
    assert page.locator(".leaflet-tile").count() == 0
    page.screenshot(path=f"{SHOTS}/map-en.png", full_page=True)

    page.get_by_role("button", name="Nairobi").click()
    link = page.locator(".leaflet-popup-content a")
    expect(link).to_have_text("Nairobi")
    assert link.get_attribute("href") == "/cities/nairobi/"
    link.click()
    expect(page).to_have_url(re.compile(r"/cities/nairobi/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nairobi")
    page.screenshot(path=f"{SHOTS}/map-profile-en.png", full_page=True)


def test_map_in_arabic(page, cities):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/cities/map/")
    page.locator("#language-select").select_option("ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#world-map")).to_have_attribute("data-ready", "true")
    assert markers_accounted_for(page) == len(PLACES)
    page.screenshot(path=f"{SHOTS}/map-ar.png", full_page=True)
    page.goto("/cities/suva/")
    page.screenshot(path=f"{SHOTS}/map-profile-ar.png", full_page=True)


def test_map_page_without_javascript_lists_the_cities(browser, live_server, cities):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/cities/map/")
    expect(page.locator("#world-map")).to_be_hidden()
    expect(page.locator(".map-city-list li")).to_have_count(len(PLACES))
    context.close()
