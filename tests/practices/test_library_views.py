"""The library's search page: hits, facets, snippets, filters, htmx, bad input, query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from strongcities.core.visibility import Visibility
from tests.factories import CityFactory
from tests.practices.factories import make_practice
from tests.practices.library_helpers import SECRET_WORD, confidential_practice

pytestmark = pytest.mark.django_db
LIBRARY = reverse("practices:library")


@pytest.fixture
def shelf(world, django_capture_on_commit_callbacks):
    """Three readable practices and the confidential one, indexed."""
    with django_capture_on_commit_callbacks(execute=True):
        return {
            "arabic": make_practice(
                world.city,
                language="ar",
                title="الوقاية من التطرف عبر الإنترنت في الأحياء",
                summary="ورشات أسبوعية للشباب حول التطرف عبر الإنترنت.",
                themes=("online-radicalisation",),
            ),
            "english": make_practice(
                world.other_city,
                title="Youth mentoring in schools",
                summary="Mentors meet pupils weekly to build resilience.",
                themes=("youth-engagement",),
                translations={"fr": {"title": "Mentorat des jeunes", "summary": "Des mentors."}},
            ),
            "members": make_practice(
                world.other_city,
                title="Mothers' circles",
                summary="Mothers learn to spot the signs of online radicalisation.",
                themes=("family-support",),
                visibility=Visibility.MEMBERS,
            ),
            "secret": confidential_practice(world),
        }


def page(client, query="", **headers):
    response = client.get(LIBRARY + query, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="h5 card-title mb-2"[^>]*><a [^>]*>([^<]*)</a>', html)


def facet(html: str, name: str, value: str) -> str | None:
    """The count shown next to a facet value, None when the value is not offered."""
    match = re.search(
        rf'name="{name}" value="{re.escape(value)}"[^>]*>\s*<label[^>]*><span>[^<]*</span> '
        r'<span class="facet-count">(\d+)</span>',
        html,
    )
    return match.group(1) if match else None


def test_anonymous_browses_public_practices(client, shelf):
    html = page(client)
    assert "The library holds 2 practices you can read." in html
    assert sorted(card_titles(html)) == sorted(
        ["الوقاية من التطرف عبر الإنترنت في الأحياء", "Youth mentoring in schools"]
    )
    assert facet(html, "theme", "youth-engagement") == "1"
    assert facet(html, "theme", "online-radicalisation") == "1"
    assert facet(html, "theme", "family-support") is None  # zero counts are hidden
    assert facet(html, "city", "tunis") == "1"


def test_members_see_members_practices(client, world, shelf):
    client.force_login(world.other_focal_point)
    html = page(client)
    assert "The library holds 3 practices you can read." in html
    assert "Mothers&#x27; circles" in html
    assert facet(html, "theme", "family-support") == "1"


def test_search_shows_hits_with_snippets(client, shelf):
    html = page(client, "?q=mentors")
    assert card_titles(html) == ["Youth mentoring in schools"]
    assert "<mark>" in html
    assert "1 practice matches your search." in html


@pytest.mark.parametrize("role", ["anonymous", "other_focal_point"])
def test_confidential_practice_never_shows(client, world, shelf, role):
    if world.user(role):
        client.force_login(world.user(role))
    for query in ("", "?q=youth", "?q=circles", "?theme=youth-engagement", "?city=tunis"):
        html = page(client, query)
        assert SECRET_WORD not in html.lower()
    # Searching for the secret word finds nothing, and says nothing more than that.
    html = page(client, "?q=zanzibarine")
    assert card_titles(html) == []
    assert "No practice matches this search." in html
    assert "Zanzibarine youth circles" not in html
    assert "young people meet mentors" not in html
    assert "<mark>" not in html
    # The facet counts are those of the visible practices only.
    browse = page(client)
    assert facet(browse, "theme", "youth-engagement") == "1"
    assert facet(browse, "theme", "online-radicalisation") == "1"
    assert facet(browse, "city", "tunis") == "1"
    assert facet(page(client, "?q=zanzibarine"), "theme", "youth-engagement") is None


def test_owner_team_finds_its_restricted_practice(client, world, shelf):
    client.force_login(world.member)
    html = page(client, "?q=zanzibarine")
    assert card_titles(html) == ["Zanzibarine youth circles"]
    assert facet(page(client), "theme", "youth-engagement") == "2"


def test_facet_filter_and_chips(client, shelf):
    html = page(client, "?theme=online-radicalisation")
    assert card_titles(html) == ["الوقاية من التطرف عبر الإنترنت في الأحياء"]
    assert 'name="theme" value="online-radicalisation" id="facet-theme-' in html
    assert 'value="online-radicalisation" id="facet-theme-online-radicalisation" checked' in html
    assert 'href="?"' in html  # the chip removing the only filter
    assert "1 practice matches your search." in html


def test_long_facets_list_ten_values_then_the_rest_behind_show_all(client, world):
    for n in range(12):
        make_practice(CityFactory(slug=f"city-{n:02}", name=f"City {n:02}"), title=f"P{n}")
    html = page(client, "?city=city-11")
    shown, _sep, more = html.partition('<details class="facet-more">')
    more = more.partition("</details>")[0]
    assert "1 more" in more  # 12 cities: the first 10 shown, the chosen 12th too, 1 behind
    assert 'id="facet-city-city-11" checked' in shown
    assert shown.count('name="city"') == 11
    assert more.count('name="city"') == 1


def test_search_is_bookmarkable(client, shelf):
    html = page(client, "?q=mentors&theme=youth-engagement&order=recent")
    assert card_titles(html) == ["Youth mentoring in schools"]
    assert 'id="library-q" name="q" value="mentors"' in html
    assert '<option value="recent" selected>' in html
    chips = re.findall(
        r'class="btn btn-sm btn-outline-secondary rounded-pill" href="([^"]*)"', html
    )
    assert chips == ["?theme=youth-engagement&amp;order=recent", "?q=mentors&amp;order=recent"]
    assert "/practices/export.json?q=mentors&amp;theme=youth-engagement" in html
    assert "/practices/export.csv?q=mentors&amp;theme=youth-engagement" in html


def test_htmx_request_gets_the_results_only(client, shelf):
    response = client.get(LIBRARY + "?q=mentors", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert card_titles(html) == ["Youth mentoring in schools"]
    assert '<div id="library-facets" hx-swap-oob="true">' in html
    assert response["Vary"].count("HX-Request") == 1
    restore = client.get(
        LIBRARY, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()


def test_cards_in_the_readers_language(client, shelf):
    client.cookies["sch_language"] = "fr"
    html = page(client)
    assert "Mentorat des jeunes" in card_titles(html)
    # Only the Arabic practice (not translated into French) carries a language badge.
    assert html.count('<span class="badge text-bg-light border fw-normal">') == 1
    assert "Arabe</span>" in html
    english = shelf["english"]
    assert f'href="/practices/{english.slug}/?lang=en"' in html


def test_language_badge_and_other_languages(client, shelf):
    html = page(client)
    arabic = shelf["arabic"].slug
    assert f'lang="ar" dir="rtl"><a href="/practices/{arabic}/">الوقاية' in html
    assert ">in Arabic</span>" in html
    assert f'href="/practices/{shelf["english"].slug}/?lang=fr"' in html


@pytest.mark.parametrize(
    "query",
    [
        "?page=x",
        "?page=-3",
        "?page=99999",
        "?page=999999999999999999999",
        "?theme=nonsense&city=atlantis&label=best",
        "?order=sideways",
        "?q=" + "radicalisation " * 200,
        "?q=%00%ff<script>",
        '?q="unbalanced AND (OR NEAR*',
    ],
)
def test_bad_input_never_fails(client, shelf, query):
    html = page(client, query)
    assert "The library holds" in html or "match" in html


def test_huge_query_is_shortened_with_a_notice(client, shelf):
    html = page(client, "?q=" + "a" * 1000)
    assert "Your search was shortened to its first 200 characters." in html


def test_page_beyond_the_end(client, shelf):
    html = page(client, "?page=50")
    assert "That page does not exist: here is the last page." in html
    assert len(card_titles(html)) == 2


def test_pagination(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(23):
            make_practice(world.city, title=f"Practice number {n:02d}")
    first = page(client, "?order=title")
    assert len(card_titles(first)) == 20
    assert 'href="?order=title&amp;page=2"' in first
    second = page(client, "?order=title&page=2")
    assert card_titles(second) == [f"Practice number {n:02d}" for n in (20, 21, 22)]


def queries_for(client, query: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(client, query)
    return len(captured)


def test_query_count_does_not_depend_on_the_number_of_results(
    client, world, django_capture_on_commit_callbacks
):
    elsewhere = CityFactory(slug="amman", name="Amman")  # no notification for the reader
    client.force_login(world.other_focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            make_practice(world.city, title=f"Few {n}", audiences=("women",))
    page(client)  # the search engine reloads its caches once after the index changed
    few = queries_for(client, "")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            make_practice(elsewhere, title=f"Many {n}", audiences=("women", "children"))
    page(client)
    assert queries_for(client, "") == few
    # Words cost two more queries: the full-text match and the ranked (or sorted) page...
    assert queries_for(client, "?q=many&audience=women&order=title") == few + 2
    # ... and one once the process remembers what the words match (choosing facets, sorting).
    assert queries_for(client, "?q=many") == few + 1
    assert queries_for(client, "?q=many+children") == few + 2


def test_anonymous_query_count(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(25):
            make_practice(world.city, title=f"Practice {n}", audiences=("women", "children"))
    page(client)
    # The engine's change-log check and its hits' texts (2), the cards' practices and their
    # themes (2); two more with words: the full-text match and the ranked page.
    assert queries_for(client, "") == 4
    assert queries_for(client, "?q=practice&theme=youth-engagement&page=2") == 6


def test_french_concept_finds_an_arabic_practice(client, shelf):
    html = page(client, "?q=radicalisation+en+ligne")
    assert card_titles(html) == ["الوقاية من التطرف عبر الإنترنت في الأحياء"]
    assert "Also searched: Online radicalisation" in html
