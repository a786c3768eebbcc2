"""Who the API sees: a token's owner, the session's user, or an anonymous caller."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from strongcities.api.auth import AnonymousAccess, SessionAuth, TokenAuth
from strongcities.api.errors import ApiError
from strongcities.api.tokens import revoke_api_token
from tests.api.factories import ApiTokenFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CITIES = "/api/v1/cities"
INVALID_TOKEN = {
    "code": "invalid_token",
    "message": "The API token is invalid or has been revoked.",
    "errors": [],
}


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["items"]]


def test_anonymous_token_and_session_reads_see_the_same(client, network):
    token = ApiTokenFactory()
    anonymous = client.get(CITIES)
    with_token = Client().get(CITIES, **bearer(token.raw))
    session = Client()
    session.force_login(UserFactory())
    signed_in = session.get(CITIES)
    assert anonymous.status_code == with_token.status_code == signed_in.status_code == 200
    assert anonymous.json() == with_token.json() == signed_in.json()
    assert slugs(anonymous) == ["aarhus", "montreal", "tunis"]


@pytest.mark.parametrize("raw", ["sch_unknown", "sch_" + "x" * 40, "garbage"])
def test_an_unknown_token_is_401_never_anonymous(client, network, raw):
    response = client.get(CITIES, **bearer(raw))
    assert response.status_code == 401
    assert response.json() == INVALID_TOKEN
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_revoked_token_is_401(client, network):
    token = ApiTokenFactory()
    assert client.get(CITIES, **bearer(token.raw)).status_code == 200
    revoke_api_token(token)
    response = client.get(CITIES, **bearer(token.raw))
    assert (response.status_code, response.json()) == (401, INVALID_TOKEN)


def test_a_token_of_an_inactive_user_is_401(client, network):
    token = ApiTokenFactory(user=UserFactory(is_active=False))
    response = client.get(CITIES, **bearer(token.raw))
    assert (response.status_code, response.json()) == (401, INVALID_TOKEN)


@pytest.mark.parametrize("header", ["Token abc", "Basic dXNlcjpwYXNz", "Bearer", "Bearer   "])
def test_a_malformed_authorization_header_is_401(client, network, header):
    response = client.get(CITIES, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == {
        "code": "invalid_authorization",
        "message": 'The Authorization header must be "Bearer" followed by your API token.',
        "errors": [],
    }


def test_a_bad_token_is_refused_even_with_a_valid_session(client, network):
    client.force_login(UserFactory())
    response = client.get(CITIES, **bearer("sch_unknown"))
    assert (response.status_code, response.json()) == (401, INVALID_TOKEN)


def test_the_401_message_follows_the_language(client, network):
    response = client.get(CITIES + "?lang=fr", **bearer("sch_unknown"))
    assert response.status_code == 401
    assert response["Content-Language"] == "fr"


# --- The auth callables on their own (the API has no write endpoint yet to exercise CSRF).


def test_token_auth_sets_the_user(rf):
    token = ApiTokenFactory()
    request = rf.get(CITIES, **bearer(token.raw))
    request.user = AnonymousUser()
    assert TokenAuth()(request) == token.user
    assert request.user == token.user


def test_token_auth_without_header_passes_on(rf):
    request = rf.get(CITIES)
    assert TokenAuth()(request) is None


def test_token_auth_refuses_a_bad_token(rf):
    with pytest.raises(ApiError) as error:
        TokenAuth()(rf.get(CITIES, **bearer("sch_nope")))
    assert (error.value.status_code, error.value.code) == (401, "invalid_token")


def test_session_auth_needs_csrf_for_unsafe_methods(rf):
    user = UserFactory()
    request = rf.post(CITIES)
    request.user = user
    with pytest.raises(ApiError) as error:
        SessionAuth()(request)
    assert (error.value.status_code, error.value.code) == (403, "csrf_failed")


def test_session_auth_accepts_unsafe_methods_with_the_csrf_token(rf):
    user = UserFactory()
    secret = _get_new_csrf_string()
    request = rf.post(CITIES, HTTP_X_CSRFTOKEN=secret)
    request.COOKIES["csrftoken"] = secret
    request.user = user
    assert SessionAuth()(request) == user


def test_session_auth_lets_safe_methods_through_without_csrf(rf):
    user = UserFactory()
    request = rf.get(CITIES)
    request.user = user
    assert SessionAuth()(request) == user


def test_session_auth_passes_on_for_anonymous(rf):
    request = rf.post(CITIES)
    request.user = AnonymousUser()
    assert SessionAuth()(request) is None


def test_anonymous_access_is_anonymous(rf):
    assert AnonymousAccess()(rf.get(CITIES)).is_authenticated is False
