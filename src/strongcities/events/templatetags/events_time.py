"""Event times in the event's time zone and, when it differs, in the reader's.

    {% load events_time %}
    {% event_when event as when %}            {# or a session: {% event_when session event %} #}
    {{ when.local }} ({{ when.local_zone }})  {% if when.reader %}{{ when.reader }}{% endif %}

The reader's zone is the one TimeZoneMiddleware found (`request.reader_time_zone`: the
account's, else the browser's); with none known only the event's time is given.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

register = template.Library()


@dataclass
class When:
    local: str
    local_zone: str
    reader: str = ""
    reader_zone: str = ""
    start_iso: str = ""
    end_iso: str = ""


def format_range(start: datetime, end: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """“11 May 2026, 09:00–17:30” or “11 May 2026, 09:00 – 12 May 2026, 17:00” in `zone`."""
    start, end = timezone.localtime(start, zone), timezone.localtime(end, zone)
    if start.date() == end.date():
        return _("%(date)s, %(start)s–%(end)s") % {
            "date": date_format(start, "DATE_FORMAT"),
            "start": time_format(start, "TIME_FORMAT"),
            "end": time_format(end, "TIME_FORMAT"),
        }
    return _("%(start)s – %(end)s") % {
        "start": date_format(start, "DATETIME_FORMAT"),
        "end": date_format(end, "DATETIME_FORMAT"),
    }


def format_time_range(start: datetime, end: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """“09:00–10:30” in `zone` (for an agenda grouped by day)."""
    return _("%(start)s–%(end)s") % {
        "start": time_format(timezone.localtime(start, zone), "TIME_FORMAT"),
        "end": time_format(timezone.localtime(end, zone), "TIME_FORMAT"),
    }


def reader_zone(context) -> str:
    request = context.get("request")
    return getattr(request, "reader_time_zone", "") if request is not None else ""


def when(item, event, reader: str, *, times_only: bool = False) -> When:
    """`item` (an event or a session of `event`) in the event's zone and the reader's."""
    fmt = format_time_range if times_only else format_range
    result = When(
        local=fmt(item.start, item.end, event.tz),
        local_zone=event.time_zone,
        start_iso=item.start.isoformat(),
        end_iso=item.end.isoformat(),
    )
    if reader and reader != event.time_zone:
        zone = zoneinfo.ZoneInfo(reader)
        if zone.utcoffset(item.start) != event.tz.utcoffset(item.start) or (
            zone.utcoffset(item.end) != event.tz.utcoffset(item.end)
        ):
            result.reader = format_range(item.start, item.end, zone)
            result.reader_zone = reader
    return result


@register.simple_tag(takes_context=True)
def event_when(context, item, event=None) -> When:
    return when(item, event or item, reader_zone(context))


@register.simple_tag(takes_context=True)
def session_when(context, session, event) -> When:
    """A session's hours (its day is the agenda's heading)."""
    return when(session, event, reader_zone(context), times_only=True)
