"""manage.py create_api_token."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from strongcities.accounts.models import ApiToken
from strongcities.api.tokens import authenticate_token, hash_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_prints_the_token_once():
    user = UserFactory(email="ana@example.org")
    out, err = StringIO(), StringIO()
    call_command(
        "create_api_token", "ANA@example.org", "--name", "Nightly export", stdout=out, stderr=err
    )
    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.token_hash) == (user, "Nightly export", hash_token(raw))
    assert authenticate_token(raw) == user
    assert raw not in err.getvalue()
    assert err.getvalue() == (
        f"Token {token.prefix}… (Nightly export) created for ana@example.org. "
        "Store it now: it cannot be shown again.\n"
    )


def test_default_name():
    UserFactory(email="ana@example.org")
    call_command("create_api_token", "ana@example.org", stdout=StringIO(), stderr=StringIO())
    assert ApiToken.objects.get().name == "Command line"


def test_unknown_email_is_a_clear_error():
    with pytest.raises(CommandError) as error:
        call_command("create_api_token", "nobody@example.org", stdout=StringIO())
    assert str(error.value) == "No user has the email address 'nobody@example.org'."
    assert ApiToken.objects.count() == 0


def test_refusal_of_the_service_is_a_command_error():
    UserFactory(email="ana@example.org")
    with pytest.raises(CommandError) as error:
        call_command("create_api_token", "ana@example.org", "--name", " ", stdout=StringIO())
    assert str(error.value) == "Give the token a name, so you can recognise it later."
