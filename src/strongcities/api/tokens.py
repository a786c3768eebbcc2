"""Personal API tokens: created once and shown once, stored as a SHA-256 hash, revocable."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strongcities.accounts.models import ApiToken, User
from strongcities.core.audit.services import record
from strongcities.core.exceptions import DomainError

TOKEN_PREFIX = "sch_"  # noqa: S105 (a public marker that makes tokens recognisable)
TOKEN_BYTES = 30  # 30 random bytes are 40 url-safe characters
PREFIX_LENGTH = 12  # "sch_" and the first 8 random characters: enough to recognise a token
MAX_ACTIVE_TOKENS = 20
LAST_USED_PRECISION = timedelta(minutes=1)
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


class ApiTokenError(DomainError):
    pass


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def generate_token() -> str:
    """A new raw token: "sch_" followed by 40 url-safe characters."""
    return TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


@transaction.atomic
def create_api_token(user: User, name: str, *, request=None) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it and the raw token, which is never stored."""
    name = " ".join(name.split())
    if not name:
        raise ApiTokenError(_("Give the token a name, so you can recognise it later."), "name")
    if len(name) > NAME_MAX_LENGTH:
        raise ApiTokenError(
            _("The name can have at most %(max)d characters.") % {"max": NAME_MAX_LENGTH}, "name"
        )
    if not user.is_active:
        raise ApiTokenError(_("This account is inactive and cannot have API tokens."))
    # Lock the user's row so that two simultaneous requests cannot pass the limit together.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ApiTokenError(
            _("You already have %(max)d active tokens: revoke one you no longer use first.")
            % {"max": MAX_ACTIVE_TOKENS}
        )
    raw = generate_token()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:PREFIX_LENGTH], token_hash=hash_token(raw)
    )
    record("api_token.created", actor=user, target=token, request=request, name=name)
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, by: User | None = None, *, request=None) -> ApiToken:
    """Revoke a token for good; revoking a revoked token changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        "api_token.revoked",
        actor=by if by is not None else token.user,
        target=token,
        request=request,
        owner=token.user.email,
    )
    return token


def authenticate_token(raw: str) -> User | None:
    """The active user a raw token belongs to, or None for an unknown or revoked token.

    Only the SHA-256 of the token is looked up, so the comparison leaks nothing about the
    stored value; last_used_at is written at most once a minute per token.
    """
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    user = token.user
    user.api_token = token
    return user
