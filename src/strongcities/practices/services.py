"""Every change to a practice: saving, the review workflow, versions and attachments.

Views, the API, the importer and the admin call these; none of them writes a model itself.
Each step runs in one transaction, is recorded in the audit log and notifies the people
concerned (after commit). Refusals raise PracticeError with a translatable message.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import rules
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from strongcities.accounts.models import CityRole, GlobalRole, PartnerRole, User
from strongcities.core.audit.services import record
from strongcities.core.exceptions import DomainError
from strongcities.core.notifications.services import notify
from strongcities.core.taxonomy.models import Scheme
from strongcities.core.uploads import validate_upload
from strongcities.core.visibility import Visibility, is_secretariat
from strongcities.practices.models import (
    LEVEL_FIELDS,
    TAG_FIELDS,
    TEXT_FIELDS,
    Attachment,
    PeerReview,
    Practice,
    PracticeVersion,
    StatusChange,
)

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
PLAIN_FIELDS = ("start_year", "still_running", "contact_name", "contact_role", "contact_email")


class PracticeError(DomainError):
    """A refused change to a practice."""


@dataclass
class PracticeInput:
    """Everything a practice is made of, as forms, the API and the importer hand it over.

    `texts[lang][field]` holds the text fields per language; the original `language` must have
    a title and a summary. `tags` maps themes/audiences/stakeholders to concept lists, `levels`
    maps prevention_level/evidence_level/geographic_scope to a concept or None.
    """

    language: str
    texts: dict[str, dict[str, str]]
    tags: dict[str, list] = field(default_factory=dict)
    levels: dict[str, object] = field(default_factory=dict)
    visibility: str = Visibility.MEMBERS
    shared_with: list = field(default_factory=list)
    related: list = field(default_factory=list)
    start_year: int | None = None
    still_running: bool = True
    contact_name: str = ""
    contact_role: str = ""
    contact_email: str = ""
    external_id: str | None = None


def unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = (slugify(title, allow_unicode=False) or "practice")[:100].strip("-") or "practice"
    slug, n = base, 1
    while Practice.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_input(data: PracticeInput) -> None:
    if data.language not in LANGUAGE_CODES:
        raise PracticeError(_("Choose the language the practice is written in."), "language")
    _check_texts(data)
    if data.visibility not in Visibility.values:
        raise PracticeError(_("Choose who may see the practice."), "visibility")
    if data.visibility != Visibility.RESTRICTED and data.shared_with:
        raise PracticeError(
            _("Only a restricted practice is shared with named cities."), "shared_with"
        )
    _check_concepts(data)


def _check_texts(data: PracticeInput) -> None:
    original = data.texts.get(data.language, {})
    if not (original.get("title") or "").strip():
        raise PracticeError(_("A practice needs a title in its original language."), "title")
    if not (original.get("summary") or "").strip():
        raise PracticeError(_("A practice needs a summary in its original language."), "summary")
    for lang, texts in data.texts.items():
        if lang not in LANGUAGE_CODES:
            raise PracticeError(_("Unknown language: %(lang)s.") % {"lang": lang}, "translations")
        if lang != data.language and any(texts.values()) and not (texts.get("title") or "").strip():
            raise PracticeError(
                _("A translation needs at least a title (%(lang)s).") % {"lang": lang}, "title"
            )


def _check_concepts(data: PracticeInput) -> None:
    chosen = [(name, c) for name in TAG_FIELDS for c in data.tags.get(name, [])]
    chosen += [(name, data.levels[name]) for name in LEVEL_FIELDS if data.levels.get(name)]
    if not chosen:
        return
    schemes = {**TAG_FIELDS, **LEVEL_FIELDS}
    # One query for the schemes' ids, rather than one per concept for its scheme.
    scheme_ids = dict(
        Scheme.objects.filter(code__in=set(schemes.values())).values_list("code", "pk")
    )
    for name, concept in chosen:
        if concept.scheme_id != scheme_ids.get(schemes[name]):
            message = _("%(code)s is not a valid choice.") % {"code": concept.code}
            raise PracticeError(message, name)


def _apply(practice: Practice, data: PracticeInput) -> None:
    practice.language = data.language
    for lang in LANGUAGE_CODES:
        texts = data.texts.get(lang, {})
        for name in TEXT_FIELDS:
            setattr(practice, f"{name}_{lang}", (texts.get(name) or "").strip())
    # The untranslated column mirrors the original language (what the admin and exports read).
    for name in TEXT_FIELDS:
        practice.__dict__[name] = getattr(practice, f"{name}_{data.language}")
    for name in LEVEL_FIELDS:
        setattr(practice, name, data.levels.get(name))
    for name in PLAIN_FIELDS:
        setattr(practice, name, getattr(data, name))
    practice.visibility = data.visibility
    if data.external_id is not None:
        practice.external_id = data.external_id or None


def _apply_relations(practice: Practice, data: PracticeInput) -> None:
    for name in TAG_FIELDS:
        getattr(practice, name).set(data.tags.get(name, []))
    practice.shared_with.set(data.shared_with if data.visibility == Visibility.RESTRICTED else [])
    practice.related.set([p for p in data.related if p.pk != practice.pk])


def snapshot(practice: Practice) -> dict:
    """Everything a version keeps: texts in every language, tags by code, settings."""
    return {
        "language": practice.language,
        "texts": {
            lang: {name: practice.text(name, lang) for name in TEXT_FIELDS}
            for lang in LANGUAGE_CODES
            if practice.text("title", lang)
        },
        "tags": {
            name: sorted(c.code for c in getattr(practice, name).all()) for name in TAG_FIELDS
        },
        "levels": {
            name: getattr(practice, name).code if getattr(practice, name) else None
            for name in LEVEL_FIELDS
        },
        "visibility": practice.visibility,
        "shared_with": sorted(c.slug for c in practice.shared_with.all()),
        "start_year": practice.start_year,
        "still_running": practice.still_running,
        "contact": {
            "name": practice.contact_name,
            "role": practice.contact_role,
            "email": practice.contact_email,
        },
    }


def _keep_version(practice: Practice, user, note: str = "") -> PracticeVersion:
    practice.version += 1
    Practice.objects.filter(pk=practice.pk).update(version=practice.version)
    return PracticeVersion.objects.create(
        practice=practice, number=practice.version, data=snapshot(practice), author=user, note=note
    )


@transaction.atomic
def create_practice(owner, data: PracticeInput, *, user=None, request=None) -> Practice:
    """A new draft practice of a city or partner organisation."""
    from strongcities.members.models import City

    _check_input(data)
    practice = Practice(created_by=user)
    if isinstance(owner, City):
        practice.city = owner
    else:
        practice.partner = owner
    _apply(practice, data)
    practice.slug = unique_slug(practice.text("title", data.language))
    practice.save()
    _apply_relations(practice, data)
    record("practice.created", actor=user, target=practice, request=request)
    return practice


@transaction.atomic
def update_practice(
    practice: Practice, data: PracticeInput, *, user=None, note: str = "", request=None
) -> Practice:
    """Save a change; after publication every change keeps a version."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status not in Practice.EDITABLE_STATUSES and not is_secretariat(user):
        raise PracticeError(_("This practice cannot be changed in its current state."))
    _check_input(data)
    old_visibility = practice.visibility
    _apply(practice, data)
    now = timezone.now()
    practice.updated_at = now
    if practice.status == Practice.Status.PUBLISHED:
        practice.confirmed_at = now
        practice.reminder_sent_at = None
    practice.save()
    _apply_relations(practice, data)
    if practice.status in Practice.READABLE_STATUSES:
        _keep_version(practice, user, note)
    record(
        "practice.updated", actor=user, target=practice, request=request, version=practice.version
    )
    if old_visibility != practice.visibility:
        record(
            "practice.visibility_changed",
            actor=user,
            target=practice,
            request=request,
            before=old_visibility,
            after=practice.visibility,
        )
    return practice


