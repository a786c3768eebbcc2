"""GET /schemes, /concepts and /regions.

The shipped vocabulary grows; these tests add a scheme of their own for exact values and check
the full lists against the database.
"""

import pytest

from strongcities.core.taxonomy.models import Concept, Scheme
from tests.api.factories import ConceptFactory, SchemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colours(db):
    scheme = SchemeFactory(
        code="colour",
        label_en="Colour",
        label_fr="Couleur",
        description_en="Test colours.",
        position=999,
    )
    ConceptFactory(
        scheme=scheme,
        code="red",
        position=1,
        label_en="Red",
        label_fr="Rouge",
        synonyms_en="crimson\n scarlet \n\n",
        synonyms_fr="écarlate",
        definition_en="Like fire.",
    )
    ConceptFactory(scheme=scheme, code="blue", position=2, label_en="Blue", label_ar="أزرق")
    ConceptFactory(scheme=scheme, code="grey", position=3, label_en="Grey", active=False)
    return scheme


RED = {
    "code": "red",
    "label": "Red",
    "synonyms": ["crimson", "scarlet"],
    "definition": "Like fire.",
    "scheme": "colour",
}
BLUE = {"code": "blue", "label": "Blue", "synonyms": [], "definition": "", "scheme": "colour"}


def test_concepts_of_a_scheme(client, colours):
    response = client.get("/api/v1/concepts?scheme=colour")
    assert response.status_code == 200
    assert response.json() == {"count": 2, "page": 1, "page_size": 50, "items": [RED, BLUE]}


def test_concepts_in_another_language_fall_back_to_english(client, colours):
    fr = client.get("/api/v1/concepts?scheme=colour&lang=fr").json()["items"]
    assert fr == [
        {**RED, "label": "Rouge", "synonyms": ["écarlate"]},
        BLUE,
    ]
    ar = client.get("/api/v1/concepts?scheme=colour", HTTP_ACCEPT_LANGUAGE="ar").json()["items"]
    assert [c["label"] for c in ar] == ["Red", "أزرق"]


def test_all_active_concepts_in_scheme_order(client, colours):
    body = client.get("/api/v1/concepts?page_size=200").json()
    expected = list(
        Concept.objects.filter(active=True)
        .order_by("scheme__position", "scheme__code", "position", "code")
        .values_list("scheme__code", "code")
    )
    assert body["count"] == len(expected)
    assert [(c["scheme"], c["code"]) for c in body["items"]] == expected
    assert body["items"][-2:] == [RED, BLUE]


def test_schemes(client, colours):
    body = client.get("/api/v1/schemes?lang=fr&page_size=200").json()
    assert body["items"][-1] == {
        "code": "colour",
        "label": "Couleur",
        "description": "Test colours.",
        "concept_count": 2,
    }
    assert [s["code"] for s in body["items"]] == list(
        Scheme.objects.order_by("position", "code").values_list("code", flat=True)
    )
    assert body["count"] == Scheme.objects.count()


def test_unknown_scheme_is_empty(client):
    assert client.get("/api/v1/concepts?scheme=nope").json() == {
        "count": 0,
        "page": 1,
        "page_size": 50,
        "items": [],
    }


def test_regions_count_member_cities(client, network):
    response = client.get("/api/v1/regions?lang=es")
    items = {r["code"]: r for r in response.json()["items"]}
    assert items["middle-east-north-africa"] == {
        "code": "middle-east-north-africa",
        "label": "Oriente Medio y Norte de África",
        "member_count": 1,  # Tunis; the applicant is not counted
    }
    assert items["europe"] == {"code": "europe", "label": "Europa", "member_count": 1}  # not Lyon
    assert items["north-america"]["member_count"] == 1
    assert items["africa"]["member_count"] == 0
    assert list(items) == list(
        Concept.objects.in_scheme("region")
        .order_by("position", "code")
        .values_list("code", flat=True)
    )


@pytest.mark.parametrize("url", ["/api/v1/schemes", "/api/v1/concepts", "/api/v1/regions"])
def test_queries(client, network, colours, url, django_assert_num_queries):
    with django_assert_num_queries(2):  # the count and the page
        client.get(url)
