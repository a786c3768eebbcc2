"""The OpenAPI 3.1 description and the offline, CSP-compatible documentation page."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, get_resolver

from strongcities.api.api import api
from strongcities.api.openapi import ApiOpenAPISchema

pytestmark = pytest.mark.django_db

OPERATIONS = {
    "/api/v1/cities": "listCities",
    "/api/v1/cities/{slug}": "getCity",
    "/api/v1/partners": "listPartners",
    "/api/v1/partners/{slug}": "getPartner",
    "/api/v1/schemes": "listSchemes",
    "/api/v1/concepts": "listConcepts",
    "/api/v1/regions": "listRegions",
    "/api/v1/practices": "listPractices",
    "/api/v1/practices/{key}": "getPractice",
    "/api/v1/events": "listEvents",
    "/api/v1/events/{slug}": "getEvent",
    "/api/v1/programmes": "listProgrammes",
    "/api/v1/programmes/{slug}": "getProgramme",
}
# Reads of the caller's own data, or for network members: a signed-in caller only (no anonymous
# security entry).
SIGNED_IN_OPERATIONS = {
    "/api/v1/events/registrations/mine": "listMyEventRegistrations",
    "/api/v1/cities/{slug}/recommendations": "getCityRecommendations",
    "/api/v1/exchanges": "listExchanges",
    "/api/v1/exchanges/{exchange_id}": "getExchange",
}
# Operations that need an authenticated caller (tests/api/test_practices_api.py and
# tests/api/test_events_api.py describe them).
WRITE_OPERATIONS = {
    ("/api/v1/practices", "post"): "createPractice",
    ("/api/v1/practices/{key}", "put"): "updatePractice",
    ("/api/v1/practices/{key}/submit", "post"): "submitPractice",
    ("/api/v1/events/{slug}/registrations", "post"): "registerForEvent",
    ("/api/v1/events/registrations/{registration_id}/cancel", "post"): "cancelEventRegistration",
    ("/api/v1/events/registrations/{registration_id}/accept", "post"): "acceptEventSeatOffer",
    ("/api/v1/events/registrations/{registration_id}/decline", "post"): "declineEventSeatOffer",
    ("/api/v1/exchanges", "post"): "proposeExchange",
    ("/api/v1/exchanges/{exchange_id}/accept", "post"): "acceptExchange",
    ("/api/v1/exchanges/{exchange_id}/decline", "post"): "declineExchange",
    ("/api/v1/exchanges/{exchange_id}/reports", "post"): "submitExchangeReport",
}
# What each write answers: beyond 401, 403, 422 and 429 (every write), 400 with a body, 404
# with a path parameter or an owner to find, 409 when the state of the event or registration
# refuses it (documented with `error_responses(conflict=...)`).
WRITE_RESPONSES = {
    "createPractice": {"201", "400", "404"},
    "updatePractice": {"200", "400", "404"},
    "submitPractice": {"200", "404"},
    "registerForEvent": {"201", "400", "404", "409"},
    "cancelEventRegistration": {"200", "404", "409"},
    "acceptEventSeatOffer": {"200", "404", "409"},
    "declineEventSeatOffer": {"200", "404", "409"},
    "proposeExchange": {"201", "400", "409"},
    "acceptExchange": {"200", "400", "404", "409"},
    "declineExchange": {"200", "400", "404", "409"},
    "submitExchangeReport": {"200", "201", "400", "404", "409"},
}
SIGNED_IN = [{"TokenAuth": []}, {"SessionAuth": []}]


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_version_is_3_1(schema):
    assert schema["openapi"] == "3.1.0"
    assert schema["info"]["title"] == "Strong Cities Hub API"
    assert schema["info"]["version"] == "1"
    assert "Authorization: Bearer sch_" in schema["info"]["description"]
    assert "`POST /events/{slug}/registrations`" in schema["info"]["description"]


def test_every_path_is_documented(schema):
    documented = {
        (path, method): operation["operationId"]
        for path, ops in schema["paths"].items()
        for method, operation in ops.items()
    }
    assert documented == {
        **{(path, "get"): operation for path, operation in OPERATIONS.items()},
        **{(path, "get"): operation for path, operation in SIGNED_IN_OPERATIONS.items()},
        **WRITE_OPERATIONS,
    }


def operation_url_names() -> set[str]:
    names = set()
    for pattern in get_resolver().namespace_dict["api-1"][1].url_patterns:
        if isinstance(pattern, URLPattern):
            names.add(pattern.name)
    return names - {"openapi-json", "openapi-view", "api-root", "not-found"}


def test_every_operation_route_is_in_the_schema(schema):
    assert operation_url_names() == {
        "city_list",
        "city_detail",
        "partner_list",
        "partner_detail",
        "scheme_list",
        "concept_list",
        "region_list",
        "practice_list",
        "practice_detail",
        "practice_create",
        "practice_update",
        "practice_submit",
        "event_list",
        "event_detail",
        "event_registrations_mine",
        "event_register",
        "event_registration_cancel",
        "event_registration_accept",
        "event_registration_decline",
        "city_recommendations",
        "programme_list",
        "programme_detail",
        "exchange_list",
        "exchange_detail",
        "exchange_propose",
        "exchange_accept",
        "exchange_decline",
        "exchange_report",
    }
    routes = sum(len(ops) for ops in schema["paths"].values())
    assert routes == len(operation_url_names())


@pytest.mark.parametrize("path", sorted(OPERATIONS))
def test_each_operation_is_described(schema, path):
    operation = schema["paths"][path]["get"]
    assert operation["summary"]
    assert len(operation["description"]) > 10
    assert operation["security"] == [{"TokenAuth": []}, {"SessionAuth": []}, {}]
    expected = {"200", "401", "422", "429"} | ({"404"} if "{" in path else set())
    assert set(operation["responses"]) == expected
    for status in expected - {"200"}:
        assert operation["responses"][status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    for parameter in operation["parameters"]:
        assert parameter["description"], parameter["name"]


@pytest.mark.parametrize("path", sorted(SIGNED_IN_OPERATIONS))
def test_each_signed_in_read_is_described(schema, path):
    operation = schema["paths"][path]["get"]
    assert operation["summary"]
    assert len(operation["description"]) > 10
    assert operation["security"] == SIGNED_IN  # no empty requirement: anonymous is a 401
    expected = {"200", "401", "422", "429"} | ({"404"} if "{" in path else set())
    assert set(operation["responses"]) == expected
    for parameter in operation["parameters"]:
        assert parameter["description"], parameter["name"]


@pytest.mark.parametrize(("path", "method"), sorted(WRITE_OPERATIONS))
def test_each_write_is_signed_in_and_documents_its_errors(schema, path, method):
    operation = schema["paths"][path][method]
    assert operation["summary"]
    assert operation["security"] == SIGNED_IN
    statuses = {"401", "403", "422", "429"} | WRITE_RESPONSES[operation["operationId"]]
    assert set(operation["responses"]) == statuses
    for status in statuses - {"200", "201"}:
        assert operation["responses"][status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }


def test_security_schemes_and_error_schema(schema):
    components = schema["components"]
    assert components["securitySchemes"]["TokenAuth"]["type"] == "http"
    assert components["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    assert components["securitySchemes"]["SessionAuth"] == {
        "type": "apiKey",
        "description": (
            "The session of a user signed in to the site; unsafe methods need the X-CSRFToken "
            "header."
        ),
        "in": "cookie",
        "name": "sessionid",
    }
    assert components["schemas"]["Error"]["required"] == ["code", "message", "errors"]


def test_page_size_limit_is_documented(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/cities"]["get"]["parameters"]}
    assert parameters["page_size"]["schema"]["maximum"] == 200
    assert parameters["page_size"]["schema"]["default"] == 50
    assert parameters["lang"]["schema"]["anyOf"][0]["enum"] == ["en", "fr", "ar", "es", "tr"]


def test_partner_kinds_are_documented_as_partner_kinds(schema):
    """Partner.Kind and the events' Session.Kind were both the component "Kind": the second
    replaced the first, and the partner filter was documented with the session kinds."""
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/partners"]["get"]["parameters"]}
    assert parameters["kind"]["schema"]["anyOf"][0]["enum"] == [
        "national-government",
        "donor",
        "ngo",
        "university",
        "private-sector",
        "international-organisation",
    ]


def test_two_different_components_of_one_name_are_refused():
    openapi = ApiOpenAPISchema(api, "/api/v1/")
    openapi.add_schema_definitions({"Colour": {"enum": ["red"]}})
    openapi.add_schema_definitions({"Colour": {"enum": ["red"]}})  # the same one again is fine
    with pytest.raises(ImproperlyConfigured, match="Two different API schemas are named 'Colour'"):
        openapi.add_schema_definitions({"Colour": {"enum": ["blue"]}})


def test_api_title_is_the_one_in_the_schema():
    assert api.title == "Strong Cities Hub API"


# --- The documentation page.


@pytest.fixture
def docs(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    return response


def test_docs_reference_no_other_host(docs):
    html = docs.content.decode()
    assert re.findall(r"https?://[^\s\"'<>]+", html) == []


def test_docs_have_no_inline_script_or_style(docs):
    html = docs.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    assert [attrs.strip() for attrs, _code in scripts] == [
        'src="/static/ninja/swagger-ui-bundle.js"',
        'src="/static/api/docs.js"',
    ]
    assert all(code.strip() == "" for _attrs, code in scripts)
    assert "style=" not in html
    assert "<style" not in html
    assert " on" not in re.sub(r"\s+", " ", html).replace(" one", "")  # no onload= etc.


def test_docs_assets_are_served_locally(docs):
    html = docs.content.decode()
    for url in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(url), url
    assert 'data-openapi-url="/api/v1/openapi.json"' in html


def test_docs_are_under_the_sites_csp(docs):
    csp = docs["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp


def test_docs_script_turns_off_the_online_validator():
    with open(finders.find("api/docs.js"), encoding="utf-8") as script:
        assert "validatorUrl: null" in script.read()


def test_docs_say_where_the_description_is_without_javascript(docs):
    assert (
        "The interactive documentation needs JavaScript. The API is described in OpenAPI 3.1 at "
        '<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.'
    ) in docs.content.decode()
