"""Member cities, partner organisations and membership applications."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from strongcities.core.text import fold

REGION_LIMIT = {"scheme__code": "region"}
THEME_LIMIT = {"scheme__code": "theme"}
AUDIENCE_LIMIT = {"scheme__code": "audience"}


class CityQuerySet(models.QuerySet):
    def members(self) -> "CityQuerySet":
        return self.filter(status=City.Status.MEMBER)

    def listed(self) -> "CityQuerySet":
        """Cities shown in the public directory and map: members only."""
        return self.members()


class City(models.Model):
    """A city or local government of the network."""

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        MEMBER = "member", _("Member")
        SUSPENDED = "suspended", _("Suspended")
        FORMER = "former", _("Former member")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    country = CountryField(_("country"))
    region = models.ForeignKey(
        "taxonomy.Concept",
        on_delete=models.PROTECT,
        related_name="cities_in_region",
        limit_choices_to=REGION_LIMIT,
        verbose_name=_("region"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("ISO 639-1 codes, e.g. ar, fr.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.MEMBER, db_index=True
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    website = models.URLField(_("website"), blank=True)
    challenges = models.ManyToManyField(
        "taxonomy.Concept",
        blank=True,
        related_name="cities_with_challenge",
        limit_choices_to=THEME_LIMIT,
        verbose_name=_("challenges"),
    )
    # The rest of the context profile that matching compares (docs/matching.md).
    priority_audiences = models.ManyToManyField(
        "taxonomy.Concept",
        blank=True,
        related_name="cities_with_audience",
        limit_choices_to=AUDIENCE_LIMIT,
        verbose_name=_("priority audiences"),
    )
    running_themes = models.ManyToManyField(
        "taxonomy.Concept",
        blank=True,
        related_name="cities_running",
        limit_choices_to=THEME_LIMIT,
        verbose_name=_("what the city already runs"),
        help_text=_("Themes on which the city already runs prevention work."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name_key", "country"], name="city_unique_in_country")
        ]
        indexes = [models.Index(fields=["status", "region"])]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return str(self.name)

    def save(self, *args, **kwargs) -> None:
        self.name_key = fold(self.name_en or self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("members:city", args=[self.slug])

    @property
    def population_band(self) -> int | None:
        """0–4 for under 100k, 100k–500k, 500k–1M, 1M–5M, 5M and more; None when unknown."""
        if self.population is None:
            return None
        return sum(self.population >= limit for limit in POPULATION_BANDS)


POPULATION_BANDS = (100_000, 500_000, 1_000_000, 5_000_000)


def regions_with_member_counts() -> models.QuerySet:
    """The region concepts, each annotated with `member_count`, its number of member cities."""
    from strongcities.core.taxonomy.models import Concept

    members = models.Q(cities_in_region__status=City.Status.MEMBER)
    return Concept.objects.in_scheme("region").annotate(
        member_count=models.Count("cities_in_region", filter=members)
    )


class Partner(models.Model):
    """A partner organisation: never a member city."""

    class Kind(models.TextChoices):
        NATIONAL_GOVERNMENT = "national-government", _("National government")
        DONOR = "donor", _("Donor")
        NGO = "ngo", _("Non-governmental organisation")
        UNIVERSITY = "university", _("University")
        PRIVATE_SECTOR = "private-sector", _("Private sector")
        INTERNATIONAL = "international-organisation", _("International organisation")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self) -> str:
        return str(self.name)


def endorsement_path(instance, filename: str) -> str:
    return f"applications/endorsements/{filename}"


class MembershipApplication(models.Model):
    """A city's application to join, reviewed by the secretariat."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    city_name = models.CharField(_("city or local government"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    country = CountryField(_("country"))
    region = models.ForeignKey(
        "taxonomy.Concept",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=REGION_LIMIT,
        verbose_name=_("region"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_role = models.CharField(_("contact person's role"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    mayor_name = models.CharField(_("mayor's name"), max_length=200)
    endorsement_confirmed = models.BooleanField(
        _("the mayor endorses the network's principles"), default=False
    )
    endorsement_letter = models.FileField(
        _("mayor's endorsement letter"), upload_to=endorsement_path, blank=True
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    challenges = models.ManyToManyField(
        "taxonomy.Concept",
        blank=True,
        related_name="+",
        limit_choices_to=THEME_LIMIT,
        verbose_name=_("challenges"),
    )
    motivation = models.TextField(_("why the city wants to join"), blank=True)
    language = models.CharField(
        _("language for replies"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "country"],
                condition=models.Q(status="pending"),
                name="one_pending_application_per_city",
            )
        ]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")

    def __str__(self) -> str:
        return f"{self.city_name} ({self.country.code})"

    def save(self, *args, **kwargs) -> None:
        self.name_key = fold(self.city_name)
        super().save(*args, **kwargs)
