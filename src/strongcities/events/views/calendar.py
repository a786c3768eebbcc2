"""Calendar files: .ics per event and per session, and the personal secret feed.

The feed address carries a secret token (stored hashed): calendar applications fetch it without
signing in, so the token is the only key. It can be reset (a new address; the old one stops
working) or revoked on the calendar page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from strongcities.events.models import CalendarFeed
from strongcities.events.services import calendar as services
from strongcities.events.views.lookup import event_view

ACTIONS = ("create", "reset", "revoke")


def ics_response(body: bytes, filename: str, *, private: bool = False) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "no-referrer"
    return response


def _lang() -> str:
    return (get_language() or "en").split("-")[0]


@event_view
@require_GET
def event_ics(request, event):
    return ics_response(services.event_ics(event, lang=_lang()), f"{event.slug}.ics")


@event_view
@require_GET
def session_ics(request, event, pk):
    session = event.sessions.prefetch_related("speakers").filter(pk=pk).first()
    if session is None:
        raise Http404
    session.event = event
    body = services.session_ics(session, lang=_lang())
    return ics_response(body, f"{event.slug}-session-{session.pk}.ics")


@never_cache
@require_GET
def feed(request, token):
    user = services.feed_user(token)
    if user is None:
        raise Http404
    lang = user.preferred_language or _lang()
    return ics_response(
        services.personal_ics(user, lang=lang), "strong-cities-events.ics", private=True
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def manage(request):
    """See, create, reset or revoke one's secret calendar address."""
    new_url = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ACTIONS:
            messages.error(request, _("Choose what to do with your calendar address."))
            return redirect("events:calendar")
        if action == "revoke":
            services.revoke_feed(request.user, request=request)
            messages.success(request, _("Your calendar address no longer works."))
            return redirect("events:calendar")
        raw = services.create_feed(request.user, request=request)
        new_url = request.build_absolute_uri(reverse("events:feed", args=[raw]))
        messages.success(
            request,
            _("Your new calendar address is ready. Copy it now: it is shown only once.")
            if action == "create"
            else _(
                "Your calendar address was reset: the old one no longer works. "
                "Copy the new one now."
            ),
        )
    context = {
        "feed": CalendarFeed.objects.filter(user=request.user).first(),
        "new_url": new_url,
    }
    return render(request, "events/calendar.html", context)
