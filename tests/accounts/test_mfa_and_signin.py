"""Secretariat MFA rule, sign-in throttling and the allauth pages in the site's layout."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import URLPattern, URLResolver, reverse

from tests.factories import PASSWORD, SecretariatUserFactory, UserFactory
from tests.matrix.accounts import ENTRIES

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture
def secretariat_without_totp(db):
    user = SecretariatUserFactory(email="new.secretariat@example.org")
    Authenticator.objects.filter(user=user).delete()
    return user


@pytest.mark.parametrize("path", ["/me/", "/", "/cities/applications/", "/me/settings/"])
def test_secretariat_without_totp_is_sent_to_activation(client, secretariat_without_totp, path):
    client.force_login(secretariat_without_totp)
    response = client.get(path, follow=True)
    assert response.redirect_chain[0] == ("/accounts/2fa/totp/activate/", 302)
    assert [str(m) for m in response.context["messages"]] == [
        "Secretariat accounts must use two-factor authentication. "
        "Set up an authenticator app to continue."
    ]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/accounts/2fa/", 200),
        ("get", "/accounts/reauthenticate/", 200),
        ("get", "/accounts/logout/", 200),
        ("get", "/healthz", 200),
        ("post", "/language/", 302),
    ],
)
def test_exempt_paths(client, secretariat_without_totp, method, path, status):
    client.force_login(secretariat_without_totp)
    response = getattr(client, method)(path, {"language": "fr"} if method == "post" else None)
    assert response.status_code == status
    assert response.headers.get("Location") != "/accounts/2fa/totp/activate/"


def test_secretariat_with_totp_and_everyone_else_pass(client, world):
    for user in (world.secretariat, world.member, world.focal_point):
        client.force_login(user)
        assert client.get("/me/").status_code == 200


def test_static_files_are_exempt(client, secretariat_without_totp, settings):
    from strongcities.accounts.middleware import SecretariatMFAMiddleware

    middleware = SecretariatMFAMiddleware(lambda request: None)
    assert settings.STATIC_URL in middleware.exempt_prefixes


# --- Throttling -------------------------------------------------------------------------------


def sign_in(client, email: str, password: str, ip: str = "10.0.0.1"):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_sixth_attempt_on_one_account_is_refused_even_with_the_right_password(client, world):
    email = world.member.email
    for _ in range(5):
        response = sign_in(client, email, "wrong-password")
        assert response.context["form"].non_field_errors() == [
            "The email address and/or password you specified are not correct."
        ]
    response = sign_in(client, email, PASSWORD, ip="10.9.9.9")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [TOO_MANY]
    assert "_auth_user_id" not in client.session
    # Per account: another account from the same address still signs in.
    response = sign_in(client, world.focal_point.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.focal_point.pk)


def test_failed_sign_ins_are_also_limited_per_address(client, db):
    users = [UserFactory() for _ in range(11)]
    for user in users[:10]:
        sign_in(client, user.email, "wrong-password", ip="10.0.0.7")
    response = sign_in(client, users[10].email, PASSWORD, ip="10.0.0.7")
    assert response.context["form"].non_field_errors() == [TOO_MANY]
    response = sign_in(client, users[10].email, PASSWORD, ip="10.0.0.8")
    assert response.status_code == 302


# --- allauth pages ----------------------------------------------------------------------------


def allauth_url_names() -> set[str]:
    import allauth.urls

    names: set[str] = set()

    def walk(patterns) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(pattern.name)

    walk(allauth.urls.urlpatterns)
    return names


def test_every_allauth_url_is_in_the_accounts_matrix():
    assert sorted(allauth_url_names() - {entry.name for entry in ENTRIES}) == []


def test_every_accounts_url_is_in_the_accounts_matrix():
    from strongcities.accounts import urls

    names = {f"accounts:{p.name}" for p in urls.urlpatterns}
    assert sorted(names - {entry.name for entry in ENTRIES}) == []


@pytest.mark.parametrize(
    ("name", "signed_in"),
    [
        ("account_login", False),
        ("account_reset_password", False),
        ("account_reset_password_done", False),
        ("account_logout", True),
        ("account_email", True),
        ("account_change_password", True),
        ("account_reauthenticate", True),
        ("mfa_index", True),
    ],
)
def test_allauth_pages_use_the_site_layout(client, world, name, signed_in):
    if signed_in:
        client.force_login(world.member)
    html = client.get(reverse(name)).content.decode()
    assert 'class="site-header' in html
    assert '<main id="main"' in html
    assert "<script>" not in html
    assert ' style="' not in html


def test_sign_in_page_uses_bootstrap_fields_with_labels(client, db):
    html = client.get(LOGIN).content.decode()
    assert '<label class="form-label" for="id_login">Email' in html
    assert 'class="form-control" ' in html or 'class="form-control"' in html
    assert "sign up" not in html.lower().replace("sign-up", "")


def test_sign_in_error_is_shown_in_an_alert(client, world):
    html = sign_in(client, world.member.email, "wrong-password").content.decode()
    assert (
        '<div class="alert alert-danger" role="alert"><p class="mb-0">'
        "The email address and/or password you specified are not correct.</p></div>"
    ) in html


def test_sign_in_goes_to_my_hub(client, world):
    response = sign_in(client, world.member.email, PASSWORD)
    assert response.headers["Location"] == "/me/"


def test_secretariat_is_asked_for_the_authenticator_code(client, world):
    response = sign_in(client, world.secretariat.email, PASSWORD)
    assert response.headers["Location"] == "/accounts/2fa/authenticate/"
    html = client.get("/accounts/2fa/authenticate/").content.decode()
    assert 'class="site-header' in html
    assert '<label class="form-label" for="id_code">' in html


def test_secretariat_reaches_activation_through_reauthentication(client, secretariat_without_totp):
    sign_in(client, secretariat_without_totp.email, PASSWORD)
    response = client.get("/me/")
    assert response.headers["Location"] == "/accounts/2fa/totp/activate/"
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.headers["Location"] == (
        "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    response = client.post(response.headers["Location"], {"password": PASSWORD})
    assert response.headers["Location"] == "/accounts/2fa/totp/activate/"
    response = client.get("/accounts/2fa/totp/activate/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="img-fluid d-block mb-3 border rounded bg-white p-2 auth-qr"' in html
    assert '<label class="form-label" for="authenticator_secret">' in html
