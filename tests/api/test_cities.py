"""GET /cities and /cities/{slug}: shape, filters, languages, pagination, query counts."""

import pytest

from tests.api.factories import ApiTokenFactory
from tests.factories import CityFactory, concept

pytestmark = pytest.mark.django_db

TUNIS = {
    "slug": "tunis",
    "name": "Tunis",
    "names": {"en": "Tunis", "fr": "Tunis", "ar": "تونس"},
    "country": {"code": "TN", "name": "Tunisia"},
    "region": {"code": "middle-east-north-africa", "label": "Middle East & North Africa"},
    "lat": 36.8065,
    "lon": 10.1815,
    "population": 1056247,
    "languages": ["ar", "fr"],
    "status": "member",
    "joined_on": "2016-09-29",
    "challenges": [
        {"code": "api-test-youth", "label": "Young people"},
        {"code": "api-test-online", "label": "Online hate"},
    ],
    "summary": "Capital of Tunisia.",
    "url": "http://testserver/cities/tunis/",
}
MONTREAL = {
    "slug": "montreal",
    "name": "Montréal",
    "names": {"en": "Montréal", "fr": "Montréal", "es": "Montreal"},
    "country": {"code": "CA", "name": "Canada"},
    "region": {"code": "north-america", "label": "North America"},
    "lat": 45.5017,
    "lon": -73.5673,
    "population": None,
    "languages": ["fr", "en"],
    "status": "member",
    "joined_on": None,
    "challenges": [{"code": "api-test-online", "label": "Online hate"}],
    "summary": "",
    "url": "http://testserver/cities/montreal/",
}


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


def test_detail_has_every_field(client, network):
    response = client.get("/api/v1/cities/tunis")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == TUNIS


def test_list_has_member_cities_only_by_english_name(client, network):
    response = client.get("/api/v1/cities")
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (3, 1, 50)
    assert [c["slug"] for c in body["items"]] == ["aarhus", "montreal", "tunis"]
    assert body["items"][1] == MONTREAL
    assert body["items"][2] == TUNIS


@pytest.mark.parametrize("slug", ["lyon", "candidate", "nowhere"])
def test_detail_of_a_non_member_is_404(client, network, slug):
    response = client.get(f"/api/v1/cities/{slug}")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "There is no member city at this address.",
        "errors": [],
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=europe", ["aarhus"]),
        ("region=middle-east-north-africa", ["tunis"]),
        ("region=unknown", []),
        ("country=ca", ["montreal"]),
        ("country=TN", ["tunis"]),
        ("language=fr", ["montreal", "tunis"]),
        ("language=da", ["aarhus"]),
        ("language=de", []),
        ("challenge=api-test-online", ["montreal", "tunis"]),
        ("challenge=api-test-youth", ["tunis"]),
        ("q=montreal", ["montreal"]),
        ("q=MONTRÉAL", ["montreal"]),
        ("q=ntré", ["montreal"]),
        ("q=تونس", ["tunis"]),
        ("q=lyon", []),
        ("q=%20", ["aarhus", "montreal", "tunis"]),
        ("language=fr&challenge=api-test-youth", ["tunis"]),
        ("q=capital", ["tunis"]),
        ("q=capitale tunisie", ["tunis"]),
        ("q=canada", ["montreal"]),
        ("region=europe&q=tunis", []),
    ],
)
def test_filters(client, network, query, expected):
    assert slugs(client.get(f"/api/v1/cities?{query}")) == expected


def test_q_matches_a_translated_name(client, network):
    CityFactory(
        slug="istanbul",
        name="Istanbul",
        name_tr="İstanbul",
        country="TR",
        region=concept("region", "europe"),
    )
    assert slugs(client.get("/api/v1/cities?q=istanbul")) == ["istanbul"]
    assert slugs(client.get("/api/v1/cities?q=İstanbul")) == ["istanbul"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("country=TUN", "country", "Enter a valid value."),
        ("language=French", "language", "Enter a valid value."),
        ("q=" + "x" * 201, "q", "Ensure this value has at most 200 characters."),
        (
            "lang=de",
            "lang",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
    ],
)
def test_bad_filters_are_422(client, network, query, field, message):
    response = client.get(f"/api/v1/cities?{query}")
    assert response.status_code == 422
    assert response.json() == {
        "code": "validation_error",
        "message": "The request is not valid: see the errors of each field.",
        "errors": [{"field": field, "message": message}],
    }


def test_labels_follow_lang(client, network):
    body = client.get("/api/v1/cities/tunis?lang=fr").json()
    assert body["name"] == "Tunis"
    assert body["country"] == {"code": "TN", "name": "Tunisie"}
    assert body["region"] == {
        "code": "middle-east-north-africa",
        "label": "Moyen-Orient et Afrique du Nord",
    }
    assert body["challenges"][0]["label"] == "Jeunes"
    assert body["summary"] == "Capitale de la Tunisie."
    assert body["names"] == TUNIS["names"]


