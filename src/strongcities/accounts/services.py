"""City teams: invitations, accepting them, roles."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strongcities.accounts.models import (
    CityRole,
    GlobalRole,
    Invitation,
    User,
    available_time_zones,
)
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
    raw_token: str,
    *,
    user: User | None = None,
    password: str = "",
    full_name: str = "",
    sector=None,
    request=None,
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


class TeamError(DomainError):
    pass


def _is_last_focal_point(membership: CityRole) -> bool:
    """Whether this membership is its city's only focal point (rows locked for the check)."""
    if membership.role != CityRole.Role.FOCAL_POINT:
        return False
    focal_points = list(
        CityRole.objects.select_for_update()
        .filter(city_id=membership.city_id, role=CityRole.Role.FOCAL_POINT)
        .values_list("pk", flat=True)
    )
    return focal_points == [membership.pk]


def _refuse_orphaning(membership: CityRole, by: User | None, message) -> None:
    """A city keeps at least one focal point, unless the secretariat decides otherwise."""
    if by is not None and by.is_secretariat:
        return
    if _is_last_focal_point(membership):
        raise TeamError(message)


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, by: User | None = None, request=None) -> None:
    """Make an open invitation link unusable."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise InvitationError(_("This invitation has already been accepted."))
    if invitation.revoked_at:
        return
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record("invitation.revoked", actor=by, target=invitation, request=request)


@transaction.atomic
def change_member_role(
    membership: CityRole, role: str, *, by: User | None = None, request=None
) -> CityRole:
    """Make a team member a focal point or the reverse; a city keeps a focal point."""
    if role not in CityRole.Role.values:
        raise TeamError(_("Choose a valid role."), field="role")
    membership = CityRole.objects.select_related("user", "city").get(pk=membership.pk)
    if membership.role == role:
        return membership
    _refuse_orphaning(
        membership,
        by,
        _("The city must keep a focal point: make someone else focal point first."),
    )
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        "city_role.changed",
        actor=by,
        target=membership,
        request=request,
        user=membership.user.email,
        city=membership.city.slug,
        previous=previous,
        role=role,
    )
    return membership


@transaction.atomic
def remove_member(membership: CityRole, *, by: User | None = None, request=None) -> None:
    """Take someone out of a city team; the last focal point stays."""
    membership = CityRole.objects.select_related("user", "city").get(pk=membership.pk)
    _refuse_orphaning(
        membership,
        by,
        _("The last focal point of a city cannot be removed: make someone else focal point first."),
    )
    record(
        "city_role.removed",
        actor=by,
        target=membership,
        request=request,
        user=membership.user.email,
        city=membership.city.slug,
        role=membership.role,
    )
    membership.delete()


@transaction.atomic
def update_profile(
    user: User,
    *,
    full_name: str,
    job_title: str = "",
    sector=None,
    preferred_language: str = "en",
    time_zone: str | None = None,
    request=None,
) -> User:
    """Save what a person says about themselves (`time_zone` None: left as it is)."""
    if preferred_language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose one of the offered languages."), field="preferred_language")
    if time_zone and time_zone not in available_time_zones():
        raise DomainError(_("Choose one of the offered time zones."), field="time_zone")
    user.full_name = full_name.strip()
    user.job_title = job_title.strip()
    user.sector = sector
    user.preferred_language = preferred_language
    fields = ["full_name", "job_title", "sector", "preferred_language"]
    if time_zone is not None:
        user.time_zone = time_zone
        fields.append("time_zone")
    user.save(update_fields=fields)
    return user


@transaction.atomic
def create_account(
    email: str, *, full_name: str = "", language: str = "en", password: str | None = None
) -> User:
    """A new account with a verified primary email address (for operators and invitations)."""
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(_("An account with this email exists already."), field="email")
    user = User.objects.create_user(
        email, password, full_name=full_name, preferred_language=language
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@transaction.atomic
def add_to_city(user: User, city, role: str, *, by: User | None = None, request=None) -> CityRole:
    """Put a person straight into a city team (operators; everyone else uses invitations)."""
    if role not in CityRole.Role.values:
        raise TeamError(_("Choose a valid role."), field="role")
    try:
        with transaction.atomic():
            membership = CityRole.objects.create(user=user, city=city, role=role)
    except IntegrityError as exc:
        raise TeamError(
            _("%(email)s is already in this city's team.") % {"email": user.email}
        ) from exc
    record("city_role.added", actor=by, target=membership, request=request, role=role)
    return membership


@transaction.atomic
def grant_global_role(user: User, role: str, *, by: User | None = None, request=None):
    """Give a network-wide role (secretariat admin or editor, expert reviewer, judge)."""
    if role not in GlobalRole.Role.values:
        raise DomainError(_("Choose a valid role."), field="role")
    grant, created = GlobalRole.objects.get_or_create(user=user, role=role)
    if created:
        record("global_role.granted", actor=by, target=grant, request=request, role=role)
    if role in SECRETARIAT_ROLES:
        give_admin_access(user, role)
    return grant


# What a secretariat editor may do in the admin: keep the vocabulary and its translations.
EDITOR_PERMISSIONS = {
    "taxonomy": ["view_scheme", "change_scheme", "view_concept", "change_concept", "add_concept"],
    "members": ["view_city", "change_city", "view_partner", "change_partner", "add_partner"],
}
SECRETARIAT_ROLES = {GlobalRole.Role.ADMIN, GlobalRole.Role.EDITOR}


def give_admin_access(user: User, role: str) -> None:
    """Secretariat accounts reach the admin: administrators fully, editors for content."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    user.is_staff = True
    user.is_superuser = user.is_superuser or role == GlobalRole.Role.ADMIN
    user.save(update_fields=["is_staff", "is_superuser"])
    if role == GlobalRole.Role.EDITOR:
        wanted = Q()
        for app_label, codenames in EDITOR_PERMISSIONS.items():
            wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
        user.user_permissions.add(*Permission.objects.filter(wanted))
