"""Exchange programmes, city-to-city exchanges, their reports, follow-ups and the practices
that travelled from one city to another (transfers).

Who sees what (`visible_to`; anything else answers 404):
- a programme: by its visibility (core/visibility.py), restricted meaning its cities and its
  sponsor; the budget note only to the secretariat, the sponsor and the cities' focal points;
- an exchange: the two cities' teams, the programme's sponsor and the secretariat always;
  every network member once it is accepted (a city's profile shows its exchanges); reports,
  follow-ups and participants' names stay with the parties.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strongcities.core import visibility
from strongcities.core.visibility import Visibility

EXCHANGE_TYPE_LIMIT = {"scheme__code": "exchange-type"}
SECTOR_LIMIT = {"scheme__code": "sector"}


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProgrammeQuerySet":
        """Public and members programmes as the rule says; restricted ones for their cities and
        sponsor; secretariat-only ones for the secretariat."""
        if visibility.is_secretariat(user):
            return self.all()
        q = models.Q(visibility=Visibility.PUBLIC)
        if visibility.is_network_member(user):
            q |= models.Q(visibility=Visibility.MEMBERS)
            cities = sorted(user.member_city_ids)
            if cities:
                q |= models.Q(
                    visibility=Visibility.RESTRICTED,
                    pk__in=Programme.cities.through.objects.filter(city_id__in=cities).values(
                        "programme_id"
                    ),
                )
        partners = sorted(visibility.user_partner_ids(user))
        if partners:
            q |= models.Q(sponsor__in=partners) & ~models.Q(visibility=Visibility.SECRETARIAT)
        return self.filter(q)


class Programme(models.Model):
    """A sponsored exchange programme, e.g. a national government's capacity building
    between Amman, Beirut and Tunis."""

    slug = models.SlugField(_("address"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    sponsor = models.ForeignKey(
        "members.Partner",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("sponsor"),
    )
    cities = models.ManyToManyField(
        "members.City", related_name="programmes", verbose_name=_("participating cities")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    budget_note = models.TextField(
        _("budget note"),
        blank=True,
        help_text=_("Seen by the secretariat, the sponsor and the cities' focal points."),
    )
    participants_per_side = models.PositiveSmallIntegerField(
        _("participants per side"),
        default=3,
        help_text=_("How many people each city may send to, or field for, one exchange."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(participants_per_side__gte=1),
                name="programme_participants_positive",
            ),
        ]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("exchanges:programme", args=[self.slug])


class ExchangeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ExchangeQuerySet":
        if visibility.is_secretariat(user):
            return self.all()
        if not visibility.is_network_member(user):
            partners = sorted(visibility.user_partner_ids(user))
            return self.filter(programme__sponsor__in=partners) if partners else self.none()
        cities = sorted(user.member_city_ids)
        q = models.Q(state__in=Exchange.PUBLIC_TO_MEMBERS)
        if cities:
            q |= models.Q(visiting_city__in=cities) | models.Q(host_city__in=cities)
        partners = sorted(visibility.user_partner_ids(user))
        if partners:
            q |= models.Q(programme__sponsor__in=partners)
        return self.filter(q)

    def of_city(self, city) -> "ExchangeQuerySet":
        return self.filter(models.Q(visiting_city=city) | models.Q(host_city=city))


class Exchange(models.Model):
    """A visit or staff exchange from a visiting city to a host city."""

    class State(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("exchange", "Proposed")
        ACCEPTED = "accepted", pgettext_lazy("exchange", "Accepted")
        DECLINED = "declined", pgettext_lazy("exchange", "Declined")
        SCHEDULED = "scheduled", pgettext_lazy("exchange", "Scheduled")
        COMPLETED = "completed", pgettext_lazy("exchange", "Completed")
        REPORTED = "reported", pgettext_lazy("exchange", "Reported")
        FOLLOWED_UP = "followed_up", pgettext_lazy("exchange", "Followed up")
        CANCELLED = "cancelled", pgettext_lazy("exchange", "Cancelled")

    # What network members who are not a party see: exchanges that are happening or happened.
    PUBLIC_TO_MEMBERS = (
        State.ACCEPTED,
        State.SCHEDULED,
        State.COMPLETED,
        State.REPORTED,
        State.FOLLOWED_UP,
    )
    OPEN_STATES = (State.PROPOSED, State.ACCEPTED, State.SCHEDULED)
    DONE_STATES = (State.COMPLETED, State.REPORTED, State.FOLLOWED_UP)

    visiting_city = models.ForeignKey(
        "members.City",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("visiting city"),
    )
    host_city = models.ForeignKey(
        "members.City",
        on_delete=models.PROTECT,
        related_name="hosted_exchanges",
        verbose_name=_("host city"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exchanges",
        verbose_name=_("programme"),
    )
    kind = models.ForeignKey(
        "taxonomy.Concept",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=EXCHANGE_TYPE_LIMIT,
        verbose_name=_("type"),
    )
    objectives = models.TextField(_("objectives"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    practices = models.ManyToManyField(
        "practices.Practice",
        blank=True,
        related_name="exchanges",
        verbose_name=_("practices of interest"),
    )
    proposed_start = models.DateField(_("proposed start"))
    proposed_end = models.DateField(_("proposed end"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    response_message = models.TextField(_("message"), blank=True)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField(_("reason"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(visiting_city=models.F("host_city")),
                name="exchange_two_cities",
            ),
            models.CheckConstraint(
                condition=models.Q(proposed_end__gte=models.F("proposed_start")),
                name="exchange_proposed_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="exchange_dates_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["visiting_city", "state"]),
            models.Index(fields=["host_city", "state"]),
        ]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")

    def __str__(self) -> str:
        return f"{self.visiting_city} → {self.host_city} ({self.kind})"

    def get_absolute_url(self) -> str:
        return reverse("exchanges:detail", args=[self.pk])

    @property
    def participants_per_side(self) -> int:
        if self.programme_id:
            return self.programme.participants_per_side
        return settings.EXCHANGE_PARTICIPANTS_PER_SIDE

    def city_of(self, side: str):
        return self.visiting_city if side == Side.VISITING else self.host_city


class Side(models.TextChoices):
    VISITING = "visiting", _("Visiting city")
    HOST = "host", _("Host city")


class Participant(models.Model):
    """A person of one side's city team taking part, with their sector."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="participants")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exchange_participations",
        verbose_name=_("person"),
    )
    sector = models.ForeignKey(
        "taxonomy.Concept",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=SECTOR_LIMIT,
        verbose_name=_("sector"),
    )
    role = models.CharField(_("role in the exchange"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["exchange", "side", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exchange", "user"], name="participant_once"),
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.user} ({self.side})"


class Report(models.Model):
    """One side's short report after the exchange."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="reports")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    learned = models.TextField(_("what was learned"))
    plans = models.TextField(
        _("what the visiting city plans to adopt"),
        blank=True,
        help_text=_("The visiting city's plans; the host may say what it will follow up."),
    )
    practices = models.ManyToManyField(
        "practices.Practice",
        blank=True,
        related_name="+",
        verbose_name=_("practices the city plans to adopt"),
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    draft_practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("draft practice started from this report"),
    )

    class Meta:
        ordering = ["exchange", "side"]
        constraints = [
            models.UniqueConstraint(fields=["exchange", "side"], name="report_once_per_side"),
        ]
        verbose_name = _("exchange report")
        verbose_name_plural = _("exchange reports")

    def __str__(self) -> str:
        return f"report of {self.side} on exchange {self.exchange_id}"


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    ADAPTING = "adapting", _("Adapting")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class FollowUp(models.Model):
    """The visiting city's answer, 3 or 6 months after the exchange: what became of it."""

    MONTHS = (3, 6)

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="follow_ups")
    month = models.PositiveSmallIntegerField(_("months after the exchange"))
    due_on = models.DateField(_("due on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    reason = models.TextField(_("why"), blank=True)
    practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("practice"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["exchange", "month"]
        constraints = [
            models.UniqueConstraint(fields=["exchange", "month"], name="follow_up_once"),
            models.CheckConstraint(
                condition=models.Q(month__in=(3, 6)), name="follow_up_month_3_or_6"
            ),
        ]
        indexes = [models.Index(fields=["due_on", "recorded_at"])]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.month}-month follow-up of exchange {self.exchange_id}"


class Transfer(models.Model):
    """A practice that travelled: `to_city` adopted or is adapting `practice` of another."""

    practice = models.ForeignKey(
        "practices.Practice", on_delete=models.CASCADE, related_name="transfers"
    )
    from_city = models.ForeignKey(
        "members.City", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    to_city = models.ForeignKey(
        "members.City", on_delete=models.CASCADE, related_name="adopted_practices"
    )
    exchange = models.ForeignKey(
        Exchange, on_delete=models.SET_NULL, null=True, blank=True, related_name="transfers"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=[
            (Outcome.ADOPTED, Outcome.ADOPTED.label),
            (Outcome.ADAPTING, Outcome.ADAPTING.label),
        ],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "to_city"], name="transfer_once"),
        ]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")

    def __str__(self) -> str:
        return f"practice {self.practice_id} → city {self.to_city_id}"
