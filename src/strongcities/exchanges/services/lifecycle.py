"""An exchange's lifecycle: proposed → accepted | declined → scheduled → completed (→ reported →
followed up, see reports.py and followups.py); cancelled from any open state.

Each step checks who may take it (ExchangeError code "permission") and from which state ("state"),
runs in one transaction holding the exchange's row lock, is recorded in the audit log as
"exchange.<step>" and notifies the people concerned (emails leave after commit). The secretariat
is never notified: it reads the list.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strongcities.core.audit.services import record
from strongcities.core.taxonomy.models import Concept
from strongcities.core.visibility import is_secretariat
from strongcities.exchanges.models import EXCHANGE_TYPE_LIMIT, Exchange, FollowUp, Programme, Side
from strongcities.exchanges.services.common import (
    LANGUAGE_CODES,
    acting_side,
    allow,
    is_focal_point,
    locked,
    other_side,
    participants,
    require_state,
    side_focal_points,
    tell,
    today,
)
from strongcities.exchanges.services.errors import ExchangeError
from strongcities.members.models import City
from strongcities.practices.models import Practice

State = Exchange.State


@dataclass
class ExchangeInput:
    """A request for an exchange, as the form and the API hand it over."""

    visiting_city: City
    host_city: City
    kind: Concept
    objectives: str
    language: str
    proposed_start: date
    proposed_end: date
    programme: Programme | None = None
    practices: list[Practice] = field(default_factory=list)


def add_months(day: date, months: int) -> date:
    """`day` plus calendar months; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Proposing ------------------------------------------------------------------------------------


def _check_cities(data: ExchangeInput, user) -> None:
    visiting, host = data.visiting_city, data.host_city
    allow(
        is_secretariat(user) or is_focal_point(user, getattr(visiting, "pk", None)),
        _("Only a focal point of the visiting city can propose an exchange for it."),
    )
    if visiting is None or visiting.status != City.Status.MEMBER:
        raise ExchangeError(
            _("The visiting city must be a member city."), field="visiting_city", code="city"
        )
    if host is None or host.status != City.Status.MEMBER:
        raise ExchangeError(_("Choose a member city to visit."), field="host_city", code="city")
    if host.pk == visiting.pk:
        raise ExchangeError(
            _("Choose another city than the visiting one."), field="host_city", code="city"
        )


def _check_details(data: ExchangeInput) -> None:
    kind_ok = data.kind is not None and (
        Concept.objects.filter(pk=data.kind.pk, **EXCHANGE_TYPE_LIMIT).exists()
    )
    if not kind_ok:
        raise ExchangeError(_("Choose the type of exchange."), field="kind", code="input")
    if not (data.objectives or "").strip():
        raise ExchangeError(
            _("Say what the visiting city wants to learn."), field="objectives", code="input"
        )
    if data.language not in LANGUAGE_CODES:
        raise ExchangeError(
            _("Choose the language of the exchange."), field="language", code="input"
        )
    if data.proposed_start is None or data.proposed_start < today():
        raise ExchangeError(
            _("The proposed start cannot be in the past."), field="proposed_start", code="dates"
        )
    if data.proposed_end is None or data.proposed_end < data.proposed_start:
        raise ExchangeError(
            _("The proposed end cannot be before the start."), field="proposed_end", code="dates"
        )


def _check_programme(data: ExchangeInput, user) -> None:
    programme = data.programme
    if programme is None:
        return
    if not Programme.objects.visible_to(user).filter(pk=programme.pk).exists():
        raise ExchangeError(
            _("Choose a programme you can see."), field="programme", code="programme"
        )
    in_it = set(
        programme.cities.filter(pk__in=[data.visiting_city.pk, data.host_city.pk]).values_list(
            "pk", flat=True
        )
    )
    if len(in_it) != 2:
        raise ExchangeError(
            _("Both cities must take part in the programme."), field="programme", code="programme"
        )


def _check_practices(data: ExchangeInput, user) -> None:
    wanted = {p.pk for p in data.practices}
    if wanted and Practice.objects.listed_for(user).filter(pk__in=wanted).count() != len(wanted):
        raise ExchangeError(
            _("Choose published practices you can see."), field="practices", code="practices"
        )


@transaction.atomic
def propose_exchange(data: ExchangeInput, *, user, request=None) -> Exchange:
    """The visiting city's focal point (or the secretariat) asks the host city for an exchange."""
    _check_cities(data, user)
    _check_details(data)
    _check_programme(data, user)
    _check_practices(data, user)
    exchange = Exchange.objects.create(
        visiting_city=data.visiting_city,
        host_city=data.host_city,
        programme=data.programme,
        kind=data.kind,
        objectives=data.objectives.strip(),
        language=data.language,
        proposed_start=data.proposed_start,
        proposed_end=data.proposed_end,
        proposed_by=user,
    )
    exchange.practices.set(data.practices)
    record(
        "exchange.proposed",
        actor=user,
        target=exchange,
        request=request,
        visiting_city=data.visiting_city.slug,
        host_city=data.host_city.slug,
    )
    tell(side_focal_points(exchange, Side.HOST), "exchange_proposed", exchange, user)
    return exchange