def owner_people(practice: Practice, *, focal_points_only: bool = False) -> list[User]:
    """The people who answer for a practice: the owner city's team (or partner's people), and
    whoever created it."""
    if practice.city_id:
        roles = CityRole.objects.filter(city_id=practice.city_id)
        if focal_points_only:
            roles = roles.filter(role=CityRole.Role.FOCAL_POINT)
    else:
        roles = PartnerRole.objects.filter(partner_id=practice.partner_id)
    roles = roles.filter(user__is_active=True).select_related("user").order_by("user_id")
    users = [role.user for role in roles]  # in a stable order: notifications follow it
    if practice.created_by_id and practice.created_by_id not in {user.pk for user in users}:
        creator = practice.created_by
        if creator is not None and creator.is_active:
            users.append(creator)
    return users


def secretariat_people() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__role__in=[GlobalRole.Role.ADMIN, GlobalRole.Role.EDITOR],
        ).distinct()
    )


def _move(
    practice: Practice,
    allowed_from: tuple,
    to: str,
    *,
    user,
    comment: str = "",
    request=None,
) -> Practice:
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status not in allowed_from:
        raise PracticeError(
            _("This practice is %(status)s: that step is not possible now.")
            % {"status": practice.get_status_display().lower()}
        )
    from_status = practice.status
    practice.status = to
    practice.updated_at = timezone.now()
    practice.save(update_fields=["status", "updated_at"])
    StatusChange.objects.create(
        practice=practice, from_status=from_status, to_status=to, actor=user, comment=comment
    )
    record(f"practice.{to}", actor=user, target=practice, request=request, comment=comment)
    return practice


