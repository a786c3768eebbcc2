"""Browser journey: a visitor reads the member directory in Arabic and filters it by region."""

import re
import tempfile

import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from tests.factories import CityFactory, concept

SHOTS = tempfile.gettempdir()  # screenshots for a human look: /tmp/directory-*.png


@pytest.fixture(autouse=True)
def _taxonomy(transactional_db):
    """Browser tests flush the database between tests: the taxonomy is loaded again."""
    call_command("load_taxonomy", verbosity=0)


@pytest.fixture
def cities():
    tunis = CityFactory(slug="tunis", name="Tunis", name_ar="تونس", country="TN")
    tunis.challenges.set([concept("theme", "youth-engagement")])
    aarhus = CityFactory(
        slug="aarhus",
        name="Aarhus",
        name_ar="آرهوس",
        country="DK",
        region=concept("region", "europe"),
        languages=["da"],
    )
    aarhus.challenges.set([concept("theme", "online-radicalisation")])
    CityFactory(
        slug="montreal",
        name="Montréal",
        country="CA",
        region=concept("region", "north-america"),
        languages=["fr", "en"],
    )


def card_titles(page) -> list[str]:
    return page.locator("#directory-results .card-title").all_inner_texts()


def test_visitor_reads_the_directory_in_arabic_and_filters_by_region(page, cities):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/cities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Member cities")
    assert card_titles(page) == ["Aarhus", "Montréal", "Tunis"]
    page.screenshot(path=f"{SHOTS}/directory-en.png", full_page=True)

    page.locator("#language-select").select_option("ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    with translation.override("ar"):
        heading = translation.gettext("Member cities")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#directory-results")).to_contain_text("تونس")
    expect(page.locator("#directory-results")).to_contain_text("الدنمارك")  # Denmark
    page.screenshot(path=f"{SHOTS}/directory-ar.png", full_page=True)

    page.locator("#id_region").select_option("europe")
    expect(page).to_have_url(re.compile(r"/cities/\?region=europe$"))
    expect(page.locator("#directory-results .card-title")).to_have_count(1)
    assert card_titles(page) == ["آرهوس"]
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path=f"{SHOTS}/directory-ar-europe.png", full_page=True)

    # The filtered address can be bookmarked: opening it again shows the same cities.
    page.goto("/cities/?region=europe")
    assert card_titles(page) == ["آرهوس"]


def test_directory_works_without_javascript(browser, live_server, cities):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/cities/")
    page.locator("#id_region").select_option("north-america")
    page.get_by_role("button", name="Show cities").click()
    expect(page).to_have_url(re.compile(r"region=north-america"))
    assert card_titles(page) == ["Montréal"]
    context.close()
