"""Membership applications: submitting, approving (the city joins), rejecting."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from strongcities.accounts.services import invite_to_city
from strongcities.core.audit.services import client_ip, record
from strongcities.core.exceptions import DomainError
from strongcities.core.mail import email_after_commit
from strongcities.core.text import fold
from strongcities.core.uploads import KINDS, detect
from strongcities.members.models import City, MembershipApplication

APPLY_LIMIT = 5
APPLY_WINDOW_SECONDS = 3600
NAME_FIELDS = tuple(f"name_{code}" for code in settings.MODELTRANSLATION_LANGUAGES)


class ApplicationError(DomainError):
    pass


def _rate_key(ip: str) -> str:
    return f"members:apply-rate:{ip}"


def check_apply_rate(ip: str | None) -> None:
    """Refuse when this address has already submitted APPLY_LIMIT applications this hour."""
    if ip and (cache.get(_rate_key(ip)) or 0) >= APPLY_LIMIT:
        raise ApplicationError(
            _(
                "Too many applications were sent from your connection in the last hour. "
                "Please try again later, or write to the secretariat."
            )
        )


def _count_application(ip: str | None) -> None:
    if not ip:
        return
    key = _rate_key(ip)
    if cache.add(key, 1, APPLY_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, APPLY_WINDOW_SECONDS)


def existing_city_with_name(city_name: str, country: str) -> City | None:
    """A city of `country` whose name, in any language, folds to the same key."""
    key = fold(city_name)
    for city in City.objects.filter(country=country).only("pk", "slug", *NAME_FIELDS):
        names = [getattr(city, field) for field in NAME_FIELDS]
        if any(name and fold(name) == key for name in names):
            return city
    return None


def check_duplicate(city_name: str, country: str) -> None:
    """Refuse an application for a city that is already in the network or already applied."""
    if existing_city_with_name(city_name, country) is not None:
        raise ApplicationError(
            _(
                "This city is already part of the Strong Cities Network. If you work for it, "
                "ask its focal point to invite you."
            ),
            field="city_name",
        )
    pending = MembershipApplication.objects.filter(
        name_key=fold(city_name), country=country, status=MembershipApplication.Status.PENDING
    )
    if pending.exists():
        raise ApplicationError(
            _(
                "An application for this city is already awaiting review. The secretariat will "
                "reply to it soon."
            ),
            field="city_name",
        )


def _store_letter_safely(letter) -> None:
    """Uploaded letters are stored under a random name with the extension of their real type."""
    kind = getattr(letter, "detected_kind", None) or KINDS[detect(letter)]
    letter.name = f"{uuid.uuid4().hex}.{kind.extension}"


def submit_application(data: dict, *, request=None) -> MembershipApplication:
    """Record an application from the public form, acknowledge it and tell the secretariat."""
    ip = client_ip(request)
    check_apply_rate(ip)
    check_duplicate(data["city_name"], str(data["country"]))
    challenges = list(data.get("challenges") or [])
    letter = data.get("endorsement_letter") or None
    if letter:
        _store_letter_safely(letter)
    fields = {
        name: data.get(name)
        for name in (
            "city_name", "country", "region", "latitude", "longitude", "population",
            "contact_name", "contact_role", "contact_email", "mayor_name", "motivation",
        )
    }  # fmt: skip
    try:
        with transaction.atomic():
            application = MembershipApplication.objects.create(
                **fields,
                endorsement_confirmed=bool(data.get("endorsement_confirmed")),
                endorsement_letter=letter or "",
                languages=list(data.get("languages") or []),
                language=data.get("language") or settings.LANGUAGE_CODE,
            )
            application.challenges.set(challenges)
            record("application.submitted", target=application, request=request)
            _announce(application)
    except IntegrityError as exc:  # the same city applied at the same moment
        raise ApplicationError(
            _(
                "An application for this city is already awaiting review. The secretariat will "
                "reply to it soon."
            ),
            field="city_name",
        ) from exc
    _count_application(ip)
    return application


def _announce(application: MembershipApplication) -> None:
    context = {
        "city": application.city_name,
        "country": str(application.country.name),
        "contact_name": application.contact_name,
        "contact_email": application.contact_email,
        "url": settings.SITE_URL + reverse("members:application", args=[application.pk]),
    }
    email_after_commit(
        application.contact_email,
        "members/email/application_received",
        context,
        application.language,
        reply_to=[settings.SECRETARIAT_EMAIL],
    )
    email_after_commit(
        settings.SECRETARIAT_EMAIL,
        "members/email/application_new",
        context,
        settings.LANGUAGE_CODE,
        reply_to=[application.contact_email],
    )


def _lock_pending(application: MembershipApplication) -> MembershipApplication:
    locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != MembershipApplication.Status.PENDING:
        raise ApplicationError(
            _("This application has already been decided (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


def unique_city_slug(name: str, country: str) -> str:
    base = (slugify(name) or f"city-{country.lower()}")[:70].strip("-")
    slug, number = base, 2
    while City.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def approve_application(
    application: MembershipApplication,
    *,
    by,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    request=None,
) -> City:
    """The city joins as a member; its contact is invited as focal point."""
    application = _lock_pending(application)
    latitude = latitude if latitude is not None else application.latitude
    longitude = longitude if longitude is not None else application.longitude
    if latitude is None or longitude is None:
        raise ApplicationError(
            _("Enter the city's coordinates before approving: the map needs them."),
            field="latitude",
        )
    if existing_city_with_name(application.city_name, application.country.code):
        raise ApplicationError(
            _("A city with this name already exists in this country."), field="city_name"
        )
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        city = _create_city(application, latitude, longitude)
    city.challenges.set(application.challenges.all())
    application.status = MembershipApplication.Status.APPROVED
    application.latitude, application.longitude = latitude, longitude
    application.reviewed_at, application.reviewed_by, application.city = timezone.now(), by, city
    application.save()
    record("application.approved", actor=by, target=application, request=request, city=city.slug)
    invite_to_city(
        city,
        application.contact_email,
        role="focal-point",
        invited_by=by,
        full_name=application.contact_name,
        language=application.language,
        request=request,
    )
    email_after_commit(
        application.contact_email,
        "members/email/application_approved",
        {"city": application.city_name, "contact_name": application.contact_name},
        application.language,
        reply_to=[settings.SECRETARIAT_EMAIL],
    )
    return city


def _create_city(application: MembershipApplication, latitude, longitude) -> City:
    return City.objects.create(
        slug=unique_city_slug(application.city_name, application.country.code),
        name=application.city_name,
        name_en=application.city_name,
        country=application.country,
        region=application.region,
        latitude=latitude,
        longitude=longitude,
        population=application.population,
        languages=list(application.languages),
        status=City.Status.MEMBER,
        joined_on=timezone.localdate(),
    )


@transaction.atomic
def reject_application(
    application: MembershipApplication, *, by, reason: str, request=None
) -> MembershipApplication:
    """Decline an application, telling the applicant why in their language."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason for the decision: it is sent to the applicant."),
                               field="reason")  # fmt: skip
    application = _lock_pending(application)
    application.status = MembershipApplication.Status.REJECTED
    application.decision_reason = reason
    application.reviewed_at, application.reviewed_by = timezone.now(), by
    application.save()
    record("application.rejected", actor=by, target=application, request=request)
    email_after_commit(
        application.contact_email,
        "members/email/application_rejected",
        {"city": application.city_name, "contact_name": application.contact_name, "reason": reason},
        application.language,
        reply_to=[settings.SECRETARIAT_EMAIL],
    )
    return application


def letter_downloaded(application: MembershipApplication, request) -> None:
    """Downloads of endorsement letters are recorded in the audit log."""
    record("application.letter_downloaded", target=application, request=request)


def pending_first(queryset):
    """Applications awaiting review first, newest first within each status."""
    first = Case(
        When(status=MembershipApplication.Status.PENDING, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return queryset.order_by(first, "-submitted_at", "-pk")
