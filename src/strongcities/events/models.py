"""Events of the network: summits, workshops, mayoral meetings, webinars.

An event has an agenda (sessions with speakers, who may be pseudonymous), participant
categories each with its own capacity, and registrations moving through pending → confirmed /
waitlisted → offered → cancelled / rejected. Seats are counted in `Category.held` (confirmed and
offered registrations) under a row lock, and a database constraint keeps `held` within
`capacity`: there can never be more seats given than exist. Who may see an event is the rule of
core/visibility.py, applied by `Event.objects.visible_to(user)`.
"""

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strongcities.core import visibility
from strongcities.core.uploads import StoredFile
from strongcities.core.visibility import Visibility

EVENT_TEXT_FIELDS = ("title", "summary", "description", "outcomes_summary")


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(zone)s” is not a known time zone (e.g. Europe/Istanbul)."),
            code="time_zone",
            params={"zone": value},
        )


def new_code(length: int = 10) -> str:
    """A random code of unambiguous capitals and digits (no 0/O, 1/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))


class EventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EventQuerySet":
        """The events `user` may open.

        The rule of core/visibility.py with the host city as owner, for published and
        cancelled events: public, members, restricted (the host city, the cities it is shared
        with), secretariat (the secretariat only). Drafts are seen by the organisers only (the
        secretariat, the host city's focal points when delegated). A person with a named
        invitation or a registration also sees the event.
        """
        if visibility.is_secretariat(user):
            return self.all()
        q = models.Q(visibility=Visibility.PUBLIC)
        if visibility.is_network_member(user):
            cities = sorted(user.member_city_ids)
            q |= models.Q(visibility=Visibility.MEMBERS)
            if cities:
                q |= models.Q(
                    visibility=Visibility.RESTRICTED, pk__in=_shared_with_cities(cities)
                ) | models.Q(
                    visibility__in=(Visibility.MEMBERS, Visibility.RESTRICTED),
                    host_city__in=cities,
                )
        if user.is_authenticated:
            q |= models.Q(
                pk__in=Invitation.objects.filter(user=user, revoked=False).values("event_id")
            )
            q |= models.Q(pk__in=Registration.objects.filter(user=user).values("event_id"))
        q &= models.Q(status__in=Event.READABLE_STATUSES)
        organised = sorted(user.focal_point_city_ids) if user.is_authenticated else []
        if organised:
            q |= models.Q(delegated_to_host=True, host_city__in=organised)
        return self.filter(q)

    def listed_for(self, user) -> "EventQuerySet":
        """What the events listing shows: visible, published or cancelled."""
        return self.visible_to(user).filter(status__in=Event.READABLE_STATUSES)

    def upcoming(self) -> "EventQuerySet":
        return self.filter(end__gte=timezone.now()).order_by("start", "pk")

    def past(self) -> "EventQuerySet":
        return self.filter(end__lt=timezone.now()).order_by("-start", "-pk")


def _shared_with_cities(city_ids):
    return Event.shared_with.through.objects.filter(city_id__in=city_ids).values("event_id")


class Event(models.Model):
    """A meeting of the network, in a city or online."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")

    class Mode(models.TextChoices):
        OPEN = "open", _("Open: registrations are confirmed while seats last")
        APPROVAL = "approval", _("Approval: organisers approve each registration")
        INVITATION = "invitation", _("Invitation only: a code or a named invitation is needed")

    READABLE_STATUSES = (Status.PUBLISHED, Status.CANCELLED)

    slug = models.SlugField(_("address"), max_length=120, unique=True)
    kind = models.ForeignKey(
        "taxonomy.Concept",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"scheme__code": "event-type"},
        verbose_name=_("type"),
    )
    language = models.CharField(
        _("original language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the texts were first written in."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("cover text"),
        max_length=600,
        blank=True,
        help_text=_("A few sentences for the public page and the listing."),
    )
    description = models.TextField(_("description"), blank=True)
    outcomes_summary = models.TextField(
        _("outcomes"), blank=True, help_text=_("What the event achieved, for the archive.")
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("The time zone of the venue, e.g. Europe/Istanbul; online events use UTC."),
    )
    host_city = models.ForeignKey(
        "members.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host city"),
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown only to confirmed participants."),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=visibility.VISIBILITY_HELP,
    )
    shared_with = models.ManyToManyField(
        "members.City",
        blank=True,
        related_name="events_shared",
        verbose_name=_("shared with"),
        help_text=_("For restricted events: the cities invited to see it."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    mode = models.CharField(
        _("registration"), max_length=20, choices=Mode.choices, default=Mode.OPEN
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept a freed seat"),
        default=48,
        validators=[MaxValueValidator(24 * 30)],
        help_text=_(
            "When a seat frees, the first person on the waiting list is offered it for this "
            "long, then it passes to the next. 0 confirms them at once."
        ),
    )
    delegated_to_host = models.BooleanField(
        _("host city organises"),
        default=False,
        help_text=_("The host city's focal points may manage registrations and the agenda."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="event_ends_after_start"
            )
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED or now > self.end:
            return False
        if self.registration_opens and now < self.registration_opens:
            return False
        return not (self.registration_closes and now > self.registration_closes)


class Category(models.Model):
    """A participant category of an event (mayors, practitioners, press...) with its seats."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(
        _("seats"), help_text=_("How many people of this category can be confirmed.")
    )
    held = models.PositiveIntegerField(
        default=0, editable=False, help_text="Confirmed and offered registrations."
    )
    waitlist = models.BooleanField(
        _("waiting list"), default=True, help_text=_("When full, new registrations wait.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="category_unique_code"),
            models.CheckConstraint(
                condition=models.Q(held__lte=models.F("capacity")), name="category_never_overbooked"
            ),
        ]
        verbose_name = _("participant category")
        verbose_name_plural = _("participant categories")

    def __str__(self) -> str:
        return str(self.name)

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.held)


class Invitation(models.Model):
    """A way in to an invitation-only event: a shareable code, or a named person's invitation.

    A named invitation (email set) has max_uses 1 and is linked to the account with that email
    when it is used; a code may be used `max_uses` times.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("category")
    )
    code = models.CharField(_("code"), max_length=20, unique=True, default=new_code)
    email = models.EmailField(_("email"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_invitations",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    max_uses = models.PositiveIntegerField(_("uses"), default=1)
    uses = models.PositiveIntegerField(default=0, editable=False)
    revoked = models.BooleanField(_("revoked"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(uses__lte=models.F("max_uses")), name="invitation_within_uses"
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email or self.code

    @property
    def is_named(self) -> bool:
        return bool(self.email)

    @property
    def is_usable(self) -> bool:
        return not self.revoked and self.uses < self.max_uses


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> "RegistrationQuerySet":
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def holding(self) -> "RegistrationQuerySet":
        return self.filter(status__in=Registration.HOLDING_STATUSES)

    def waiting(self) -> "RegistrationQuerySet":
        """The waiting list in order: first come, first served."""
        return self.filter(status=Registration.Status.WAITLISTED).order_by("waitlisted_at", "pk")


class Registration(models.Model):
    """One person's place at an event, in one category.

    A registration may be made for somebody without an account (a city's delegation registered
    by its focal point): `user` is then empty and `name`/`email` say who it is.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        OFFERED = "offered", _("Seat offered")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
        REJECTED = "rejected", _("Not accepted")

    ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)
    HOLDING_STATUSES = (Status.CONFIRMED, Status.OFFERED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("category")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"))
    city = models.ForeignKey(
        "members.City",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("city"),
    )
    partner = models.ForeignKey(
        "members.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner organisation"),
    )
    job_title = models.CharField(_("role or job title"), max_length=200, blank=True)
    needs = models.TextField(
        _("access or dietary needs"),
        max_length=1000,
        blank=True,
        help_text=_("Seen only by the organisers."),
    )
    listed = models.BooleanField(
        _("list me among the participants"),
        default=False,
        help_text=_("Your name, city and role appear on the participant list members can see."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    ticket_code = models.CharField(max_length=20, unique=True, default=new_code, editable=False)
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decision_note = models.TextField(_("message"), max_length=2000, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at", "pk"]
        constraints = [
            # One active registration per person and event (a cancelled one may be followed by
            # a new one).
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=models.Q(status__in=["pending", "confirmed", "waitlisted", "offered"]),
                name="registration_one_active_per_email",
            ),
        ]
        indexes = [models.Index(fields=["event", "category", "status"])]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def holds_seat(self) -> bool:
        return self.status in self.HOLDING_STATUSES


class CheckIn(models.Model):
    """One scan or typed code at the door; a second one for the same ticket is a duplicate."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="check_ins"
    )
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    duplicate = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.at:%Y-%m-%d %H:%M}"


class Session(models.Model):
    """A slot of the agenda."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        PANEL = "panel", _("Panel")
        WORKSHOP = "workshop", _("Workshop")
        SITE_VISIT = "site-visit", _("Site visit")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLENARY)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("Leave empty when every participant of the event may attend."),
    )
    held = models.PositiveIntegerField(default=0, editable=False)
    signup = models.BooleanField(
        _("sign-up needed"), default=False, help_text=_("Participants sign up for this session.")
    )
    speakers = models.ManyToManyField(
        "Speaker", blank=True, related_name="sessions", verbose_name=_("speakers")
    )

    class Meta:
        ordering = ["event", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True)
                | models.Q(held__lte=models.F("capacity")),
                name="session_never_overbooked",
            ),
        ]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.event.slug]) + f"#session-{self.pk}"


class SessionSignup(models.Model):
    """A confirmed participant's seat in a session that needs sign-up."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="signups")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="session_signups"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "registration"], name="session_signup_once")
        ]
        verbose_name = _("session sign-up")
        verbose_name_plural = _("session sign-ups")

    def __str__(self) -> str:
        return f"{self.registration_id} → {self.session_id}"


def speaker_photo_path(instance, filename: str) -> str:
    return f"events/{instance.event_id}/speakers/{secrets.token_hex(8)}-{filename}"


class Speaker(models.Model):
    """Somebody who speaks at an event; may appear under a pseudonym.

    A pseudonymous speaker (a survivor, a former extremist) is shown to everybody by
    `public_name` only, never with a photo; `real_name` is for the secretariat's eyes only.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    public_name = models.CharField(
        _("name shown"), max_length=200, help_text=_("The name or pseudonym the public sees.")
    )
    pseudonymous = models.BooleanField(
        _("pseudonymous"),
        default=False,
        help_text=_("The speaker appears under a pseudonym, with no photo."),
    )
    real_name = models.CharField(
        _("real name"),
        max_length=200,
        blank=True,
        help_text=_("Seen by the secretariat only."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), max_length=2000, blank=True)
    photo = models.FileField(_("photo"), upload_to=speaker_photo_path, max_length=300, blank=True)
    consent_given = models.BooleanField(
        _("consent recorded"),
        default=False,
        help_text=_("The speaker agreed to appear as described here."),
    )
    consent_note = models.CharField(_("how consent was given"), max_length=300, blank=True)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["event", "public_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pseudonymous=False) | models.Q(photo=""),
                name="pseudonymous_speaker_has_no_photo",
            ),
            models.CheckConstraint(
                condition=models.Q(pseudonymous=False) | models.Q(user__isnull=True),
                name="pseudonymous_speaker_has_no_account_link",
            ),
        ]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.public_name


def material_path(instance, filename: str) -> str:
    return f"events/{instance.event_id}/materials/{secrets.token_hex(8)}-{filename}"


class MaterialQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MaterialQuerySet":
        """Materials of events `user` may see, at or below the reader's level."""
        q = visibility.visible_q(
            user,
            owner_city_field="event__host_city",
            owner_partner_field=None,
            shared_subquery=lambda ids: Event.shared_with.through.objects.filter(
                city_id__in=ids
            ).values("event_id"),
        )
        events = Event.objects.visible_to(user).values("pk")
        if q is None:
            return self.filter(event__in=events)
        return self.filter(q, event__in=events)


class Material(StoredFile):
    """Slides, reports and recordings of an event, with the practice library's upload rules."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("session"),
    )
    file = models.FileField(_("file"), upload_to=material_path, max_length=300)
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
        help_text=visibility.VISIBILITY_HELP,
    )

    objects = MaterialQuerySet.as_manager()

    class Meta:
        ordering = ["event", "uploaded_at", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def get_absolute_url(self) -> str:
        return reverse("events:material", args=[self.event.slug, self.pk])


class Outcome(models.Model):
    """What came out of an event: an outcome, or a city's commitment."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("Outcome")
        COMMITMENT = "commitment", _("Commitment")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OUTCOME)
    city = models.ForeignKey(
        "members.City",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_commitments",
        verbose_name=_("city"),
    )
    practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_outcomes",
        verbose_name=_("practice"),
        help_text=_("The practice it concerns, e.g. one a city will pilot."),
    )
    text = models.TextField(_("text"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["event", "kind", "created_at", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return self.text[:80]


class Feedback(models.Model):
    """A participant's short answer after the event; organisers see it without names."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(
        _("overall, how useful was the event?"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    most_useful = models.TextField(_("what was most useful?"), max_length=2000, blank=True)
    improve = models.TextField(_("what should we improve?"), max_length=2000, blank=True)
    will_apply = models.TextField(
        _("what will you apply in your city?"), max_length=2000, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.rating}/5"


class CalendarFeed(models.Model):
    """A person's secret calendar address: a random token, stored hashed, revocable."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user_id}"