def _notify(recipients, kind: str, practice: Practice, user, **data) -> None:
    notify(
        recipients,
        kind,
        target=practice,
        actor=user,
        data={"url": practice.get_absolute_url(), **data},
    )


@transaction.atomic
def submit_practice(practice: Practice, *, user, request=None) -> Practice:
    """The owner asks the secretariat to review and publish the practice."""
    practice = _move(
        practice,
        (Practice.Status.DRAFT, Practice.Status.CHANGES_REQUESTED),
        Practice.Status.SUBMITTED,
        user=user,
        request=request,
    )
    _notify(secretariat_people(), "practice-submitted", practice, user)
    return practice


@transaction.atomic
def request_changes(practice: Practice, *, user, comment: str, request=None) -> Practice:
    """The secretariat sends a submitted practice back with its comments."""
    if not comment.strip():
        raise PracticeError(_("Say what should change."), "comment")
    practice = _move(
        practice,
        (Practice.Status.SUBMITTED,),
        Practice.Status.CHANGES_REQUESTED,
        user=user,
        comment=comment.strip(),
        request=request,
    )
    _notify(owner_people(practice), "practice-changes-requested", practice, user, comment=comment)
    return practice


@transaction.atomic
def publish_practice(practice: Practice, *, user, comment: str = "", request=None) -> Practice:
    """The secretariat publishes a submitted practice: it is labelled "inspiring"."""
    practice = _move(
        practice,
        (Practice.Status.SUBMITTED,),
        Practice.Status.PUBLISHED,
        user=user,
        comment=comment,
        request=request,
    )
    now = timezone.now()
    practice.published_at = practice.published_at or now
    practice.confirmed_at = now
    practice.reminder_sent_at = None
    practice.save(update_fields=["published_at", "confirmed_at", "reminder_sent_at"])
    _keep_version(practice, user, str(_("Published")))
    _notify(owner_people(practice), "practice-published", practice, user)
    return practice


@transaction.atomic
def archive_practice(practice: Practice, *, user=None, comment: str = "", request=None) -> Practice:
    """Take a practice out of the library; it stays readable at its address, marked archived."""
    practice = _move(
        practice,
        (Practice.Status.PUBLISHED,),
        Practice.Status.ARCHIVED,
        user=user,
        comment=comment,
        request=request,
    )
    _notify(owner_people(practice), "practice-archived", practice, user, comment=comment)
    return practice


@transaction.atomic
def restore_practice(practice: Practice, *, user, request=None) -> Practice:
    """The secretariat puts an archived practice back in the library."""
    practice = _move(
        practice, (Practice.Status.ARCHIVED,), Practice.Status.PUBLISHED, user=user, request=request
    )
    practice.confirmed_at = timezone.now()
    practice.reminder_sent_at = None
    practice.save(update_fields=["confirmed_at", "reminder_sent_at"])
    _notify(owner_people(practice), "practice-restored", practice, user)
    return practice


