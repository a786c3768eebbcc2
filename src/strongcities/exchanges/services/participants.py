"""Who goes and who receives: the participants of each side of an exchange.

The limit per side (`exchange.participants_per_side`) holds under concurrency: the count is read
and the row written while the exchange's row is locked, so two focal points adding the last
person at the same moment are served one after the other and the second is refused ("limit").
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strongcities.accounts.models import CityRole
from strongcities.core.audit.services import record
from strongcities.core.taxonomy.models import Concept
from strongcities.core.visibility import is_secretariat
from strongcities.exchanges.models import SECTOR_LIMIT, Exchange, Participant, Side
from strongcities.exchanges.services.common import (
    allow,
    check_side,
    city_id_of,
    is_focal_point,
    locked,
    require_state,
)
from strongcities.exchanges.services.errors import ExchangeError

State = Exchange.State


def _states_for(side: str) -> tuple[str, ...]:
    """The visiting city may name its delegation with the request already."""
    if side == Side.VISITING:
        return (State.PROPOSED, State.ACCEPTED, State.SCHEDULED)
    return (State.ACCEPTED, State.SCHEDULED)


def _check_person(exchange: Exchange, person, side: str) -> None:
    city_id = city_id_of(exchange, side)
    in_team = (
        person is not None
        and person.is_active
        and CityRole.objects.filter(user=person, city_id=city_id).exists()
    )
    if not in_team:
        raise ExchangeError(
            _("Choose a person from the team of %(city)s.") % {"city": exchange.city_of(side)},
            field="person",
            code="person",
        )
    if Participant.objects.filter(exchange=exchange, user=person).exists():
        raise ExchangeError(
            _("This person already takes part in the exchange."), field="person", code="person"
        )


def _check_sector(sector) -> None:
    if sector is not None and not Concept.objects.filter(pk=sector.pk, **SECTOR_LIMIT).exists():
        raise ExchangeError(_("Choose a sector."), field="sector", code="input")


@transaction.atomic
def add_participant(
    exchange: Exchange, *, user, person, side: str, role: str = "", sector=None, request=None
) -> Participant:
    """A focal point of one side (or the secretariat) names a person of that city's team."""
    check_side(side)
    exchange = locked(exchange)
    allow(
        is_secretariat(user) or is_focal_point(user, city_id_of(exchange, side)),
        _("Only that city's focal points can name its participants."),
    )
    require_state(exchange, *_states_for(side))
    _check_person(exchange, person, side)
    _check_sector(sector)
    limit = exchange.participants_per_side
    if Participant.objects.filter(exchange=exchange, side=side).count() >= limit:
        raise ExchangeError(
            _("Each city may name at most %(limit)d participants.") % {"limit": limit},
            field="person",
            code="limit",
        )
    participant = Participant.objects.create(
        exchange=exchange,
        side=side,
        user=person,
        sector=sector if sector is not None else person.sector,
        role=(role or "").strip(),
        added_by=user,
        added_at=timezone.now(),
    )
    record(
        "exchange.participant_added",
        actor=user,
        target=exchange,
        request=request,
        side=side,
        person=person.pk,
    )
    return participant


@transaction.atomic
def remove_participant(participant: Participant, *, user, request=None) -> None:
    """The focal points of the participant's side, the secretariat or the person themselves
    take a participant off an exchange that has not happened yet."""
    exchange = locked(participant.exchange_id)
    participant = Participant.objects.filter(pk=participant.pk, exchange=exchange).first()
    if participant is None:
        raise ExchangeError(_("This person no longer takes part."), code="state")
    allow(
        is_secretariat(user)
        or is_focal_point(user, city_id_of(exchange, participant.side))
        or (user is not None and user.pk == participant.user_id),
        _("Only that city's focal points can change its participants."),
    )
    require_state(exchange, *Exchange.OPEN_STATES)
    side, person = participant.side, participant.user_id
    participant.delete()
    record(
        "exchange.participant_removed",
        actor=user,
        target=exchange,
        request=request,
        side=side,
        person=person,
    )
