"""iCalendar (RFC 5545) files of events and sessions, and the personal secret calendar feed.

A small writer of our own: one VCALENDAR with VEVENTs, times in UTC, text escaped (§3.3.11) and
lines folded at 75 octets (§3.1). The personal feed lists the events a person has an active
registration for and the sessions they signed up for; its address carries a random token that
is stored hashed (like API tokens), replaced on reset and gone when revoked.
"""

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from strongcities.core.audit.services import record
from strongcities.events.models import (
    CalendarFeed,
    Event,
    Registration,
    Session,
    SessionSignup,
)

PRODID = "-//Strong Cities Network//Strong Cities Hub//EN"
FEED_TOKEN_BYTES = 30
LAST_USED_PRECISION = timedelta(minutes=1)
MAX_LINE_OCTETS = 75


# --- the writer --------------------------------------------------------------------------------


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (§3.1)."""
    data = line.encode()
    if len(data) <= MAX_LINE_OCTETS:
        return line
    parts, start, limit = [], 0, MAX_LINE_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, MAX_LINE_OCTETS - 1  # continuation lines begin with a space
    return "\r\n ".join(parts)


def format_utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass
class VEvent:
    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False

    def lines(self, stamp: datetime) -> list[str]:
        lines = [
            "BEGIN:VEVENT",
            f"UID:{self.uid}",
            f"DTSTAMP:{format_utc(stamp)}",
            f"DTSTART:{format_utc(self.start)}",
            f"DTEND:{format_utc(self.end)}",
            f"SUMMARY:{escape_text(self.summary)}",
        ]
        if self.location:
            lines.append(f"LOCATION:{escape_text(self.location)}")
        if self.description:
            lines.append(f"DESCRIPTION:{escape_text(self.description)}")
        if self.url:
            lines.append(f"URL:{self.url}")
        lines.append("STATUS:CANCELLED" if self.cancelled else "STATUS:CONFIRMED")
        lines.append("END:VEVENT")
        return lines


def write_calendar(events: Iterable[VEvent], *, name: str = "", now=None) -> bytes:
    """The iCalendar document of `events`, CRLF line ends, UTF-8."""
    stamp = now or timezone.now()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    lines.append("METHOD:PUBLISH")
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(event.lines(stamp))
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode()


# --- events and sessions as VEVENTs ------------------------------------------------------------


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "strongcities.invalid"


def _location(event: Event, *, online_link: bool = False) -> str:
    if event.host_city_id:
        place = ", ".join(part for part in (event.venue, str(event.host_city.name)) if part)
    else:
        place = event.venue or _("Online")
    if online_link and event.online_url:
        place = f"{place} — {event.online_url}" if place else event.online_url
    return place


def _event_vevent(event: Event, *, online_link: bool = False) -> VEvent:
    description = str(event.summary or "")
    if event.status == Event.Status.CANCELLED:
        description = "\n\n".join(p for p in (_("This event is cancelled."), description) if p)
    return VEvent(
        uid=f"event-{event.pk}@{_domain()}",
        start=event.start,
        end=event.end,
        summary=str(event.title),
        description=description,
        location=_location(event, online_link=online_link),
        url=settings.SITE_URL + event.get_absolute_url(),
        cancelled=event.status == Event.Status.CANCELLED,
    )


def _session_vevent(session: Session, *, online_link: bool = False) -> VEvent:
    """A session; speakers by the name shown to the public (never a real name)."""
    event = session.event
    speakers = ", ".join(speaker.public_name for speaker in session.speakers.all())
    parts = [str(event.title)]
    if speakers:
        parts.append(_("Speakers: %(names)s") % {"names": speakers})
    if session.description:
        parts.append(str(session.description))
    location = _location(event, online_link=online_link)
    if session.room:
        location = f"{session.room}, {location}" if location else session.room
    return VEvent(
        uid=f"session-{session.pk}@{_domain()}",
        start=session.start,
        end=session.end,
        summary=str(session.title),
        description="\n\n".join(parts),
        location=location,
        url=settings.SITE_URL + session.get_absolute_url(),
        cancelled=event.status == Event.Status.CANCELLED,
    )


def event_ics(event: Event, *, lang: str) -> bytes:
    """The .ics of one event (no online link: the file may be shared)."""
    with translation.override(lang):
        return write_calendar([_event_vevent(event)])


def session_ics(session: Session, *, lang: str) -> bytes:
    with translation.override(lang):
        return write_calendar([_session_vevent(session)])


def personal_ics(user, *, lang: str) -> bytes:
    """The events `user` has an active registration for and the sessions they signed up for.

    The online link is included where the registration is confirmed. Three queries.
    """
    registrations = list(
        Registration.objects.active()
        .filter(user=user, event__status__in=Event.READABLE_STATUSES)
        .select_related("event__host_city")
        .order_by("event__start", "pk")
    )
    confirmed = {r.event_id for r in registrations if r.status == Registration.Status.CONFIRMED}
    signups = (
        SessionSignup.objects.filter(
            registration__in=[r for r in registrations if r.event_id in confirmed]
        )
        .select_related("session__event__host_city")
        .prefetch_related("session__speakers")
        .order_by("session__start", "session__pk")
    )
    with translation.override(lang):
        vevents = [
            _event_vevent(r.event, online_link=r.event_id in confirmed) for r in registrations
        ]
        vevents += [_session_vevent(s.session, online_link=True) for s in signups]
        return write_calendar(vevents, name=_("My Strong Cities events"))


# --- the secret feed ---------------------------------------------------------------------------


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_feed(user, *, request=None) -> str:
    """A new secret feed address for `user` (replacing any previous one); the raw token."""
    raw = secrets.token_urlsafe(FEED_TOKEN_BYTES)
    CalendarFeed.objects.update_or_create(
        user=user,
        defaults={
            "token_hash": hash_token(raw),
            "created_at": timezone.now(),
            "last_used_at": None,
        },
    )
    record("events.calendar_feed_created", actor=user, target=user, request=request)
    return raw


@transaction.atomic
def revoke_feed(user, *, request=None) -> None:
    deleted, _detail = CalendarFeed.objects.filter(user=user).delete()
    if deleted:
        record("events.calendar_feed_revoked", actor=user, target=user, request=request)


def feed_user(token: str):
    """The active user whose feed token this is, or None."""
    if not token or len(token) > 200:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    if feed is None or not feed.user.is_active:
        return None
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > LAST_USED_PRECISION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user
