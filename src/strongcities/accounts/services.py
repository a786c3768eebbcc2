"""City teams: invitations, accepting them, roles."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strongcities.accounts.models import CityRole, Invitation, User
from strongcities.core.audit.services import record
from strongcities.core.exceptions import DomainError
from strongcities.core.mail import email_after_commit


class InvitationError(DomainError):
    pass


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def invitation_url(raw_token: str) -> str:
    return settings.SITE_URL + reverse("accounts:accept_invitation", args=[raw_token])


@transaction.atomic
def invite_to_city(
    city,
    email: str,
    *,
    role: str = CityRole.Role.MEMBER,
    invited_by: User | None = None,
    full_name: str = "",
    language: str = "en",
    sector=None,
    request=None,
) -> tuple[Invitation, str]:
    """Create an expiring, single-use invitation and email its link; returns it and the token."""
    email = email.strip().lower()
    if CityRole.objects.filter(city=city, user__email__iexact=email).exists():
        raise InvitationError(_("%(email)s is already in this city's team.") % {"email": email})
    # A new invitation replaces any open one for the same person and city.
    Invitation.objects.open().filter(city=city, email__iexact=email).update(
        revoked_at=timezone.now()
    )
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        city=city,
        email=email,
        full_name=full_name,
        role=role,
        sector=sector,
        language=language,
        token_hash=hash_token(raw),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    record("invitation.sent", actor=invited_by, target=invitation, request=request, role=role)
    email_after_commit(
        email,
        "accounts/email/invitation",
        {
            "city": str(city.name),
            "role": role,
            "full_name": full_name,
            "inviter": str(invited_by) if invited_by else "",
            "url": invitation_url(raw),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
        language,
    )
    return invitation, raw


def find_open_invitation(raw_token: str) -> Invitation:
    """The open invitation for this token, or an error saying why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("city").filter(token_hash=hash_token(raw_token)).first()
    )
    if invitation is None or invitation.revoked_at:
        raise InvitationError(_("This invitation link is not valid. Ask for a new one."))
    if invitation.accepted_at:
        raise InvitationError(_("This invitation has already been used. Sign in instead."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(_("This invitation has expired. Ask your focal point for a new one."))
    return invitation


@transaction.atomic
def accept_invitation(
    raw_token: str, *, user: User | None = None, password: str = "", full_name: str = "",
    sector=None, request=None,
) -> User:
    """Join the city team: an existing (signed-in) user, or a new account for the invited email."""
    invitation = find_open_invitation(raw_token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:  # accepted concurrently
        raise InvitationError(_("This invitation has already been used. Sign in instead."))
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError(_("An account with this email exists already: sign in first."))
        user = User.objects.create_user(
            invitation.email,
            password,
            full_name=full_name or invitation.full_name,
            sector=sector or invitation.sector,
            preferred_language=invitation.language,
        )
        from allauth.account.models import EmailAddress

        # The link arrived at this address: that verifies it.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif sector is not None:
        user.sector = sector
        user.save(update_fields=["sector"])
    try:
        with transaction.atomic():
            CityRole.objects.create(user=user, city=invitation.city, role=invitation.role)
    except IntegrityError as exc:
        raise InvitationError(_("You are already in this city's team.")) from exc
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record("invitation.accepted", actor=user, target=invitation, request=request)
    return user
