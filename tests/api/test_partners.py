"""GET /partners and /partners/{slug}."""

import pytest

from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

UNHCR = {
    "slug": "unhcr",
    "name": "UN Refugee Agency",
    "names": {"en": "UN Refugee Agency", "fr": "Agence des Nations unies pour les réfugiés"},
    "kind": {"code": "international-organisation", "label": "International organisation"},
    "country": None,
    "website": "https://www.unhcr.org/",
    "description": "Protects refugees.",
}
DENMARK = {
    "slug": "denmark",
    "name": "Government of Denmark",
    "names": {"en": "Government of Denmark"},
    "kind": {"code": "national-government", "label": "National government"},
    "country": {"code": "DK", "name": "Denmark"},
    "website": "",
    "description": "",
}


def test_list(client, network):
    response = client.get("/api/v1/partners")
    assert response.status_code == 200
    assert response.json() == {"count": 2, "page": 1, "page_size": 50, "items": [DENMARK, UNHCR]}


def test_detail(client, network):
    response = client.get("/api/v1/partners/unhcr")
    assert (response.status_code, response.json()) == (200, UNHCR)


def test_detail_404(client, network):
    response = client.get("/api/v1/partners/tunis")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "There is no partner organisation at this address.",
        "errors": [],
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=national-government", ["denmark"]),
        ("kind=donor", []),
        ("country=dk", ["denmark"]),
        ("country=TN", []),
    ],
)
def test_filters(client, network, query, expected):
    response = client.get(f"/api/v1/partners?{query}")
    assert [p["slug"] for p in response.json()["items"]] == expected


def test_unknown_kind_is_422(client, network):
    response = client.get("/api/v1/partners?kind=club")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "kind",
            "message": "Select a valid choice. That choice is not one of the available choices.",
        }
    ]


def test_labels_in_french(client, network):
    body = client.get("/api/v1/partners/unhcr?lang=fr").json()
    assert body["name"] == "Agence des Nations unies pour les réfugiés"
    assert body["description"] == "Protects refugees."  # no French description: English
    denmark = client.get("/api/v1/partners/denmark?lang=fr").json()
    assert denmark["country"] == {"code": "DK", "name": "Danemark"}


def test_list_queries(client, network, django_assert_num_queries):
    PartnerFactory.create_batch(10)
    with django_assert_num_queries(2):
        assert client.get("/api/v1/partners").json()["count"] == 12
