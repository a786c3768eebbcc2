"""After the exchange: each side's report, a draft practice started from the visiting city's
report, and the visiting city's follow-ups at 3 and 6 months."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from strongcities.core.access import deny
from strongcities.core.exceptions import DomainError
from strongcities.exchanges.forms import FollowUpForm, ReportForm
from strongcities.exchanges.models import Exchange, Side
from strongcities.exchanges.services import followups as followup_services
from strongcities.exchanges.services import reports as report_services
from strongcities.exchanges.views.lookup import exchange_view


def report_sides(user, exchange: Exchange) -> list[str]:
    """The sides whose report `user` may write: as a focal point or a participant of it."""
    focal = user.focal_point_city_ids
    taking_part = set(exchange.participants.filter(user=user).values_list("side", flat=True))
    return [
        side for side in Side.values if exchange.city_of(side).pk in focal or side in taking_part
    ]


@require_http_methods(["GET", "POST"])
@exchange_view("exchanges.report_exchange")
def report(request, exchange: Exchange):
    """Write or edit the reader's side's report (`?side=` chooses when they have both)."""
    user = request.user
    sides = report_sides(user, exchange)
    if not sides:
        return deny(request)
    wanted = request.POST.get("side") or request.GET.get("side")
    side = wanted if wanted in sides else sides[0]
    existing = exchange.reports.filter(side=side).prefetch_related("practices").first()
    form = ReportForm(
        request.POST or None,
        exchange=exchange,
        sides=sides,
        user=user,
        report=existing,
        initial={"side": side},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report_services.submit_report(
                exchange,
                user=user,
                side=data["side"],
                learned=data["learned"],
                plans=data["plans"],
                practices=list(data["practices"]),
                language=data["language"],
                request=request,
            )
        except DomainError as error:
            form.show_refusal(error)
        else:
            messages.success(request, _("The report was saved."))
            return redirect(exchange)
    context = {"exchange": exchange, "form": form, "side": side, "report": existing}
    return render(request, "exchanges/report.html", context)


@require_POST
@exchange_view()
def draft_practice(request, exchange: Exchange):
    """Start (or open) the draft practice pre-filled from the visiting city's report."""
    if exchange.visiting_city_id not in request.user.member_city_ids:
        return deny(request)
    found = exchange.reports.filter(side=Side.VISITING).first()
    if found is None:
        messages.error(request, _("The visiting city has not written its report yet."))
        return redirect(exchange)
    try:
        practice = report_services.start_draft_practice(found, user=request.user, request=request)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(exchange)
    messages.success(
        request,
        _("A draft practice was started from the report. Complete it, then submit it."),
    )
    return redirect("practices:edit", key=practice.slug)


@require_http_methods(["GET", "POST"])
@exchange_view("exchanges.follow_up_exchange")
def follow_up(request, exchange: Exchange, month: int):
    """What became of the exchange, 3 or 6 months after it: adopted, adapting, not adopted."""
    found = exchange.follow_ups.select_related("practice").filter(month=month).first()
    if found is None:
        raise Http404
    form = FollowUpForm(request.POST or None, exchange=exchange, user=request.user, follow_up=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            followup_services.record_follow_up(
                found,
                user=request.user,
                outcome=data["outcome"],
                reason=data["reason"],
                practice=data["practice"],
                request=request,
            )
        except DomainError as error:
            form.show_refusal(error)
        else:
            messages.success(request, _("The follow-up was recorded; the host city was told."))
            return redirect(exchange)
    context = {"exchange": exchange, "form": form, "follow_up": found}
    return render(request, "exchanges/follow_up.html", context)