@transaction.atomic
def confirm_up_to_date(practice: Practice, *, user, request=None) -> Practice:
    """The owner confirms a published practice is still accurate: no archiving this time."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != Practice.Status.PUBLISHED:
        raise PracticeError(_("Only a published practice can be confirmed as up to date."))
    practice.confirmed_at = timezone.now()
    practice.reminder_sent_at = None
    practice.save(update_fields=["confirmed_at", "reminder_sent_at"])
    record("practice.confirmed", actor=user, target=practice, request=request)
    return practice


@transaction.atomic
def add_attachment(practice: Practice, *, title: str, file, user, request=None) -> Attachment:
    """Attach a file, checked by content (core/uploads.py)."""
    kind = validate_upload(file)
    name = getattr(file, "name", "") or "attachment"
    attachment = Attachment(
        practice=practice,
        title=(title or name).strip()[:200],
        filename=name.rsplit("/", 1)[-1][:200],
        kind=kind.code,
        size=file.size,
        uploaded_by=user,
    )
    attachment.file.save(name, file, save=False)
    attachment.save()
    record("practice.attachment_added", actor=user, target=practice, request=request, file=name)
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, user, request=None) -> None:
    practice = attachment.practice
    record(
        "practice.attachment_removed",
        actor=user,
        target=practice,
        request=request,
        file=attachment.filename,
    )
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name))


def attachment_downloaded(attachment: Attachment, *, request) -> None:
    """Downloads of any non-public practice's files are audited."""
    if attachment.practice.visibility != Visibility.PUBLIC:
        record(
            "practice.attachment_downloaded",
            target=attachment.practice,
            request=request,
            file=attachment.filename,
            visibility=attachment.practice.visibility,
        )


@transaction.atomic
def publish_imported(practice: Practice, *, user=None, request=None) -> Practice:
    """Publish a practice that arrives already reviewed (an import of a published collection)."""
    if practice.status == Practice.Status.PUBLISHED:
        return practice
    practice = _move(
        practice,
        (Practice.Status.DRAFT, Practice.Status.CHANGES_REQUESTED, Practice.Status.SUBMITTED),
        Practice.Status.PUBLISHED,
        user=user,
        comment="import",
        request=request,
    )
    now = timezone.now()
    practice.published_at = practice.published_at or now
    practice.confirmed_at = now
    practice.save(update_fields=["published_at", "confirmed_at"])
    _keep_version(practice, user, str(_("Imported")))
    return practice


# --- Peer review: the secretariat proposes an expert, the owner consents, the expert reviews
# privately; a positive review gives the practice the "peer reviewed" label. The owner learns
# the outcome, never the review's text.

OPEN_REVIEW_STATUSES = (PeerReview.Status.PROPOSED, PeerReview.Status.CONSENTED)
REVIEW_TEXT_FIELDS = (
    "evidence_assessment",
    "strengths",
    "weaknesses",
    "transferability_assessment",
)


def expert_reviewers():
    """The active people holding the expert-reviewer role."""
    return User.objects.filter(is_active=True, role_grants__role=GlobalRole.Role.EXPERT).distinct()


def owner_focal_points(practice: Practice) -> list[User]:
    """The people who may consent to a peer review of the practice."""
    from strongcities.practices.rules import is_owner_focal_point

    return [
        person
        for person in owner_people(practice, focal_points_only=True)
        if is_owner_focal_point(person, practice)
    ]


def _review_url(review: PeerReview) -> str:
    return reverse("practices:peer_review", args=[review.pk])


def _notify_review(recipients, kind: str, review: PeerReview, user, **data) -> None:
    """Peer-review notifications are about the practice (so visibility is checked on it)."""
    notify(
        recipients,
        kind,
        target=review.practice,
        actor=user,
        data={"url": _review_url(review), "review": review.pk, **data},
    )


