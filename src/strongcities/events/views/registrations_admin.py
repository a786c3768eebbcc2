"""The organisers' side of registration: the list (filters, search, counts per category,
waiting list positions), decisions on one registration (approve, reject, cancel, move), the CSV
export, a message to a category, and invitations (named, and shareable codes).

Every view resolves the event with `organiser_view` (404 unless the reader may organise it;
sign-in for an anonymous visitor of a visible event) and calls the registration services.
"""

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from strongcities.core.audit.services import record
from strongcities.events.forms_registration import (
    CodeInvitationForm,
    DecisionForm,
    EmailCategoryForm,
    FilterForm,
    NamedInvitationsForm,
)
from strongcities.events.models import Event, Registration
from strongcities.events.services import invitations, registration
from strongcities.events.services.errors import EventError
from strongcities.events.views.lookup import organiser_view

PAGE_SIZE = 50
CSV_CHUNK = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def filtered_registrations(event: Event, filters: dict) -> QuerySet:
    """The event's registrations matching the list's filters, in registration order."""
    regs = Registration.objects.filter(event=event)
    if filters.get("category"):
        regs = regs.filter(category_id=filters["category"])
    if filters.get("status"):
        regs = regs.filter(status=filters["status"])
    words = (filters.get("q") or "").strip()
    if words:
        regs = regs.filter(Q(name__icontains=words) | Q(email__icontains=words))
    return regs.order_by("created_at", "pk")


