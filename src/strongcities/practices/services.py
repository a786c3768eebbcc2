"""Every change to a practice: saving, the review workflow, versions and attachments.

Views, the API, the importer and the admin call these; none of them writes a model itself.
Each step runs in one transaction, is recorded in the audit log and notifies the people
concerned (after commit). Refusals raise PracticeError with a translatable message.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from strongcities.accounts.models import CityRole, GlobalRole, PartnerRole, User
from strongcities.core.audit.services import record
from strongcities.core.exceptions import DomainError
from strongcities.core.notifications.services import notify
from strongcities.core.uploads import validate_upload
from strongcities.core.visibility import Visibility
from strongcities.practices.models import (
    LEVEL_FIELDS,
    TAG_FIELDS,
    TEXT_FIELDS,
    Attachment,
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
    if data.visibility not in Visibility.values:
        raise PracticeError(_("Choose who may see the practice."), "visibility")
    if data.visibility != Visibility.RESTRICTED and data.shared_with:
        raise PracticeError(
            _("Only a restricted practice is shared with named cities."), "shared_with"
        )
    for name, scheme in TAG_FIELDS.items():
        for concept in data.tags.get(name, []):
            if concept.scheme.code != scheme:
                raise PracticeError(_("%(code)s is not a valid choice.") % {"code": concept.code}, name)
    for name, scheme in LEVEL_FIELDS.items():
        concept = data.levels.get(name)
        if concept is not None and concept.scheme.code != scheme:
            raise PracticeError(_("%(code)s is not a valid choice.") % {"code": concept.code}, name)


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
    if practice.status not in Practice.EDITABLE_STATUSES and not (
        user is not None and user.is_authenticated and user.is_secretariat
    ):
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
    record("practice.updated", actor=user, target=practice, request=request, version=practice.version)
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
    """The people who answer for a practice: the owner city's team (or partner's people)."""
    if practice.city_id:
        roles = CityRole.objects.filter(city_id=practice.city_id, user__is_active=True)
        if focal_points_only:
            roles = roles.filter(role=CityRole.Role.FOCAL_POINT)
        users = [role.user for role in roles.select_related("user")]
    else:
        roles = PartnerRole.objects.filter(partner_id=practice.partner_id, user__is_active=True)
        users = [role.user for role in roles.select_related("user")]
    if practice.created_by_id and practice.created_by not in users and practice.created_by.is_active:
        users.append(practice.created_by)
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
    Practice.objects.filter(pk=practice.pk).update(
        confirmed_at=timezone.now(), reminder_sent_at=None
    )
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
