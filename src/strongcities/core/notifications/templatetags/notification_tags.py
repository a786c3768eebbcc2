"""The unread-notifications count of the header badge, computed at most once per request."""

from django import template

from strongcities.core.notifications.services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """How many visible notifications the signed-in user has not read (0 when signed out)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    if request is None:
        return unread_count(user)
    if getattr(request, "_unread_notification_count", None) is None:
        request._unread_notification_count = unread_count(user)
    return request._unread_notification_count
