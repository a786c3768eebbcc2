"""The exchanges list, proposing an exchange, and an exchange's page.

The list and the page show only what `Exchange.objects.visible_to(user)` allows; names of
participants, reports and follow-ups only to the parties (`exchanges.see_exchange_details`);
practices only those the reader may see. The page offers the steps the reader may take in the
exchange's state; the services decide again when the step is posted.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

import rules
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from strongcities.core.access import deny
from strongcities.core.exceptions import DomainError
from strongcities.exchanges.forms import ExchangeFilterForm, ProposeForm
from strongcities.exchanges.models import Exchange, Programme, Side
from strongcities.exchanges.services import lifecycle
from strongcities.exchanges.views.lookup import exchange_view
from strongcities.members.models import City
from strongcities.practices.models import Practice

PAGE_SIZE = 20
State = Exchange.State


# --- the list ---------------------------------------------------------------------------------


@require_GET
def listing(request):
    """The reader's cities' exchanges first (visiting and hosting), then the network's."""
    user = request.user
    if not rules.has_perm("exchanges.list_exchanges", user):
        return deny(request)
    form = ExchangeFilterForm(request.GET or None, user=user)
    cities = sorted(user.member_city_ids)
    mine = Q(visiting_city__in=cities) | Q(host_city__in=cities)
    exchanges = (
        Exchange.objects.visible_to(user)
        .filter(**form.filters())
        .annotate(
            is_mine=Case(When(mine, then=Value(1)), default=Value(0), output_field=IntegerField())
            if cities
            else Value(0, output_field=IntegerField())
        )
        .select_related("visiting_city", "host_city", "kind", "programme")
        .order_by("-is_mine", "-proposed_at", "-pk")
    )
    page = Paginator(exchanges, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "exchanges": page.object_list,
        "filtered": bool(form.is_bound and form.filters()),
        "has_cities": bool(cities),
        "may_propose": rules.has_perm("exchanges.propose_exchange", user),
        "visible_programmes": set(form.fields["programme"].queryset.values_list("pk", flat=True)),
    }
    return render(request, "exchanges/list.html", context)


# --- proposing --------------------------------------------------------------------------------


def _prefill(request):
    """The host city (?host=<slug>) and practice of interest (?practice=<slug>) to start from."""
    user = request.user
    practice = None
    slug = request.GET.get("practice", "")
    if slug:
        practice = (
            Practice.objects.listed_for(user).select_related("city").filter(slug=slug).first()
        )
    host = None
    slug = request.GET.get("host", "")
    candidates = City.objects.members().exclude(pk__in=sorted(user.focal_point_city_ids))
    if slug:
        host = candidates.filter(slug=slug).first()
    elif practice is not None and practice.city_id:
        host = candidates.filter(pk=practice.city_id).first()
    return host, practice


@require_http_methods(["GET", "POST"])
def propose(request):
    """A focal point asks another member city to receive a visit or a staff exchange."""
    user = request.user
    if not rules.has_perm("exchanges.propose_exchange", user):
        return deny(request)
    host, practice = _prefill(request) if request.method == "GET" else (None, None)
    form = ProposeForm(request.POST or None, user=user, host=host, practice=practice)
    if request.method == "POST" and form.is_valid():
        try:
            exchange = lifecycle.propose_exchange(form.to_input(), user=user, request=request)
        except DomainError as error:
            form.show_refusal(error)
        else:
            messages.success(
                request,
                _("Your request was sent to %(city)s. Its focal points will answer it.")
                % {"city": exchange.host_city.name},
            )
            return redirect(exchange)
    return render(request, "exchanges/propose.html", {"form": form})


# --- the exchange's page ----------------------------------------------------------------------


@dataclass
class Step:
    label: str
    at: datetime | date
    note: str = ""


def timeline(exchange: Exchange) -> list[Step]:
    """The transitions the exchange went through, with their dates, in order."""
    steps = [Step(pgettext("exchange", "Proposed"), exchange.proposed_at)]
    if exchange.responded_at:
        declined = exchange.state == State.DECLINED
        label = pgettext("exchange", "Declined") if declined else pgettext("exchange", "Accepted")
        steps.append(Step(label, exchange.responded_at))
    optional = (
        (pgettext("exchange", "Scheduled"), exchange.scheduled_at),
        (pgettext("exchange", "Completed"), exchange.completed_at),
        (pgettext("exchange", "Reported"), exchange.reported_at),
        (pgettext("exchange", "Followed up"), exchange.followed_up_at),
        (pgettext("exchange", "Cancelled"), exchange.cancelled_at),
    )
    steps += [Step(label, at) for label, at in optional if at]
    return sorted(steps, key=lambda step: step.at)