def _record_review(action: str, review: PeerReview, user, request, **data) -> None:
    record(
        f"practice.peer_review_{action}",
        actor=user,
        target=review.practice,
        request=request,
        review=review.pk,
        expert=review.expert_id,
        **data,
    )


def _locked_review(review: PeerReview) -> PeerReview:
    return PeerReview.objects.select_for_update().select_related("practice").get(pk=review.pk)


@transaction.atomic
def propose_peer_review(practice: Practice, expert: User, *, user, request=None) -> PeerReview:
    """The secretariat asks an expert to review a published practice; the owner must consent."""
    if not is_secretariat(user):
        raise PracticeError(_("Only the secretariat proposes a peer review."))
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != Practice.Status.PUBLISHED:
        raise PracticeError(_("Only a published practice can be peer reviewed."))
    if not expert_reviewers().filter(pk=expert.pk).exists():
        raise PracticeError(_("Choose a person with the expert reviewer role."), "expert")
    if expert.pk in {person.pk for person in owner_people(practice)}:
        raise PracticeError(
            _("An expert cannot review a practice of their own city or organisation."), "expert"
        )
    if practice.peer_reviews.filter(status__in=OPEN_REVIEW_STATUSES).exists():
        raise PracticeError(_("This practice already has a peer review under way."))
    review = PeerReview.objects.create(practice=practice, expert=expert, proposed_by=user)
    _record_review("proposed", review, user, request)
    _notify_review(owner_focal_points(practice), "peer-review-proposed", review, user)
    return review


@transaction.atomic
def answer_peer_review(review: PeerReview, *, user, consent: bool, request=None) -> PeerReview:
    """A focal point of the owner accepts or declines the proposed review."""
    review = _locked_review(review)
    if review.status != PeerReview.Status.PROPOSED:
        raise PracticeError(_("This peer review is no longer awaiting consent."))
    if not rules.has_perm("practices.consent_peer_review", user, review):
        raise PracticeError(_("Only a focal point of the practice's owner can answer."))
    if review.practice.status != Practice.Status.PUBLISHED:
        raise PracticeError(_("Only a published practice can be peer reviewed."))
    review.status = PeerReview.Status.CONSENTED if consent else PeerReview.Status.DECLINED
    review.consent_by = user
    review.consent_at = timezone.now()
    review.save(update_fields=["status", "consent_by", "consent_at"])
    _record_review(review.status, review, user, request)
    if consent:
        _notify_review([review.expert], "peer-review-requested", review, user)
    else:
        _notify_review(secretariat_people(), "peer-review-declined", review, user)
    return review


def _check_review_texts(texts: dict[str, str], recommendation: str) -> None:
    for name in REVIEW_TEXT_FIELDS:
        if not (texts.get(name) or "").strip():
            raise PracticeError(_("This part of the review is required."), name)
    if recommendation not in PeerReview.Recommendation.values:
        raise PracticeError(_("Choose a recommendation."), "recommendation")


@transaction.atomic
def submit_peer_review(
    review: PeerReview,
    *,
    user,
    evidence_assessment: str,
    strengths: str,
    weaknesses: str,
    transferability_assessment: str,
    recommendation: str,
    request=None,
) -> PeerReview:
    """The expert hands in the review; a positive one labels the practice "peer reviewed"."""
    review = _locked_review(review)
    if review.expert_id != getattr(user, "pk", None):
        raise PracticeError(_("Only the expert asked can write this review."))
    if review.status != PeerReview.Status.CONSENTED:
        raise PracticeError(_("This peer review cannot be written now."))
    texts = {
        "evidence_assessment": evidence_assessment,
        "strengths": strengths,
        "weaknesses": weaknesses,
        "transferability_assessment": transferability_assessment,
    }
    _check_review_texts(texts, recommendation)
    for name, text in texts.items():
        setattr(review, name, text.strip())
    review.recommendation = recommendation
    review.status = PeerReview.Status.SUBMITTED
    review.submitted_at = timezone.now()
    review.save()
    practice = Practice.objects.select_for_update().get(pk=review.practice_id)
    review.practice = practice
    if review.is_positive and not practice.peer_reviewed:
        practice.peer_reviewed = True
        practice.save(update_fields=["peer_reviewed"])
        _keep_version(practice, user, str(_("Peer reviewed")))
    _record_review("submitted", review, user, request, positive=review.is_positive)
    positive = review.is_positive
    _notify_review(secretariat_people(), "peer-review-completed", review, user, positive=positive)
    # The owner's whole team hears the outcome and is led to the practice, not to the review.
    _notify(owner_people(practice), "peer-review-completed", practice, user, positive=positive)
    return review


