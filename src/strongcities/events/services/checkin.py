"""At the door: checking tickets in, and the attendance figures afterwards.

A ticket is a confirmed registration's `ticket_code` (what its QR code encodes). The first
check-in of a ticket stamps `Registration.checked_in_at`; every later one is recorded too, as a
duplicate, so the door staff see who came in with it first and when.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext

from strongcities.core.audit.services import record
from strongcities.core.taxonomy.models import Concept
from strongcities.events.models import CheckIn, Event, Registration

MAX_CODE_LENGTH = 20
RECENT = 15
# Codes come from a scanner or from a hand on a phone keyboard: ignore case, spaces and dashes.
CODE_NOISE = re.compile(r"[\s\-]+")


def normalise_code(code: str) -> str:
    """The ticket code as stored: capitals, without spaces or dashes."""
    return CODE_NOISE.sub("", code or "").upper()[:MAX_CODE_LENGTH]


@dataclass
class CheckInResult:
    """What the door staff are told after a code: who it is, or why nobody was let in."""

    registration: Registration | None
    duplicate: bool = False
    first_at: datetime | None = None
    first_by: object | None = None
    message: str = ""
    code: str = ""

    @property
    def admitted(self) -> bool:
        return self.registration is not None and not self.duplicate


def check_in(event: Event, code: str, *, by, now: datetime | None = None) -> CheckInResult:
    """Check in the confirmed registration of `event` with ticket `code`.

    Unknown codes, and registrations that are not confirmed, are refused without recording
    anything; a ticket already checked in is recorded again as a duplicate.
    """
    now = now or timezone.now()
    code = normalise_code(code)
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(event=event, ticket_code=code, status=Registration.Status.CONFIRMED)
            .first()
            if code
            else None
        )
        if registration is None:
            return CheckInResult(
                None, code=code, message=gettext("No confirmed registration with this code.")
            )
        first = (
            CheckIn.objects.filter(registration=registration, duplicate=False)
            .select_related("by")
            .order_by("at", "pk")
            .first()
        )
        duplicate = first is not None or registration.checked_in_at is not None
        CheckIn.objects.create(registration=registration, at=now, by=by, duplicate=duplicate)
        if not duplicate:
            registration.checked_in_at = now
            registration.save(update_fields=["checked_in_at"])
        record(
            "events.check_in_duplicate" if duplicate else "events.checked_in",
            actor=by,
            target=registration,
            event=event.pk,
        )
    registration = Registration.objects.select_related("category", "city", "partner").get(
        pk=registration.pk
    )
    if not duplicate:
        return CheckInResult(
            registration,
            code=code,
            message=gettext("%(name)s is checked in.") % {"name": registration.name},
        )
    first_at = first.at if first else registration.checked_in_at
    first_by = first.by if first else None
    return CheckInResult(
        registration,
        duplicate=True,
        first_at=first_at,
        first_by=first_by,
        code=code,
        message=_duplicate_message(event, registration, first_at, first_by),
    )


def _duplicate_message(event: Event, registration, first_at, first_by) -> str:
    at = timezone.localtime(first_at, event.tz).strftime("%H:%M")
    if first_by is None:
        return gettext("%(name)s was already checked in at %(time)s.") % {
            "name": registration.name,
            "time": at,
        }
    return gettext("%(name)s was already checked in at %(time)s by %(person)s.") % {
        "name": registration.name,
        "time": at,
        "person": display_name(first_by),
    }


def display_name(user) -> str:
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.email


def recent_check_ins(event: Event, limit: int = RECENT) -> list[CheckIn]:
    """The latest scans at the door of `event`, newest first, in one query."""
    return list(
        CheckIn.objects.filter(registration__event=event)
        .select_related("registration__category", "registration__city", "by")
        .order_by("-at", "-pk")[:limit]
    )


# --- Attendance ------------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    """One line of the attendance table: a category, a region, or the total."""

    label: str
    registered: int = 0
    confirmed: int = 0
    checked_in: int = 0

    @property
    def rate(self) -> int | None:
        """Checked in, in per cent of confirmed (None with nobody confirmed)."""
        return round(100 * self.checked_in / self.confirmed) if self.confirmed else None


@dataclass
class Attendance:
    by_category: list[AttendanceRow] = field(default_factory=list)
    by_region: list[AttendanceRow] = field(default_factory=list)
    total: AttendanceRow = field(default_factory=lambda: AttendanceRow(""))


# Registered: every registration still in play (awaiting approval, confirmed, waiting, offered)
# plus those that came (a ticket checked in stays counted even if it was cancelled later).
_REGISTERED = Q(status__in=Registration.ACTIVE_STATUSES) | Q(checked_in_at__isnull=False)
_COUNTS = {
    "registered": Count("pk", filter=_REGISTERED),
    "confirmed": Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
    "checked_in": Count("pk", filter=Q(checked_in_at__isnull=False)),
}


def attendance(event: Event) -> Attendance:
    """Registered, confirmed and checked in, by category and by region of the city (4 queries)."""
    registrations = Registration.objects.filter(event=event).order_by()
    per_category = {
        row["category_id"]: row for row in registrations.values("category_id").annotate(**_COUNTS)
    }
    by_category = []
    total = AttendanceRow(gettext("All participants"))
    for category in event.categories.order_by("position", "pk"):
        counts = per_category.get(category.pk, {})
        row = AttendanceRow(str(category.name), *(counts.get(k, 0) for k in _COUNTS))
        by_category.append(row)
        for key in _COUNTS:
            setattr(total, key, getattr(total, key) + getattr(row, key))
    return Attendance(by_category=by_category, by_region=_by_region(registrations), total=total)


def _by_region(registrations) -> list[AttendanceRow]:
    """One row per region of the registrants' cities (labels in the current language), then
    the registrations without a city."""
    rows = {
        counts["city__region_id"]: counts
        for counts in registrations.values("city__region_id").annotate(**_COUNTS)
        if counts["registered"] or counts["checked_in"]
    }
    regions = Concept.objects.in_bulk([pk for pk in rows if pk is not None])
    by_region = sorted(
        (
            AttendanceRow(str(region.label), *(rows[pk][k] for k in _COUNTS))
            for pk, region in regions.items()
        ),
        key=lambda row: row.label.casefold(),
    )
    if None in rows:
        by_region.append(
            AttendanceRow(
                gettext("No city (partners and guests)"), *(rows[None][k] for k in _COUNTS)
            )
        )
    return by_region