def test_arabic_names_and_english_fallback(client, network):
    tunis = client.get("/api/v1/cities/tunis?lang=ar").json()
    assert (tunis["name"], tunis["region"]["label"]) == ("تونس", "الشرق الأوسط وشمال أفريقيا")
    assert tunis["summary"] == "Capital of Tunisia."  # no Arabic summary: English
    aarhus = client.get("/api/v1/cities/aarhus?lang=ar").json()
    assert aarhus["name"] == "Aarhus"


def test_accept_language_is_used_without_lang(client, network):
    response = client.get("/api/v1/cities/tunis", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert response["Content-Language"] == "es"
    assert response.json()["region"]["label"] == "Oriente Medio y Norte de África"


def test_lang_wins_over_accept_language(client, network):
    response = client.get("/api/v1/cities/tunis?lang=tr", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "tr"
    assert response.json()["region"]["label"] == "Orta Doğu ve Kuzey Afrika"


def test_a_token_owner_gets_their_preferred_language(client, network):
    token = ApiTokenFactory(user__preferred_language="fr")
    body = client.get("/api/v1/cities/tunis", HTTP_AUTHORIZATION=f"Bearer {token.raw}").json()
    assert body["region"]["label"] == "Moyen-Orient et Afrique du Nord"
    explicit = client.get(
        "/api/v1/cities/tunis", HTTP_AUTHORIZATION=f"Bearer {token.raw}", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert explicit["region"]["label"] == "Middle East & North Africa"


def test_pagination(client, network):
    first = client.get("/api/v1/cities?page_size=2").json()
    assert (first["count"], first["page"], first["page_size"]) == (3, 1, 2)
    assert [c["slug"] for c in first["items"]] == ["aarhus", "montreal"]
    second = client.get("/api/v1/cities?page_size=2&page=2").json()
    assert (second["count"], second["page"], [c["slug"] for c in second["items"]]) == (
        3,
        2,
        ["tunis"],
    )
    beyond = client.get("/api/v1/cities?page_size=2&page=3").json()
    assert beyond == {"count": 3, "page": 3, "page_size": 2, "items": []}


def test_the_largest_page_size_is_accepted(client, network):
    assert client.get("/api/v1/cities?page_size=200").json()["page_size"] == 200


def test_the_last_page_number_is_accepted(client, network):
    body = client.get("/api/v1/cities?page=1000000").json()
    assert (body["count"], body["page"], body["items"]) == (3, 1_000_000, [])


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            "page_size=201",
            [{"field": "page_size", "message": "Ensure this value is less than or equal to 200."}],
        ),
        (
            "page_size=0",
            [{"field": "page_size", "message": "Ensure this value is greater than or equal to 1."}],
        ),
        (
            "page=0",
            [{"field": "page", "message": "Ensure this value is greater than or equal to 1."}],
        ),
        ("page=two", [{"field": "page", "message": "Enter a whole number."}]),
        # Found by schemathesis: the offset of a huge page overflowed the database (500).
        (
            "page=355613370947089661952",
            [
                {
                    "field": "page",
                    "message": "Ensure this value is less than or equal to 1000000.",
                }
            ],
        ),
        ("page=1&page=2", [{"field": "page", "message": "Give this parameter only once."}]),
        ("q=tunis&q=aarhus", [{"field": "q", "message": "Give this parameter only once."}]),
    ],
)
def test_pagination_bounds_are_422(client, network, query, errors):
    response = client.get(f"/api/v1/cities?{query}")
    assert response.status_code == 422
    assert response.json()["errors"] == errors


def test_validation_messages_are_translated(client, network):
    response = client.get("/api/v1/cities?page_size=500&lang=fr")
    assert response.json()["errors"] == [
        {
            "field": "page_size",
            "message": "Assurez-vous que cette valeur est inférieure ou égale à 200.",
        }
    ]


def test_list_queries_do_not_grow_with_cities(client, network, django_assert_num_queries):
    for n in range(10):
        city = CityFactory(slug=f"extra-{n}", name=f"Extra {n}")
        city.challenges.set([network.tunis.challenges.first()])
    # count, the cities with their region, the challenges of all of them
    with django_assert_num_queries(3):
        response = client.get("/api/v1/cities")
    assert response.json()["count"] == 13
    with django_assert_num_queries(4):  # and the names, for the text search
        assert slugs(client.get("/api/v1/cities?q=extra")) == [f"extra-{n}" for n in range(10)]


def test_detail_queries(client, network, django_assert_num_queries):
    with django_assert_num_queries(2):
        client.get("/api/v1/cities/tunis")


def test_token_read_queries(client, network, django_assert_num_queries):
    token = ApiTokenFactory()
    client.get("/api/v1/cities", HTTP_AUTHORIZATION=f"Bearer {token.raw}")  # records last use
    with django_assert_num_queries(4):  # the token and its user, then the same three
        client.get("/api/v1/cities", HTTP_AUTHORIZATION=f"Bearer {token.raw}")
