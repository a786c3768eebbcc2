"""Browser tests of the practice library's page: htmx filters, Arabic (right-to-left) and
small screens, and the page without JavaScript. Screenshots of the library and of a practice in
English and Arabic go to /tmp/shots/ for a human look.

The journey from a submission to a search in another language and a download is in
test_practice_workflow.py.
"""

import re
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories import CityFactory
from tests.practices.factories import make_practice

SHOTS = Path(tempfile.gettempdir()) / "shots"


@pytest.fixture
def library(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    tunis = CityFactory(slug="tunis", name="Tunis", name_ar="تونس", country="TN")
    english = make_practice(
        tunis,
        title="Youth mentoring in schools",
        summary="Mentors meet pupils weekly to build resilience against extremist narratives.",
        themes=("youth-engagement", "education"),
        translations={
            "ar": {"title": "الإرشاد الشبابي في المدارس", "summary": "مرشدون يلتقون بالتلاميذ."}
        },
    )
    make_practice(
        tunis,
        title="Mothers against online radicalisation",
        summary="Mothers learn to spot the signs of online radicalisation.",
        themes=("online-radicalisation", "family-support", "education"),
        visibility="members",
    )
    # Browser tests flush the database between tests, which leaves the search index's own
    # tables behind: rebuild it so documents of earlier tests do not count.
    call_command("reindex", verbosity=0)
    return {"english": english}


def card_titles(page) -> list[str]:
    return page.locator("#library-results .card-title").all_inner_texts()


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