def sectors_count(participants) -> dict[str, list[tuple[str, int]]]:
    """{side: [(sector label, how many)]} — what non-parties see of the participants."""
    counts: dict[str, Counter] = {side: Counter() for side in Side.values}
    for participant in participants:
        label = str(participant.sector.label) if participant.sector else _("Other")
        counts[participant.side][label] += 1
    return {side: sorted(counter.items()) for side, counter in counts.items()}


def actions(user, exchange: Exchange, *, reports: list, follow_ups: list) -> dict:
    """Which steps the reader may take in the exchange's state (the services decide again)."""
    state = exchange.state

    def may(perm: str) -> bool:
        return rules.has_perm(perm, user, exchange)

    manage = may("exchanges.manage_exchange")
    visiting_report = next((r for r in reports if r.side == Side.VISITING), None)
    in_visiting = exchange.visiting_city_id in user.member_city_ids
    return {
        "answer": state == State.PROPOSED and may("exchanges.answer_exchange"),
        "schedule": state in (State.ACCEPTED, State.SCHEDULED) and manage,
        "complete": state == State.SCHEDULED
        and manage
        and exchange.starts_on is not None
        and exchange.starts_on <= timezone.localdate(),
        "cancel": state in Exchange.OPEN_STATES and manage,
        "participants": state in Exchange.OPEN_STATES and may("exchanges.manage_participants"),
        "report": state in Exchange.DONE_STATES and may("exchanges.report_exchange"),
        "draft_practice": visiting_report is not None
        and visiting_report.draft_practice_id is None
        and in_visiting,
        "follow_up": [f for f in follow_ups if may("exchanges.follow_up_exchange")],
    }


def _details(user, exchange: Exchange) -> dict:
    """Participants' names, reports and follow-ups: the parties' part of the page."""
    participants = list(
        exchange.participants.select_related("user", "sector").order_by("side", "added_at", "pk")
    )
    if not rules.has_perm("exchanges.see_exchange_details", user, exchange):
        return {"details": False, "sectors": sectors_count(participants)}
    visible = Practice.objects.visible_to(user)
    reports = list(
        exchange.reports.select_related("author", "draft_practice").prefetch_related(
            Prefetch("practices", queryset=visible.select_related("city", "partner"))
        )
    )
    follow_ups = list(exchange.follow_ups.select_related("practice", "recorded_by"))
    linked = {r.draft_practice_id for r in reports} | {f.practice_id for f in follow_ups}
    linked.discard(None)
    seen = (
        set(visible.filter(pk__in=sorted(linked)).values_list("pk", flat=True)) if linked else set()
    )
    for report in reports:
        report.visible_draft = report.draft_practice if report.draft_practice_id in seen else None
    for follow_up in follow_ups:
        follow_up.visible_practice = follow_up.practice if follow_up.practice_id in seen else None
    return {
        "details": True,
        "participants": {side: [p for p in participants if p.side == side] for side in Side.values},
        "reports": {report.side: report for report in reports},
        "follow_ups": follow_ups,
        "report_list": reports,
    }


@require_GET
@exchange_view()
def detail(request, exchange: Exchange):
    user = request.user
    details = _details(user, exchange)
    practices = list(
        Practice.objects.visible_to(user)
        .filter(exchanges=exchange)
        .select_related("city", "partner")
        .order_by("-published_at", "pk")
    )
    context = {
        "exchange": exchange,
        "timeline": timeline(exchange),
        "practices": practices,
        "can": actions(
            user,
            exchange,
            reports=details.get("report_list", []),
            follow_ups=details.get("follow_ups", []),
        ),
        "programme_visible": bool(
            exchange.programme_id
            and Programme.objects.visible_to(user).filter(pk=exchange.programme_id).exists()
        ),
        **details,
    }
    return render(request, "exchanges/detail.html", context)
