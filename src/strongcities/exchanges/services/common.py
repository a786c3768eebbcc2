"""What the exchanges services share: the row lock, who is concerned, state checks, notifying."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strongcities.accounts.models import CityRole, PartnerRole, User
from strongcities.core.notifications.services import notify
from strongcities.exchanges.models import Exchange, Participant, Side
from strongcities.exchanges.services.errors import ExchangeError

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def today() -> date:
    return timezone.localdate()


def locked(exchange: Exchange | int) -> Exchange:
    """The exchange's row, locked until the end of the transaction, read afresh."""
    pk = exchange if isinstance(exchange, int) else exchange.pk
    return (
        Exchange.objects.select_for_update(of=("self",))
        .select_related("visiting_city", "host_city", "programme", "kind")
        .get(pk=pk)
    )


def is_focal_point(user, city_id: int | None) -> bool:
    return bool(user is not None and user.is_authenticated and city_id in user.focal_point_city_ids)


def is_team_member(user, city_id: int | None) -> bool:
    return bool(user is not None and user.is_authenticated and city_id in user.member_city_ids)


def city_id_of(exchange: Exchange, side: str) -> int:
    return exchange.visiting_city_id if side == Side.VISITING else exchange.host_city_id


def other_side(side: str) -> str:
    return Side.HOST if side == Side.VISITING else Side.VISITING


def check_side(side: str) -> None:
    if side not in Side.values:
        raise ExchangeError(_("Choose the visiting or the host city."), field="side", code="side")


def acting_side(user, exchange: Exchange) -> str:
    """The side whose focal point `user` is (the visiting one when both); refuses anyone else."""
    if is_focal_point(user, exchange.visiting_city_id):
        return Side.VISITING
    if is_focal_point(user, exchange.host_city_id):
        return Side.HOST
    raise ExchangeError(
        _("Only the focal points of the two cities can do this."), code="permission"
    )


def allow(condition: bool, message) -> None:
    if not condition:
        raise ExchangeError(message, code="permission")


def require_state(exchange: Exchange, *states: str) -> None:
    if exchange.state not in states:
        raise ExchangeError(
            _("This exchange is %(state)s: that step is not possible now.")
            % {"state": str(exchange.get_state_display()).lower()},
            code="state",
        )


# --- Who is concerned ----------------------------------------------------------------------------


def focal_points(*city_ids: int) -> list[User]:
    """The active focal points of these cities, in a stable order."""
    roles = (
        CityRole.objects.filter(
            city_id__in=city_ids, role=CityRole.Role.FOCAL_POINT, user__is_active=True
        )
        .select_related("user")
        .order_by("user_id")
    )
    return [role.user for role in roles]


def side_focal_points(exchange: Exchange, *sides: str) -> list[User]:
    return focal_points(*(city_id_of(exchange, side) for side in sides))


def participants(exchange: Exchange, *sides: str) -> list[User]:
    """The active participants of these sides (of both when none is named)."""
    rows = Participant.objects.filter(exchange=exchange, user__is_active=True)
    if sides:
        rows = rows.filter(side__in=sides)
    return [p.user for p in rows.select_related("user").order_by("user_id")]


def sponsor_people(exchange: Exchange) -> list[User]:
    """The people of the programme's sponsor, when the exchange belongs to a programme."""
    if not exchange.programme_id:
        return []
    roles = (
        PartnerRole.objects.filter(partner_id=exchange.programme.sponsor_id, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    return [role.user for role in roles]


def exchange_url(exchange: Exchange, name: str = "exchanges:detail", *args) -> str:
    """A page of the exchange; its detail page when that address is not known."""
    try:
        return reverse(name, args=[exchange.pk, *args])
    except NoReverseMatch:
        return ""


def tell(recipients: Iterable, kind: str, exchange: Exchange, user, *, key=None, **data) -> None:
    """Notify the recipients (never the actor; each once) about the exchange, after commit."""
    payload = {k: v for k, v in data.items() if v not in (None, "")}
    notify(recipients, kind, target=exchange, actor=user, data=payload, key=key)
