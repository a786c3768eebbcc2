"""Users, their roles in the network, city-team invitations and API tokens."""

import functools
import zoneinfo
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    """An IANA time zone name (Europe/Istanbul), or empty."""
    if value and value not in available_time_zones():
        raise ValidationError(
            _("“%(zone)s” is not a known time zone (e.g. Europe/Istanbul)."),
            code="time_zone",
            params={"zone": value},
        )


@functools.cache
def available_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with an email address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    sector = models.ForeignKey(
        "taxonomy.Concept",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"scheme__code": "sector"},
        verbose_name=_("sector"),
        help_text=_("The part of the community you work in."),
    )
    job_title = models.CharField(_("role or job title"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Times are shown in this time zone; empty: your browser's."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    @cached_property
    def global_roles(self) -> frozenset[str]:
        return frozenset(self.role_grants.values_list("role", flat=True))

    @cached_property
    def city_roles(self) -> dict[int, str]:
        """{city id: role} for the member cities this user belongs to."""
        return dict(
            self.city_memberships.filter(city__status="member").values_list("city_id", "role")
        )

    @property
    def member_city_ids(self) -> frozenset[int]:
        return frozenset(self.city_roles)

    @property
    def focal_point_city_ids(self) -> frozenset[int]:
        return frozenset(c for c, r in self.city_roles.items() if r == CityRole.Role.FOCAL_POINT)

    @property
    def is_secretariat(self) -> bool:
        return self.is_superuser or bool(
            self.global_roles & {GlobalRole.Role.ADMIN, GlobalRole.Role.EDITOR}
        )

    @property
    def is_secretariat_admin(self) -> bool:
        return self.is_superuser or GlobalRole.Role.ADMIN in self.global_roles


class GlobalRole(models.Model):
    """A network-wide role: secretariat admin or editor, expert reviewer, judge."""

    class Role(models.TextChoices):
        ADMIN = "secretariat-admin", _("Secretariat administrator")
        EDITOR = "secretariat-editor", _("Secretariat editor")
        EXPERT = "expert-reviewer", _("Expert reviewer")
        JUDGE = "judge", _("Judge")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="global_role_once")]
        verbose_name = _("network role")
        verbose_name_plural = _("network roles")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class CityRole(models.Model):
    """Membership of a city team: focal point or member."""

    class Role(models.TextChoices):
        FOCAL_POINT = "focal-point", _("Focal point")
        MEMBER = "member", _("Team member")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="city_memberships")
    city = models.ForeignKey("members.City", on_delete=models.CASCADE, related_name="team")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "city"], name="city_role_once")]
        verbose_name = _("city team member")
        verbose_name_plural = _("city team members")

    def __str__(self) -> str:
        return f"{self.user} — {self.city} ({self.get_role_display()})"


class PartnerRole(models.Model):
    """Membership of a partner organisation (national government, donor, NGO, university)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="partner_memberships")
    partner = models.ForeignKey("members.Partner", on_delete=models.CASCADE, related_name="people")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "partner"], name="partner_role_once")
        ]
        verbose_name = _("partner organisation member")
        verbose_name_plural = _("partner organisation members")

    def __str__(self) -> str:
        return f"{self.user} — {self.partner}"


class InvitationQuerySet(models.QuerySet):
    def open(self) -> "InvitationQuerySet":
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An expiring, single-use invitation into a city team, sent by email."""

    city = models.ForeignKey("members.City", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=CityRole.Role.choices, default=CityRole.Role.MEMBER
    )
    sector = models.ForeignKey(
        "taxonomy.Concept",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"scheme__code": "sector"},
        verbose_name=_("sector"),
    )
    language = models.CharField(
        _("language of the invitation"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.city}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
