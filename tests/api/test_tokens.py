"""The token service: create (hashed, audited), authenticate, revoke, last_used_at."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from strongcities.accounts.models import ApiToken
from strongcities.api.tokens import (
    MAX_ACTIVE_TOKENS,
    ApiTokenError,
    authenticate_token,
    create_api_token,
    revoke_api_token,
)
from strongcities.core.audit.models import AuditEntry
from tests.api.factories import ApiTokenFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_stores_only_the_hash_and_a_prefix():
    user = UserFactory(email="ana@example.org")
    token, raw = create_api_token(user, "  Data   pipeline ")
    assert re.fullmatch(r"sch_[A-Za-z0-9_-]{40}", raw)
    token.refresh_from_db()
    assert token.user == user
    assert token.name == "Data pipeline"
    assert token.prefix == raw[:12]
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.prefix, token.token_hash, token.name}
    assert token.last_used_at is None
    assert token.revoked_at is None


def test_create_is_audited():
    user = UserFactory(email="ana@example.org")
    token, _raw = create_api_token(user, "Data pipeline")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.target_id, entry.data) == (
        "api_token.created",
        user,
        str(token.pk),
        {"name": "Data pipeline"},
    )


def test_two_tokens_differ():
    user = UserFactory()
    assert create_api_token(user, "a")[1] != create_api_token(user, "b")[1]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "Give the token a name, so you can recognise it later."),
        ("x" * 101, "The name can have at most 100 characters."),
    ],
)
def test_create_refuses_a_bad_name(name, message):
    with pytest.raises(ApiTokenError) as error:
        create_api_token(UserFactory(), name)
    assert (str(error.value), error.value.field) == (message, "name")
    assert ApiToken.objects.count() == 0


def test_create_refuses_more_than_the_active_limit():
    user = UserFactory()
    ApiTokenFactory.create_batch(MAX_ACTIVE_TOKENS - 1, user=user)
    ApiTokenFactory(user=user, revoked_at=timezone.now())  # revoked ones do not count
    create_api_token(user, "the last one allowed")
    with pytest.raises(ApiTokenError) as error:
        create_api_token(user, "one too many")
    assert str(error.value) == (
        "You already have 20 active tokens: revoke one you no longer use first."
    )


def test_create_refuses_an_inactive_user():
    with pytest.raises(ApiTokenError):
        create_api_token(UserFactory(is_active=False), "x")


def test_authenticate_returns_the_owner_and_records_use():
    user = UserFactory()
    token, raw = create_api_token(user, "x")
    before = timezone.now()
    assert authenticate_token(raw) == user
    token.refresh_from_db()
    assert token.last_used_at >= before


@pytest.mark.parametrize("raw", ["", "sch_", "sch_unknown", "not-a-token", "sch_" + "a" * 300])
def test_authenticate_refuses_unknown_tokens(raw):
    ApiTokenFactory()
    assert authenticate_token(raw) is None


def test_authenticate_refuses_a_revoked_token():
    token = ApiTokenFactory()
    revoke_api_token(token)
    assert authenticate_token(token.raw) is None


def test_authenticate_refuses_an_inactive_user():
    token = ApiTokenFactory(user=UserFactory(is_active=False))
    assert authenticate_token(token.raw) is None


def test_last_used_is_written_at_most_once_a_minute(django_assert_num_queries):
    recent = timezone.now() - timedelta(seconds=30)
    token = ApiTokenFactory(last_used_at=recent)
    with django_assert_num_queries(1):  # the look-up only
        assert authenticate_token(token.raw) == token.user
    token.refresh_from_db()
    assert token.last_used_at == recent

    old = timezone.now() - timedelta(seconds=61)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=old)
    with django_assert_num_queries(2):  # the look-up and the update
        authenticate_token(token.raw)
    token.refresh_from_db()
    assert token.last_used_at > old


def test_revoke_is_audited_and_idempotent():
    owner = UserFactory(email="owner@example.org")
    admin = UserFactory(email="admin@example.org")
    token = ApiTokenFactory(user=owner)
    revoked = revoke_api_token(token, by=admin)
    assert revoked.revoked_at is not None
    first = revoked.revoked_at
    assert revoke_api_token(token, by=admin).revoked_at == first
    entries = list(AuditEntry.objects.values_list("action", "actor__email", "data"))
    assert entries == [("api_token.revoked", "admin@example.org", {"owner": "owner@example.org"})]


def test_revoke_without_by_is_the_owner():
    token = ApiTokenFactory()
    revoke_api_token(token)
    assert AuditEntry.objects.get().actor == token.user
