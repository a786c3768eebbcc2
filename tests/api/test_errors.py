"""One error format for every 4xx answer: 404, 405, 401, 422, 429 and DomainError."""

import pytest
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, Throttled

from strongcities.api.errors import (
    on_domain_error,
    on_http_error,
    on_not_found,
)
from strongcities.core.exceptions import DomainError
from tests.api.factories import ApiTokenFactory

pytestmark = pytest.mark.django_db


def body(response) -> dict:
    import json

    return json.loads(response.content)


@pytest.mark.parametrize(
    "url", ["/api/v1/nothing", "/api/v1/cities/", "/api/v1/cities/tunis/extra", "/api/v1/v2/x"]
)
def test_unknown_addresses_are_404_in_the_format(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "code": "not_found",
        "message": "There is no API endpoint at this address.",
        "errors": [],
    }


def test_unknown_address_message_is_translated(client):
    response = client.get("/api/v1/nothing?lang=fr")
    assert response["Content-Language"] == "fr"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_wrong_method_is_405_in_the_format(client, method):
    response = getattr(client, method)("/api/v1/cities")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {
        "code": "method_not_allowed",
        "message": "This method is not allowed at this address.",
        "errors": [],
    }


def test_a_body_that_is_not_json_is_400_in_the_format(client, world):
    token = ApiTokenFactory(user=world.focal_point)
    response = client.post(
        "/api/v1/practices",
        data=b"\x00{",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token.raw}",
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "bad_request",
        "message": "The request cannot be processed.",
        "errors": [],
    }


def test_root_describes_the_api(client):
    response = client.get("/api/v1/")
    assert response.json() == {
        "title": "Strong Cities Hub API",
        "version": "1",
        "openapi": "http://testserver/api/v1/openapi.json",
        "docs": "http://testserver/api/v1/docs",
    }


def test_too_many_anonymous_requests_are_429(client, settings, network):
    settings.API_THROTTLE_RATES = {"anon": "2/m"}
    assert client.get("/api/v1/regions").status_code == 200
    assert client.get("/api/v1/cities").status_code == 200
    response = client.get("/api/v1/regions")
    assert response.status_code == 429
    assert response.json() == {
        "code": "throttled",
        "message": "Too many requests: wait a little before trying again.",
        "errors": [],
    }
    assert 1 <= int(response["Retry-After"]) <= 60


def test_users_are_counted_apart_from_anonymous_callers(client, settings, network):
    settings.API_THROTTLE_RATES = {"anon": "1/m", "user": "2/m"}
    token = ApiTokenFactory()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token.raw}"}
    assert client.get("/api/v1/regions").status_code == 200
    assert client.get("/api/v1/regions").status_code == 429
    assert client.get("/api/v1/regions", **auth).status_code == 200
    assert client.get("/api/v1/regions", **auth).status_code == 200
    assert client.get("/api/v1/regions", **auth).status_code == 429


# --- The handlers for errors no endpoint raises yet (writes will): called as ninja calls them.


def test_domain_error_is_400_with_its_field(rf):
    response = on_domain_error(rf.get("/"), DomainError("That name is taken.", field="name"))
    assert response.status_code == 400
    assert body(response) == {
        "code": "invalid",
        "message": "That name is taken.",
        "errors": [{"field": "name", "message": "That name is taken."}],
    }


def test_domain_error_can_say_conflict(rf):
    class AlreadyFullError(DomainError):
        status = 409

    response = on_domain_error(rf.get("/"), AlreadyFullError("The event is full."))
    assert response.status_code == 409
    assert body(response) == {"code": "conflict", "message": "The event is full.", "errors": []}


def test_http404_inside_an_operation(rf):
    response = on_not_found(rf.get("/"), Http404("secret detail"))
    assert response.status_code == 404
    assert body(response) == {
        "code": "not_found",
        "message": "The requested resource was not found.",
        "errors": [],
    }


@pytest.mark.parametrize(
    ("exc", "status", "code", "message"),
    [
        (
            AuthenticationError(),
            401,
            "not_authenticated",
            "Authentication is required: send a personal API token or sign in.",
        ),
        (HttpError(403, "Forbidden"), 403, "permission_denied", "You are not allowed to do this."),
        (
            Throttled(wait=3),
            429,
            "throttled",
            "Too many requests: wait a little before trying again.",
        ),
    ],
)
def test_ninja_errors_get_our_format(rf, exc, status, code, message):
    response = on_http_error(rf.get("/"), exc)
    assert response.status_code == status
    assert body(response) == {"code": code, "message": message, "errors": []}
    if status == 401:
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'
