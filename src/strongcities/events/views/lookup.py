"""Finding an event by slug through the confidentiality rule.

Every events view starts here: `visible_event` answers 404 when the event is hidden from the
reader (to everyone, anonymous included); `organised_event` answers 404 unless the reader may
organise the event, except that an anonymous visitor of an event they can see is sent to sign
in. The decorators `event_view` and `organiser_view` do the lookup for a view taking `slug` and
call it with the event instead.

    from strongcities.events.views.lookup import organiser_view, visible_event

    @organiser_view
    def categories(request, event): ...

A view calling `organised_event` directly (without the decorator) gets a `SignInRequired`
exception for the anonymous case; it is an Http404, so without the decorator the visitor sees
a 404 rather than a sign-in page.
"""

from collections.abc import Callable
from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from strongcities.events.models import Event


class SignInRequired(Http404):
    """An anonymous visitor asked for a signed-in step of an event they may see."""


def visible_event(request, slug: str, queryset=None) -> Event:
    """The event `slug` if the reader may see it; else 404."""
    queryset = Event.objects.visible_to(request.user) if queryset is None else queryset
    event = queryset.select_related("host_city", "kind").filter(slug=slug).first()
    if event is None:
        raise Http404
    return event


def organised_event(request, slug: str, queryset=None) -> Event:
    """The event `slug` if the reader may organise it (`events.organise_event`).

    404 when hidden or refused; `SignInRequired` (a 404 unless a decorator turns it into the
    sign-in page) for an anonymous visitor of a visible event.
    """
    event = visible_event(request, slug, queryset)
    if not rules.has_perm("events.organise_event", request.user, event):
        if not request.user.is_authenticated:
            raise SignInRequired
        raise Http404
    return event


def _sign_in_on_refusal(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SignInRequired:
            return redirect_to_login(request.get_full_path())

    return wrapper


def event_view(view: Callable) -> Callable:
    """Decorator: `view(request, event, **kwargs)` with the visible event of the `slug` kwarg.

    Inside the view, raise `SignInRequired` to send an anonymous visitor to sign in.
    """

    @_sign_in_on_refusal
    @wraps(view)
    def wrapper(request, slug: str, **kwargs):
        return view(request, visible_event(request, slug), **kwargs)

    return wrapper


def organiser_view(view: Callable) -> Callable:
    """Decorator: `view(request, event, **kwargs)` with the event the reader may organise."""

    @_sign_in_on_refusal
    @wraps(view)
    def wrapper(request, slug: str, **kwargs):
        return view(request, organised_event(request, slug), **kwargs)

    return wrapper


def member_event_view(perm: str) -> Callable:
    """Decorator: a visible event and a django-rules permission on it (sign-in for anonymous)."""

    def decorator(view: Callable) -> Callable:
        @_sign_in_on_refusal
        @wraps(view)
        def wrapper(request, slug: str, **kwargs):
            event = visible_event(request, slug)
            if not rules.has_perm(perm, request.user, event):
                if not request.user.is_authenticated:
                    raise SignInRequired
                raise Http404
            return view(request, event, **kwargs)

        return wrapper

    return decorator