@transaction.atomic
def withdraw_peer_review(review: PeerReview, *, user, request=None) -> PeerReview:
    """The secretariat calls off a review that is proposed or under way."""
    if not is_secretariat(user):
        raise PracticeError(_("Only the secretariat withdraws a peer review."))
    review = _locked_review(review)
    if review.status not in OPEN_REVIEW_STATUSES:
        raise PracticeError(_("Only a peer review under way can be withdrawn."))
    review.status = PeerReview.Status.WITHDRAWN
    review.save(update_fields=["status"])
    _record_review("withdrawn", review, user, request)
    return review


# --- Review reminders: a published practice not updated or confirmed for
# PRACTICE_REVIEW_AFTER_DAYS gets a reminder to its owner's people; still unconfirmed
# PRACTICE_ARCHIVE_GRACE_DAYS later, it is archived.


def _reminder_due(now: datetime):
    limit = now - timedelta(days=settings.PRACTICE_REVIEW_AFTER_DAYS)
    return Practice.objects.filter(
        Q(confirmed_at__lt=limit) | Q(confirmed_at__isnull=True, published_at__lt=limit),
        status=Practice.Status.PUBLISHED,
        reminder_sent_at__isnull=True,
    )


@transaction.atomic
def _remind(practice_pk: int, now: datetime) -> bool:
    practice = _reminder_due(now).select_for_update().filter(pk=practice_pk).first()
    if practice is None:
        return False
    practice.reminder_sent_at = now
    practice.save(update_fields=["reminder_sent_at"])
    record(
        "practice.review_reminder_sent",
        target=practice,
        grace_days=settings.PRACTICE_ARCHIVE_GRACE_DAYS,
    )
    confirmed = (practice.confirmed_at or practice.published_at).isoformat()
    notify(
        owner_people(practice),
        "practice-review-reminder",
        target=practice,
        data={
            "url": practice.get_absolute_url(),
            "archive_on": (now + timedelta(days=settings.PRACTICE_ARCHIVE_GRACE_DAYS))
            .date()
            .isoformat(),
        },
        key=f"practice-review-reminder:{practice.pk}:{confirmed}",
    )
    return True


def send_review_reminders(now: datetime | None = None) -> int:
    """Remind the owners of practices due for review; returns how many practices were due."""
    now = now or timezone.now()
    due = list(_reminder_due(now).order_by("pk").values_list("pk", flat=True))
    return sum(_remind(pk, now) for pk in due)


@transaction.atomic
def _archive_if_unconfirmed(practice_pk: int, limit: datetime, comment: str) -> bool:
    practice = (
        Practice.objects.select_for_update()
        .filter(pk=practice_pk, status=Practice.Status.PUBLISHED, reminder_sent_at__lt=limit)
        .first()
    )
    if practice is None:  # confirmed, updated or archived meanwhile
        return False
    archive_practice(practice, user=None, comment=comment)
    return True


def archive_unconfirmed(now: datetime | None = None) -> int:
    """Archive the practices still unconfirmed a grace period after their reminder."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.PRACTICE_ARCHIVE_GRACE_DAYS)
    due = Practice.objects.filter(status=Practice.Status.PUBLISHED, reminder_sent_at__lt=limit)
    with translation.override(settings.LANGUAGE_CODE):
        comment = str(
            _(
                "Archived automatically: not confirmed up to date within %(days)d days "
                "of the review reminder."
            )
            % {"days": settings.PRACTICE_ARCHIVE_GRACE_DAYS}
        )
    pks = list(due.order_by("pk").values_list("pk", flat=True))
    return sum(_archive_if_unconfirmed(pk, limit, comment) for pk in pks)
