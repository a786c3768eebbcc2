"""Browser journeys through the practice library.

A practitioner of Aarhus, reading in French, searches for "radicalisation" and finds an
Arabic-only practice of Tunis tagged with that concept, opens it and downloads its document.
An anonymous visitor does not find a members-only practice, and its document's address
answers 404. Screenshots of the library and of a practice in English and Arabic go to
/tmp/shots/ for a human look (right-to-left layout).
"""

import re
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from strongcities.core.visibility import Visibility
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, CityFactory, CityRoleFactory, UserFactory, concept
from tests.practices.factories import make_practice
from tests.practices.library_helpers import PDF, attach

SHOTS = Path(tempfile.gettempdir()) / "shots"
ARABIC_TITLE = "الوقاية من التطرف عبر الإنترنت في الأحياء"


@pytest.fixture
def library(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    tunis = CityFactory(slug="tunis", name="Tunis", name_ar="تونس", country="TN")
    aarhus = CityFactory(
        slug="aarhus",
        name="Aarhus",
        country="DK",
        region=concept("region", "europe"),
        languages=["da"],
    )
    practitioner = UserFactory(email="lea@aarhus.example.org", preferred_language="fr")
    CityRoleFactory(user=practitioner, city=aarhus, role="member")
    arabic = make_practice(
        tunis,
        language="ar",
        title=ARABIC_TITLE,
        summary="ورشات أسبوعية للشباب وأسرهم حول المحتوى المتطرف على الإنترنت.",
        texts={"approach": "يلتقي الشباب مع مرشدين كل أسبوع في دار الشباب."},
        themes=("online-radicalisation", "youth-engagement"),
        audiences=("adolescents",),
        visibility=Visibility.MEMBERS,
    )
    attach(arabic, title="دليل الميسر", name="guide.pdf")
    english = make_practice(
        tunis,
        title="Youth mentoring in schools",
        summary="Mentors meet pupils weekly to build resilience against extremist narratives.",
        themes=("youth-engagement", "education"),
        translations={
            "ar": {"title": "الإرشاد الشبابي في المدارس", "summary": "مرشدون يلتقون بالتلاميذ."}
        },
    )
    hidden = make_practice(
        tunis,
        title="Mothers against online radicalisation",
        summary="Mothers learn to spot the signs of online radicalisation.",
        themes=("online-radicalisation", "family-support"),
        visibility=Visibility.MEMBERS,
    )
    hidden_file = attach(hidden, title="Mothers' handbook")
    # Browser tests flush the database between tests, which leaves the search index's own
    # tables behind: rebuild it so documents of earlier tests do not count.
    call_command("reindex", verbosity=0)
    return {
        "practitioner": practitioner,
        "arabic": arabic,
        "english": english,
        "hidden": hidden,
        "hidden_file": hidden_file,
    }


def card_titles(page) -> list[str]:
    return page.locator("#library-results .card-title").all_inner_texts()


def test_practitioner_finds_an_arabic_practice_in_french(page, library):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, library["practitioner"].email, PASSWORD)
    page.goto("/practices/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.locator("#library-q").fill("radicalisation")
    page.locator("#library-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/practices/\?q=radicalisation"))
    expect(page.locator("#library-results .card-title")).to_have_count(2)
    assert ARABIC_TITLE in card_titles(page)
    expect(page.locator("#library-results")).to_contain_text("Radicalisation en ligne")
    page.screenshot(path=f"{SHOTS}/library-fr-search.png", full_page=True)

    page.get_by_role("link", name=ARABIC_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARABIC_TITLE)
    expect(page.locator("h1")).to_have_attribute("dir", "rtl")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="دليل الميسر").click()
    download = download_info.value
    assert download.suggested_filename == "guide.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == PDF


def test_anonymous_visitor_does_not_find_members_practices(page, library):
    page.goto("/practices/?q=radicalisation")
    expect(page.locator("#library-results")).to_contain_text("No practice matches this search.")
    assert card_titles(page) == []
    page.goto("/practices/")
    assert card_titles(page) == ["Youth mentoring in schools"]
    response = page.goto(library["hidden"].get_absolute_url())
    assert response.status == 404
    response = page.goto(library["hidden_file"].get_absolute_url())
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Mothers")


def test_filters_with_htmx_and_screenshots_in_english_and_arabic(page, library):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/practices/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Practice library")
    page.get_by_label(re.compile(r"^Education")).check()
    expect(page).to_have_url(re.compile(r"/practices/\?.*theme=education"))
    expect(page.locator("#library-results")).to_contain_text("1 practice matches your search.")
    page.screenshot(path=f"{SHOTS}/library-en.png", full_page=True)
    page.goto(library["english"].get_absolute_url())
    page.screenshot(path=f"{SHOTS}/detail-en.png", full_page=True)

    page.locator("#language-select").select_option("ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("الإرشاد الشبابي في المدارس")
    page.screenshot(path=f"{SHOTS}/detail-ar.png", full_page=True)
    page.goto("/practices/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert card_titles(page) == ["الإرشاد الشبابي في المدارس"]
    page.screenshot(path=f"{SHOTS}/library-ar.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{SHOTS}/library-ar-mobile.png", full_page=True)


def test_library_works_without_javascript(browser, live_server, library):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.goto("/practices/")
    # On a small screen the filters stay open when nothing can open them.
    expect(page.get_by_label(re.compile(r"^Education"))).to_be_visible()
    page.get_by_label(re.compile(r"^Education")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"theme=education"))
    assert card_titles(page) == ["Youth mentoring in schools"]
    page.screenshot(path=f"{SHOTS}/library-en-nojs-mobile.png", full_page=True)
    context.close()
