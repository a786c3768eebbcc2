"""On the day and after: the participant's ticket and badge, the organisers' check-in page and
attendance figures, and the participants' feedback.

Every view finds the event through the confidentiality rule (lookup.py: 404 when hidden). A
ticket, badge or feedback form belongs to the signed-in person's confirmed registration (404
without one); check-in, attendance and the badge sheet are for the event's organisers.
"""

import rules
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from strongcities.core.audit.services import record
from strongcities.core.exceptions import DomainError
from strongcities.events.forms_day import CheckInForm, FeedbackForm
from strongcities.events.models import Event, Feedback, Registration
from strongcities.events.services import badges, checkin, feedback
from strongcities.events.views.lookup import SignInRequired, event_view, organiser_view


def own_confirmed_registration(request, event: Event) -> Registration:
    """The reader's confirmed registration for `event`; sign-in for anonymous, else 404."""
    if not request.user.is_authenticated:
        raise SignInRequired
    registration = (
        Registration.objects.filter(
            event=event, user=request.user, status=Registration.Status.CONFIRMED
        )
        .select_related("event", "category", "city", "partner")
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def _pdf(content: bytes, filename: str, *, download: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The participant ---------------------------------------------------------------------------


@require_GET
@event_view
def ticket(request, event: Event):
    """The ticket: who, which category, and the QR code of the ticket code (drawn here)."""
    registration = own_confirmed_registration(request, event)
    code = registration.ticket_code
    context = {
        "event": event,
        "registration": registration,
        "qr_svg": badges.ticket_qr_svg(
            code, title=_("QR code of ticket %(code)s") % {"code": code}
        ),
        "may_give_feedback": feedback.feedback_refusal(registration) is None,
    }
    return render(request, "events/ticket.html", context)


@require_GET
@event_view
def badge(request, event: Event):
    """The reader's badge as a PDF; an organiser may ask for anyone's with ?registration=<id>."""
    wanted = request.GET.get("registration", "")
    if wanted and rules.has_perm("events.organise_event", request.user, event):
        registration = (
            Registration.objects.filter(
                event=event,
                pk=int(wanted) if wanted.isdigit() else 0,
                status=Registration.Status.CONFIRMED,
            )
            .select_related("event", "category", "city", "partner")
            .first()
        )
        if registration is None:
            raise Http404
    else:
        registration = own_confirmed_registration(request, event)
    return _pdf(badges.badge_pdf(registration), f"badge-{event.slug}.pdf")


@require_http_methods(["GET", "POST"])
@event_view
def feedback_form(request, event: Event):
    """The short feedback form, for confirmed participants, once, from the event's start."""
    registration = own_confirmed_registration(request, event)
    given = Feedback.objects.filter(registration=registration).first()
    refusal = None if given else feedback.feedback_refusal(registration)
    form = FeedbackForm(request.POST or None) if given is None and refusal is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            feedback.submit_feedback(registration, form.to_input(), by=request.user)
        except DomainError as error:
            form.show_refusal(error)
        else:
            messages.success(request, _("Thank you: your feedback was recorded."))
            return redirect("events:feedback", event.slug)
    context = {
        "event": event,
        "registration": registration,
        "given": given,
        "refusal": refusal,
        "form": form,
    }
    return render(request, "events/feedback.html", context)


# --- The organisers ----------------------------------------------------------------------------


def _check_in_context(event: Event) -> dict:
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
    return {
        "event": event,
        "recent": checkin.recent_check_ins(event),
        "confirmed_count": confirmed.count(),
        "checked_in_count": confirmed.filter(checked_in_at__isnull=False).count(),
    }


def is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


@require_http_methods(["GET", "POST"])
@organiser_view
def check_in(request, event: Event):
    """The door: type a ticket code (or scan it with the camera) and see who it is."""
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = checkin.check_in(event, form.cleaned_data["code"], by=request.user)
        form = CheckInForm()
    context = {**_check_in_context(event), "form": form, "result": result}
    if request.method == "POST" and is_htmx(request):
        response = render(request, "events/_check_in_result.html", {**context, "oob": True})
    else:
        response = render(request, "events/check_in.html", context)
    response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@organiser_view
def attendance(request, event: Event):
    """Registered, confirmed and checked in by category and region; the feedback summary."""
    context = {
        "event": event,
        "attendance": checkin.attendance(event),
        "feedback": feedback.feedback_summary(event),
    }
    return render(request, "events/attendance.html", context)


@require_GET
@organiser_view
def badge_sheet(request, event: Event):
    """Every confirmed participant's badge, then the speakers' (public names only), one PDF."""
    registrations = (
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
        .select_related("category", "city", "partner")
        .order_by("category__position", "category_id", "name", "pk")
    )
    faces = [badges.registration_face(r) for r in registrations]
    faces += [badges.speaker_face(s) for s in event.speakers.order_by("public_name", "pk")]
    record("events.badges_printed", actor=request.user, target=event, count=len(faces))
    return _pdf(badges.badges_pdf(event, faces), f"badges-{event.slug}.pdf", download=True)
