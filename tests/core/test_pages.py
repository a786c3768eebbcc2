import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import CityFactory, concept


@pytest.mark.django_db
def test_home_tells_how_many_cities_in_which_regions(client):
    CityFactory(slug="tunis", name="Tunis", country="TN")
    CityFactory(slug="amman", name="Amman", country="JO")
    CityFactory(slug="aarhus", name="Aarhus", country="DK", region=concept("region", "europe"))
    CityFactory(slug="gone", name="Gone", status="former")
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert response.context["city_count"] == 3
    assert response.context["country_count"] == 3
    assert [(r.code, r.member_count) for r in response.context["regions"]] == [
        ("middle-east-north-africa", 2),
        ("europe", 1),
    ]
    with translation.override("ar"):
        html = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "الشرق الأوسط وشمال أفريقيا · 2" in html


@pytest.mark.django_db
def test_home_page_queries_do_not_grow_with_the_network(client, django_assert_num_queries):
    for n in range(8):
        CityFactory(slug=f"city-{n}", name=f"City {n}")
    # members, countries, regions with counts, recently joined cities, coming events
    with django_assert_num_queries(5):
        client.get(reverse("core:home"))


@pytest.mark.django_db
def test_every_page_has_a_strict_content_security_policy(client):
    response = client.get(reverse("core:home"))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style_and_no_external_request(client):
    html = client.get(reverse("core:home")).content.decode()
    assert "style=" not in html
    assert "<script>" not in html
    for marker in ("http://", "https://"):
        assert [line for line in html.splitlines() if marker in line] == []


@pytest.mark.django_db
def test_language_switch_sets_cookie_and_page_is_right_to_left_in_arabic(client):
    response = client.post(reverse("core:set_language"), {"language": "ar", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["sch_language"].value == "ar"
    html = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html


@pytest.mark.django_db
def test_language_switch_remembers_the_choice_of_a_signed_in_user(client, world):
    client.force_login(world.member)
    client.post(reverse("core:set_language"), {"language": "tr", "next": "/"})
    world.member.refresh_from_db()
    assert world.member.preferred_language == "tr"


@pytest.mark.django_db
def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client):
    response = client.post(
        reverse("core:set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "sch_language" not in response.cookies


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
