"""The lifecycle steps of an exchange: accept, decline, schedule, complete, cancel, and its
participants.

A step that needs words or dates shows a form (GET) and posts it; a refusal of the service
lands on the form. A plain button (complete, remove a participant) posts directly; a refusal
comes back as a message on the exchange's page. Who may take which step is the rule of
rules.py, checked by `exchange_view` (404 otherwise), and again by the services.
"""

import rules
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from strongcities.core.access import deny
from strongcities.core.exceptions import DomainError
from strongcities.exchanges.forms import (
    AcceptForm,
    CancelForm,
    DeclineForm,
    ParticipantForm,
    ScheduleForm,
)
from strongcities.exchanges.models import Exchange, Side
from strongcities.exchanges.services import lifecycle
from strongcities.exchanges.services import participants as participant_services
from strongcities.exchanges.views.lookup import exchange_view, sides_of


def _step_page(request, exchange: Exchange, form, *, step: str, run, done: str):
    """Show `form` for `step`; on a valid post call `run(cleaned_data)`, then back to the page."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except DomainError as error:
            form.show_refusal(error)
        else:
            messages.success(request, done)
            return redirect(exchange)
    return render(
        request, "exchanges/step.html", {"exchange": exchange, "form": form, "step": step}
    )


@require_http_methods(["GET", "POST"])
@exchange_view("exchanges.answer_exchange")
def accept(request, exchange: Exchange):
    form = AcceptForm(request.POST or None)
    return _step_page(
        request,
        exchange,
        form,
        step="accept",
        run=lambda data: lifecycle.accept_exchange(
            exchange, user=request.user, message=data["message"], request=request
        ),
        done=_("You accepted the exchange; the visiting city was told."),
    )


@require_http_methods(["GET", "POST"])
@exchange_view("exchanges.answer_exchange")
def decline(request, exchange: Exchange):
    form = DeclineForm(request.POST or None)
    return _step_page(
        request,
        exchange,
        form,
        step="decline",
        run=lambda data: lifecycle.decline_exchange(
            exchange, user=request.user, message=data["message"], request=request
        ),
        done=_("You declined the exchange; the visiting city was told."),
    )


@require_http_methods(["GET", "POST"])
@exchange_view("exchanges.manage_exchange")
def schedule(request, exchange: Exchange):
    form = ScheduleForm(request.POST or None, exchange=exchange)
    return _step_page(
        request,
        exchange,
        form,
        step="schedule",
        run=lambda data: lifecycle.schedule_exchange(
            exchange,
            user=request.user,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            request=request,
        ),
        done=_("The dates are set; both cities and the participants were told."),
    )


@require_http_methods(["GET", "POST"])
@exchange_view("exchanges.manage_exchange")
def cancel(request, exchange: Exchange):
    form = CancelForm(request.POST or None)
    return _step_page(
        request,
        exchange,
        form,
        step="cancel",
        run=lambda data: lifecycle.cancel_exchange(
            exchange, user=request.user, reason=data["reason"], request=request
        ),
        done=_("The exchange is cancelled; the other city was told."),
    )


@require_POST
@exchange_view("exchanges.manage_exchange")
def complete(request, exchange: Exchange):
    try:
        lifecycle.complete_exchange(exchange, user=request.user, request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The exchange is marked completed. Both cities are asked for their reports."),
        )
    return redirect(exchange)


# --- participants -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@exchange_view("exchanges.manage_participants")
def participants(request, exchange: Exchange):
    """The participants of each side, and a form to add one to the reader's side."""
    sides = sides_of(request.user, exchange, focal=True)
    form = ParticipantForm(request.POST or None, exchange=exchange, sides=sides)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            participant_services.add_participant(
                exchange,
                user=request.user,
                person=data["person"],
                side=data["side"],
                role=data["role"],
                sector=data["sector"],
                request=request,
            )
        except DomainError as error:
            form.show_refusal(error)
        else:
            messages.success(
                request,
                _("%(name)s takes part in the exchange.")
                % {"name": data["person"].get_full_name()},
            )
            return redirect("exchanges:participants", pk=exchange.pk)
    listed = list(exchange.participants.select_related("user", "sector").order_by("added_at", "pk"))
    context = {
        "exchange": exchange,
        "form": form,
        "sides": [
            {
                "side": side,
                "city": exchange.city_of(side),
                "people": [p for p in listed if p.side == side],
                "mine": side in sides,
            }
            for side in Side.values
        ],
        "limit": exchange.participants_per_side,
        "is_open": exchange.state in Exchange.OPEN_STATES,
    }
    return render(request, "exchanges/participants.html", context)


@require_POST
@exchange_view()
def participant_remove(request, exchange: Exchange, participant: int):
    found = get_object_or_404(exchange.participants.select_related("user"), pk=participant)
    allowed = found.user_id == request.user.pk or rules.has_perm(
        "exchanges.manage_participants", request.user, exchange
    )
    if not allowed:
        return deny(request)
    try:
        participant_services.remove_participant(found, user=request.user, request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s no longer takes part in the exchange.")
            % {"name": found.user.get_full_name()},
        )
    if rules.has_perm("exchanges.manage_participants", request.user, exchange):
        return redirect("exchanges:participants", pk=exchange.pk)
    return redirect(exchange)