# --- Answering ------------------------------------------------------------------------------------


def _answer(exchange: Exchange, user, to: str, message: str, request) -> Exchange:
    exchange = locked(exchange)
    allow(
        is_focal_point(user, exchange.host_city_id),
        _("Only the host city's focal points can answer this request."),
    )
    require_state(exchange, State.PROPOSED)
    now = timezone.now()
    exchange.state = to
    exchange.responded_by = user
    exchange.responded_at = now
    exchange.response_message = message
    exchange.updated_at = now
    exchange.save(
        update_fields=["state", "responded_by", "responded_at", "response_message", "updated_at"]
    )
    record(f"exchange.{to}", actor=user, target=exchange, request=request, message=message)
    recipients = [*side_focal_points(exchange, Side.VISITING), exchange.proposed_by]
    tell(recipients, f"exchange_{to}", exchange, user, message=message)
    return exchange


@transaction.atomic
def accept_exchange(exchange: Exchange, *, user, message: str = "", request=None) -> Exchange:
    """The host city's focal point accepts, with an optional message."""
    return _answer(exchange, user, State.ACCEPTED, (message or "").strip(), request)


@transaction.atomic
def decline_exchange(exchange: Exchange, *, user, message: str, request=None) -> Exchange:
    """The host city's focal point declines, saying why."""
    message = (message or "").strip()
    if not message:
        raise ExchangeError(_("Say why the request is declined."), field="message", code="input")
    return _answer(exchange, user, State.DECLINED, message, request)


# --- Scheduling, completing, cancelling ---------------------------------------------------


@transaction.atomic
def schedule_exchange(
    exchange: Exchange, *, user, starts_on: date, ends_on: date, request=None
) -> Exchange:
    """Either city's focal point fixes (or changes) the dates of an accepted exchange."""
    exchange = locked(exchange)
    acting_side(user, exchange)
    require_state(exchange, State.ACCEPTED, State.SCHEDULED)
    if starts_on is None:
        raise ExchangeError(_("Give the first day."), field="starts_on", code="dates")
    if ends_on is None or ends_on < starts_on:
        raise ExchangeError(
            _("The last day cannot be before the first."), field="ends_on", code="dates"
        )
    before = (exchange.starts_on, exchange.ends_on)
    now = timezone.now()
    exchange.state = State.SCHEDULED
    exchange.starts_on, exchange.ends_on = starts_on, ends_on
    exchange.scheduled_at = now
    exchange.updated_at = now
    exchange.save(update_fields=["state", "starts_on", "ends_on", "scheduled_at", "updated_at"])
    record(
        "exchange.scheduled",
        actor=user,
        target=exchange,
        request=request,
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat(),
        rescheduled=before[0] is not None,
    )
    recipients = [*side_focal_points(exchange, Side.VISITING, Side.HOST), *participants(exchange)]
    tell(recipients, "exchange_scheduled", exchange, user)
    return exchange


@transaction.atomic
def complete_exchange(exchange: Exchange, *, user, request=None) -> Exchange:
    """Either city's focal point marks the exchange done once it has started; the 3- and 6-month
    follow-ups are due from its last day, and both sides are asked for their reports."""
    exchange = locked(exchange)
    acting_side(user, exchange)
    require_state(exchange, State.SCHEDULED)
    if exchange.starts_on > today():
        raise ExchangeError(
            _("An exchange can be marked completed once it has started."), code="dates"
        )
    now = timezone.now()
    exchange.state = State.COMPLETED
    exchange.completed_at = now
    exchange.updated_at = now
    exchange.save(update_fields=["state", "completed_at", "updated_at"])
    ends_on = exchange.ends_on or exchange.starts_on
    for month in FollowUp.MONTHS:
        FollowUp.objects.update_or_create(
            exchange=exchange, month=month, defaults={"due_on": add_months(ends_on, month)}
        )
    record("exchange.completed", actor=user, target=exchange, request=request)
    recipients = [*side_focal_points(exchange, Side.VISITING, Side.HOST), *participants(exchange)]
    tell(recipients, "exchange_completed", exchange, user)
    return exchange


@transaction.atomic
def cancel_exchange(exchange: Exchange, *, user, reason: str, request=None) -> Exchange:
    """Either city's focal point calls off an exchange that has not happened, saying why; the
    other city's focal points and every participant are told."""
    exchange = locked(exchange)
    side = acting_side(user, exchange)
    require_state(exchange, *Exchange.OPEN_STATES)
    reason = (reason or "").strip()
    if not reason:
        raise ExchangeError(_("Say why the exchange is cancelled."), field="reason", code="input")
    now = timezone.now()
    exchange.state = State.CANCELLED
    exchange.cancelled_at = now
    exchange.cancelled_by = user
    exchange.cancel_reason = reason
    exchange.updated_at = now
    exchange.save(
        update_fields=["state", "cancelled_at", "cancelled_by", "cancel_reason", "updated_at"]
    )
    record("exchange.cancelled", actor=user, target=exchange, request=request, reason=reason)
    recipients = [*side_focal_points(exchange, other_side(side)), *participants(exchange)]
    tell(recipients, "exchange_cancelled", exchange, user, reason=reason)
    return exchange
