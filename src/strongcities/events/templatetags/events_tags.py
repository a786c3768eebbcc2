"""Events shown on other apps' pages: "Coming up" on the home page, a city's hosted events.

    {% include "events/_coming_up.html" %}       (home page)
    {% include "events/_city_events.html" %}     (city profile; needs `city` in the context)

Both read through `Event.objects.listed_for(user)`: a reader sees only events they may open.
"""

from django import template
from django.utils import timezone

from strongcities.events.models import Event

register = template.Library()

COMING_UP = 3
CITY_EVENTS = 5


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def coming_up_events(context, limit: int = COMING_UP) -> list[Event]:
    """The next events the reader may see (one query)."""
    user = _user(context)
    if user is None:
        return []
    events = Event.objects.listed_for(user).upcoming().filter(status=Event.Status.PUBLISHED)
    return list(events.select_related("kind", "host_city__region")[:limit])


@register.simple_tag(takes_context=True)
def city_events(context, city, limit: int = CITY_EVENTS) -> dict:
    """The events `city` hosts that the reader may see: upcoming, and the latest past ones.

    One query over the latest 2 × `limit` events, split by whether they are over.
    """
    user = _user(context)
    if user is None or city is None:
        return {"upcoming": [], "past": []}
    hosted = (
        Event.objects.listed_for(user)
        .filter(host_city=city)
        .select_related("kind")
        .order_by("-start", "-pk")[: 2 * limit]
    )
    now = timezone.now()
    events = list(hosted)  # one query; a city hosts few events
    return {
        "upcoming": [e for e in reversed(events) if e.end >= now][:limit],
        "past": [e for e in events if e.end < now][:limit],
    }