@organiser_view
def registrations(request, event: Event):
    """Everyone registered, filtered and searched, with counts and waiting list positions."""
    categories = list(event.categories.all())
    filters = FilterForm(request.GET or None, categories=categories)
    values = filters.values() if request.GET else {}
    regs = filtered_registrations(event, values).select_related(
        "category", "city", "partner", "user"
    )
    page = Paginator(regs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    positions = registration.waitlist_positions(
        [reg for reg in rows if reg.status == Registration.Status.WAITLISTED]
    )
    for reg in rows:
        reg.position = positions.get(reg.pk)
    context = {
        "event": event,
        "filters": filters,
        "page": page,
        "rows": rows,
        "seat_lines": registration.seats(event),
        "filtered": any(values.get(name) for name in ("category", "status", "q")),
    }
    return render(request, "events/manage/registrations.html", context)


def _decide(request, reg: Registration, form: DecisionForm) -> str:
    """Run the organiser's decision; the message to show."""
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    if action == "approve":
        reg = registration.approve(reg, by=request.user, note=note)
        return _("%(name)s: %(status)s.") % {"name": reg.name, "status": reg.get_status_display()}
    if action == "reject":
        registration.reject(reg, by=request.user, note=note)
        return _("%(name)s was not accepted; they are told so.") % {"name": reg.name}
    if action == "cancel":
        registration.cancel(reg, by=request.user, reason=note)
        return _("The registration of %(name)s is cancelled.") % {"name": reg.name}
    category = form.chosen_category()
    reg = registration.move(reg, category, by=request.user)
    return _("%(name)s is now in %(category)s: %(status)s.") % {
        "name": reg.name,
        "category": category.name,
        "status": reg.get_status_display(),
    }


@require_http_methods(["GET", "POST"])
@organiser_view
def manage_registration(request, event: Event, pk: int):
    """One registration in full (needs included), and the organiser's decisions on it."""
    reg = get_object_or_404(
        Registration.objects.select_related("category", "city", "partner", "user", "decided_by"),
        event=event,
        pk=pk,
    )
    others = [c for c in event.categories.all() if c.pk != reg.category_id]
    form = DecisionForm(request.POST or None, categories=others)
    if request.method == "POST" and form.is_valid():
        try:
            done = _decide(request, reg, form)
        except EventError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            back = request.POST.get("back", "")
            if back.startswith("?"):
                return redirect(reverse("events:registrations", args=[event.slug]) + back)
            return redirect("events:manage_registration", slug=event.slug, pk=reg.pk)
    position = None
    if reg.status == Registration.Status.WAITLISTED:
        position = registration.waitlist_positions([reg]).get(reg.pk)
    context = {"event": event, "reg": reg, "form": form, "others": others, "position": position}
    return render(request, "events/manage/registration.html", context)


# --- CSV export ------------------------------------------------------------------------------

CSV_COLUMNS = (
    ("name", gettext_lazy("Name")),
    ("email", gettext_lazy("Email")),
    ("category", gettext_lazy("Category")),
    ("status", gettext_lazy("Status")),
    ("waitlist_position", gettext_lazy("Waiting list position")),
    ("city", gettext_lazy("City")),
    ("partner", gettext_lazy("Partner organisation")),
    ("job_title", gettext_lazy("Role or job title")),
    ("needs", gettext_lazy("Access or dietary needs")),
    ("listed", gettext_lazy("Listed")),
    ("registered_at", pgettext_lazy("date of registration", "Registered")),
    ("confirmed_at", pgettext_lazy("date of confirmation", "Confirmed")),
    ("checked_in_at", pgettext_lazy("time of arrival", "Checked in")),
)


def _cell(value) -> str:
    """A CSV cell; text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(regs: QuerySet, positions: dict[int, int], header: list[str]) -> Iterator[str]:
    """The CSV file line by line: byte-order mark and header, then rows read in chunks."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for reg in regs.iterator(chunk_size=CSV_CHUNK):
        row = {
            "name": reg.name,
            "email": reg.email,
            "category": reg.category.name,
            "status": reg.status,
            "waitlist_position": positions.get(reg.pk),
            "city": reg.city.name if reg.city else "",
            "partner": reg.partner.name if reg.partner else "",
            "job_title": reg.job_title,
            "needs": reg.needs,
            "listed": reg.listed,
            "registered_at": reg.created_at,
            "confirmed_at": reg.confirmed_at,
            "checked_in_at": reg.checked_in_at,
        }
        yield writer.writerow([_cell(row[name]) for name, _label in CSV_COLUMNS])


@organiser_view
def registrations_csv(request, event: Event):
    """The registrations (with the list's filters) as CSV, streamed; audited as a data export."""
    categories = list(event.categories.all())
    filters = FilterForm(request.GET or None, categories=categories)
    values = filters.values() if request.GET else {}
    regs = filtered_registrations(event, values).select_related("category", "city", "partner")
    waiting = Registration.objects.filter(
        pk__in=regs.filter(status=Registration.Status.WAITLISTED).values("pk")
    )
    positions = registration.waitlist_positions(list(waiting))
    with transaction.atomic():
        record(
            "events.registrations_exported",
            actor=request.user,
            target=event,
            request=request,
            rows=regs.count(),
            filters={k: v for k, v in values.items() if v},
        )
    header = [str(label) for _name, label in CSV_COLUMNS]
    response = StreamingHttpResponse(
        (chunk.encode() for chunk in csv_rows(regs, positions, header)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"{event.slug}-registrations-{timezone.now():%Y-%m-%d}.csv"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# --- a message to a category -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@organiser_view
def email_category(request, event: Event):
    """Write to the confirmed (and, if chosen, waiting) people of one category."""
    categories = list(event.categories.all())
    initial = {}
    if request.GET.get("category", "").isdigit():
        initial["category"] = int(request.GET["category"])
    form = EmailCategoryForm(request.POST or None, categories=categories, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = invitations.email_category(
                event,
                form.chosen_category(),
                data["subject"],
                data["body"],
                by=request.user,
                statuses=tuple(data["statuses"]),
            )
        except EventError as error:
            form.show_refusal(error)
        else:
            messages.success(
                request,
                ngettext(
                    "The message is being sent to %(count)s person.",
                    "The message is being sent to %(count)s people.",
                    sent,
                )
                % {"count": sent},
            )
            return redirect("events:registrations", slug=event.slug)
    context = {"event": event, "form": form, "seat_lines": registration.seats(event)}
    return render(request, "events/manage/email.html", context)


# --- invitations -----------------------------------------------------------------------------


def _create_invitations(request, event: Event, named, code) -> str | None:
    """Handle the form that was posted; the success message, or None when it has errors."""
    if request.POST.get("action") == "named":
        if named.is_valid():
            try:
                sent = invitations.invite_people(
                    event,
                    named.chosen_category(),
                    named.cleaned_data["emails"],
                    by=request.user,
                    note=named.cleaned_data["note"],
                )
            except EventError as error:
                named.show_refusal(error)
            else:
                return ngettext(
                    "%(count)s invitation was sent.", "%(count)s invitations were sent.", len(sent)
                ) % {"count": len(sent)}
    elif code.is_valid():
        try:
            invitation = invitations.create_code(
                event,
                code.chosen_category(),
                uses=code.cleaned_data["uses"],
                by=request.user,
                note=code.cleaned_data["note"],
            )
        except EventError as error:
            code.show_refusal(error)
        else:
            return _("The code %(code)s was created.") % {"code": invitation.code}
    return None


@require_http_methods(["GET", "POST"])
@organiser_view
def invitations_page(request, event: Event):
    """Named invitations and shareable codes: create, list with their uses, revoke."""
    categories = list(event.categories.all())
    posted = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if posted else None
    named = NamedInvitationsForm(
        posted if action == "named" else None, categories=categories, prefix="named"
    )
    code = CodeInvitationForm(
        posted if action == "code" else None, categories=categories, prefix="code"
    )
    if action in {"named", "code"}:
        done = _create_invitations(request, event, named, code)
        if done:
            messages.success(request, done)
            return redirect("events:invitations", slug=event.slug)
    register_url = request.build_absolute_uri(reverse("events:register", args=[event.slug]))
    rows = list(event.invitations.select_related("category").order_by("-created_at", "-pk"))
    context = {
        "event": event,
        "named": named,
        "code": code,
        "invitations": rows,
        "register_url": register_url,
    }
    return render(request, "events/manage/invitations.html", context)


@require_POST
@organiser_view
def revoke_invitation(request, event: Event, pk: int):
    invitation = get_object_or_404(event.invitations, pk=pk)
    try:
        invitations.revoke(invitation, by=request.user)
    except EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The invitation %(code)s is revoked.") % {"code": str(invitation)}
        )
    return redirect("events:invitations", slug=event.slug)
