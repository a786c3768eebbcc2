"""What became of an exchange: the visiting city's answers 3 and 6 months after it, reminders
when they are due, and the transfers (a practice that travelled from one city to another).

Recording is possible any time after completion; the first answer moves the exchange to
"followed up". A practice adopted or being adapted creates (or updates) its Transfer; "not
adopted" removes nothing and keeps the reason.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strongcities.core.audit.services import record
from strongcities.exchanges.models import Exchange, FollowUp, Outcome, Side, Transfer
from strongcities.exchanges.services.common import (
    allow,
    exchange_url,
    is_focal_point,
    locked,
    require_state,
    side_focal_points,
    tell,
)
from strongcities.exchanges.services.common import today as local_today
from strongcities.exchanges.services.errors import ExchangeError
from strongcities.practices.models import Practice

State = Exchange.State
NEEDS_REASON = (Outcome.NOT_ADOPTED, Outcome.ADAPTING)


def _check_answer(exchange: Exchange, user, outcome: str, reason: str, practice) -> None:
    if outcome not in Outcome.values:
        raise ExchangeError(
            _("Choose adopted, adapting or not adopted."), field="outcome", code="input"
        )
    if outcome in NEEDS_REASON and not reason:
        raise ExchangeError(
            _("Say why, and what is being changed or stood in the way."),
            field="reason",
            code="input",
        )
    if practice is None:
        return
    visible = Practice.objects.visible_to(user).filter(
        pk=practice.pk, status__in=Practice.READABLE_STATUSES
    )
    if not visible.exists():
        raise ExchangeError(
            _("Choose a practice of the library you can see."), field="practice", code="practice"
        )
    if practice.city_id == exchange.visiting_city_id:
        raise ExchangeError(
            _("Choose a practice of another city or organisation than your own."),
            field="practice",
            code="practice",
        )


def _transfer(follow_up: FollowUp, exchange: Exchange, user) -> Transfer | None:
    if follow_up.practice is None or follow_up.outcome not in (Outcome.ADOPTED, Outcome.ADAPTING):
        return None
    transfer, _created = Transfer.objects.update_or_create(
        practice=follow_up.practice,
        to_city=exchange.visiting_city,
        defaults={
            "from_city_id": follow_up.practice.city_id,
            "exchange": exchange,
            "status": follow_up.outcome,
            "recorded_by": user,
            "recorded_at": follow_up.recorded_at,
        },
    )
    return transfer


@transaction.atomic
def record_follow_up(
    follow_up: FollowUp, *, user, outcome: str, reason: str = "", practice=None, request=None
) -> FollowUp:
    """The visiting city's focal point says what became of the exchange at 3 or 6 months."""
    exchange = locked(follow_up.exchange_id)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    allow(
        is_focal_point(user, exchange.visiting_city_id),
        _("Only the visiting city's focal points can record what became of the exchange."),
    )
    require_state(exchange, *Exchange.DONE_STATES)
    reason = (reason or "").strip()
    _check_answer(exchange, user, outcome, reason, practice)
    follow_up.outcome, follow_up.reason, follow_up.practice = outcome, reason, practice
    follow_up.recorded_by = user
    follow_up.recorded_at = timezone.now()
    follow_up.save(update_fields=["outcome", "reason", "practice", "recorded_by", "recorded_at"])
    transfer = _transfer(follow_up, exchange, user)
    record(
        "exchange.follow_up_recorded",
        actor=user,
        target=exchange,
        request=request,
        month=follow_up.month,
        outcome=outcome,
        practice=practice.slug if practice is not None else None,
        transfer=transfer.pk if transfer is not None else None,
    )
    if exchange.state != State.FOLLOWED_UP:
        exchange.state = State.FOLLOWED_UP
        exchange.followed_up_at = follow_up.recorded_at
        exchange.updated_at = follow_up.recorded_at
        exchange.save(update_fields=["state", "followed_up_at", "updated_at"])
        record("exchange.followed_up", actor=user, target=exchange, request=request)
    tell(
        side_focal_points(exchange, Side.HOST),
        "follow_up_recorded",
        exchange,
        user,
        month=follow_up.month,
        outcome=outcome,
    )
    return follow_up


# --- Reminders ------------------------------------------------------------------------------------


def _due(day: date):
    return FollowUp.objects.filter(
        due_on__lte=day,
        recorded_at__isnull=True,
        reminded_at__isnull=True,
        exchange__state__in=Exchange.DONE_STATES,
    )


@transaction.atomic
def _remind(pk: int, day: date) -> bool:
    follow_up = _due(day).select_for_update(of=("self",)).filter(pk=pk).first()
    if follow_up is None:  # recorded or reminded meanwhile
        return False
    exchange = follow_up.exchange
    tell(
        side_focal_points(exchange, Side.VISITING),
        "follow_up_due",
        exchange,
        None,
        key=f"exchanges.follow_up_due:{follow_up.pk}",
        month=follow_up.month,
        url=exchange_url(exchange, "exchanges:follow_up", follow_up.month),
    )
    follow_up.reminded_at = timezone.now()
    follow_up.save(update_fields=["reminded_at"])
    return True


def send_follow_up_reminders(today: date | None = None) -> int:
    """Ask the visiting cities for the follow-ups now due; returns how many were reminded.

    Safe to run twice: a follow-up is reminded once (`reminded_at`, and a notification key).
    """
    day = today or local_today()
    pks = list(_due(day).order_by("due_on", "pk").values_list("pk", flat=True))
    return sum(_remind(pk, day) for pk in pks)
