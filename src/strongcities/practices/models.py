"""Local prevention practices: the library's content, its versions, attachments and peer reviews.

Text fields are written in the practice's original `language` and may carry translations
(modeltranslation columns title_en, title_fr, ...; see translation.py). Tags are taxonomy
concepts, so filters and search work across languages. Who may see a practice is the
confidentiality rule of core/visibility.py, applied by `Practice.objects.visible_to(user)`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from strongcities.core import visibility
from strongcities.core.uploads import StoredFile
from strongcities.core.visibility import Visibility

TEXT_FIELDS = (
    "title",
    "summary",
    "context",
    "approach",
    "resources",
    "results",
    "theory_of_change",
    "lessons_learned",
    "transferability",
)
TAG_FIELDS = {"themes": "theme", "audiences": "audience", "stakeholders": "sector"}
LEVEL_FIELDS = {
    "prevention_level": "prevention-level",
    "evidence_level": "evidence-level",
    "geographic_scope": "geographic-scope",
}


def concept_limit(scheme: str) -> dict:
    return {"scheme__code": scheme}


class PracticeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PracticeQuerySet":
        """The practices `user` may open: the rule of core/visibility.py, plus the workflow.

        Others than the owner's team and the secretariat see published and archived practices
        only; an expert sees the practice they were asked (and allowed) to review.
        """
        q = visibility.visible_q(
            user,
            shared_subquery=_shared_with_cities,
            others_see=models.Q(status__in=Practice.READABLE_STATUSES),
        )
        if q is None:
            return self.all()
        if user.is_authenticated:
            q |= models.Q(
                pk__in=PeerReview.objects.filter(
                    expert=user, status__in=PeerReview.OPEN_TO_EXPERT
                ).values("practice_id")
            )
        return self.filter(q)

    def listed_for(self, user) -> "PracticeQuerySet":
        """The published practices `user` may see: what the library lists."""
        return self.visible_to(user).filter(status=Practice.Status.PUBLISHED)

    def public(self) -> "PracticeQuerySet":
        return self.filter(status=Practice.Status.PUBLISHED, visibility=Visibility.PUBLIC)


def _shared_with_cities(city_ids):
    return Practice.shared_with.through.objects.filter(city_id__in=city_ids).values("practice_id")


class Practice(models.Model):
    """A local prevention practice owned by a member city or a partner organisation."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes-requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Label(models.TextChoices):
        INSPIRING = "inspiring", _("Inspiring practice")
        PEER_REVIEWED = "peer-reviewed", _("Peer reviewed")

    READABLE_STATUSES = (Status.PUBLISHED, Status.ARCHIVED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED, Status.PUBLISHED)

    slug = models.SlugField(_("address"), max_length=120, unique=True)
    external_id = models.CharField(
        _("external identifier"),
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The identifier of this practice in an imported collection."),
    )
    city = models.ForeignKey(
        "members.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("city"),
    )
    partner = models.ForeignKey(
        "members.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("partner organisation"),
    )
    language = models.CharField(
        _("original language"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("The language the practice was first written in."),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("A short name a colleague would recognise.")
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences: what is done, for whom, with what result."),
    )
    context = models.TextField(
        _("context and problem addressed"),
        blank=True,
        help_text=_("The local situation and the problem the practice responds to."),
    )
    approach = models.TextField(
        _("approach and activities"),
        blank=True,
        help_text=_("What is done, by whom, how often; the main activities."),
    )
    resources = models.TextField(
        _("resources and cost"),
        blank=True,
        help_text=_("Staff, budget, partners and materials it takes to run."),
    )
    results = models.TextField(
        _("results and indicators"),
        blank=True,
        help_text=_("What changed, and how it is measured."),
    )
    theory_of_change = models.TextField(
        _("theory of change"),
        blank=True,
        help_text=_("Why the activities are expected to lead to the results."),
    )
    lessons_learned = models.TextField(
        _("lessons learned"),
        blank=True,
        help_text=_("What worked, what did not, what you would do differently."),
    )
    transferability = models.TextField(
        _("transferability"),
        blank=True,
        help_text=_("What another city needs to adopt it: conditions, partners, adaptations."),
    )
    themes = models.ManyToManyField(
        "taxonomy.Concept",
        blank=True,
        related_name="practices_with_theme",
        limit_choices_to=concept_limit("theme"),
        verbose_name=_("themes"),
        help_text=_("The problems and subjects the practice addresses."),
    )
    audiences = models.ManyToManyField(
        "taxonomy.Concept",
        blank=True,
        related_name="practices_for_audience",
        limit_choices_to=concept_limit("audience"),
        verbose_name=_("target audiences"),
        help_text=_("The people the practice is meant to reach."),
    )
    stakeholders = models.ManyToManyField(
        "taxonomy.Concept",
        blank=True,
        related_name="practices_with_stakeholder",
        limit_choices_to=concept_limit("sector"),
        verbose_name=_("stakeholders involved"),
        help_text=_(
            "The parts of the community that take part: educators, police, faith leaders..."
        ),
    )
    prevention_level = models.ForeignKey(
        "taxonomy.Concept",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=concept_limit("prevention-level"),
        verbose_name=_("prevention level"),
        help_text=_("Primary (everyone), secondary (people at risk) or tertiary (disengagement)."),
    )
    evidence_level = models.ForeignKey(
        "taxonomy.Concept",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=concept_limit("evidence-level"),
        verbose_name=_("evidence level"),
        help_text=_("How the results are known: described, monitored, or evaluated."),
    )
    geographic_scope = models.ForeignKey(
        "taxonomy.Concept",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=concept_limit("geographic-scope"),
        verbose_name=_("geographic scope"),
        help_text=_("Where it runs: a neighbourhood, the whole city, a region..."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    still_running = models.BooleanField(_("still running"), default=True)
    contact_name = models.CharField(
        _("contact person"),
        max_length=200,
        blank=True,
        help_text=_("Shown to network members only."),
    )
    contact_role = models.CharField(_("contact's role"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    related = models.ManyToManyField(
        "self", blank=True, verbose_name=_("related practices"), symmetrical=True
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
        help_text=visibility.VISIBILITY_HELP,
    )
    shared_with = models.ManyToManyField(
        "members.City",
        blank=True,
        related_name="practices_shared_with",
        verbose_name=_("shared with"),
        help_text=_("The cities that may read a restricted practice."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    peer_reviewed = models.BooleanField(_("peer reviewed"), default=False)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    confirmed_at = models.DateTimeField(
        _("last confirmed up to date"),
        null=True,
        blank=True,
        help_text=_("When the owner last updated or confirmed the practice."),
    )
    reminder_sent_at = models.DateTimeField(_("review reminder sent"), null=True, blank=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(city__isnull=False, partner__isnull=True)
                | models.Q(city__isnull=True, partner__isnull=False),
                name="practice_one_owner",
            )
        ]
        indexes = [models.Index(fields=["status", "visibility"])]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", args=[self.slug])

    @property
    def display_title(self) -> str:
        """The title in the reader's language when translated, else in the original language."""
        return self.text("title", self.shown_language(get_language() or self.language))

    @property
    def owner(self):
        return self.city or self.partner

    @property
    def label(self) -> str:
        """The label the library shows: peer reviewed, inspiring (published) or none."""
        if self.status not in self.READABLE_STATUSES:
            return ""
        return self.Label.PEER_REVIEWED if self.peer_reviewed else self.Label.INSPIRING

    def labels(self) -> frozenset[str]:
        """The visibility labels of the search document (core/visibility.py)."""
        return visibility.document_labels(
            self.visibility,
            owner_city_id=self.city_id,
            owner_partner_id=self.partner_id,
            shared_city_ids=[c.pk for c in self.shared_with.all()],
        )

    def languages(self) -> list[str]:
        """The original language first, then each language with a translated title."""
        others = [
            code
            for code, _name in settings.LANGUAGES
            if code != self.language and getattr(self, f"title_{code}", "")
        ]
        return [self.language, *others]

    def shown_language(self, wanted: str) -> str:
        """The language to show to a reader of `wanted`: theirs when translated, else original."""
        return wanted if wanted in self.languages() else self.language

    def text(self, field: str, lang: str) -> str:
        """A text field in `lang`, without falling back to another language."""
        return getattr(self, f"{field}_{lang}", "") or ""

    def texts(self, lang: str) -> dict[str, str]:
        """Every text field in `lang` if translated, else in the original language."""
        shown = self.shown_language(lang)
        return {
            field: self.text(field, shown) or self.text(field, self.language)
            for field in TEXT_FIELDS
        }


class StatusChange(models.Model):
    """One step of a practice's workflow, with the secretariat's comment when there is one."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=Practice.Status.choices)
    to_status = models.CharField(max_length=20, choices=Practice.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.practice_id}: {self.from_status} → {self.to_status}"


class PracticeVersion(models.Model):
    """A snapshot of a practice kept at each change after its first publication."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "number"], name="practice_version_once")
        ]
        verbose_name = _("practice version")
        verbose_name_plural = _("practice versions")

    def __str__(self) -> str:
        return f"{self.practice_id} v{self.number}"


def attachment_path(instance, filename: str) -> str:
    return f"practices/{instance.practice_id}/{timezone.now():%Y%m}/{filename}"


class Attachment(StoredFile):
    """A document or image attached to a practice; readable by whoever may read the practice."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def get_absolute_url(self) -> str:
        return reverse("practices:attachment", args=[self.practice.slug, self.pk])


class PeerReview(models.Model):
    """An expert's private review of a published practice, with the owner's consent."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting the owner's consent")
        CONSENTED = "consented", _("Consented, review in progress")
        DECLINED = "declined", _("Declined by the owner")
        SUBMITTED = "submitted", _("Review submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Recommendation(models.TextChoices):
        RECOMMEND = "recommend", _("Recommend as peer reviewed")
        RESERVATIONS = "reservations", _("Recommend with reservations")
        NOT_YET = "not-yet", _("Not yet: more evidence needed")

    POSITIVE = (Recommendation.RECOMMEND, Recommendation.RESERVATIONS)
    OPEN_TO_EXPERT = (Status.CONSENTED, Status.SUBMITTED)

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="peer_reviews")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="peer_reviews",
        verbose_name=_("expert"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    evidence_assessment = models.TextField(
        _("evidence"), blank=True, help_text=_("Is what the practice claims supported?")
    )
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses and risks"), blank=True)
    transferability_assessment = models.TextField(
        _("transferability"), blank=True, help_text=_("Could other cities adopt it, and how?")
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("peer review")
        verbose_name_plural = _("peer reviews")

    def __str__(self) -> str:
        return f"{self.practice} — {self.expert}"

    @property
    def is_positive(self) -> bool:
        return self.status == self.Status.SUBMITTED and self.recommendation in self.POSITIVE
