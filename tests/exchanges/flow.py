"""Bringing an exchange to each state through the services, and reading what they left behind
(notifications, audit entries). The world fixture: Tunis visits Aarhus."""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType

from strongcities.core.audit.models import AuditEntry
from strongcities.core.notifications.models import Notification
from strongcities.exchanges.models import Exchange, Side
from strongcities.exchanges.services import lifecycle, participants, reports
from tests.factories import CityRoleFactory, UserFactory, concept


def today() -> date:
    return date.today()


def proposal(world, **overrides) -> lifecycle.ExchangeInput:
    values = {
        "visiting_city": world.city,
        "host_city": world.other_city,
        "kind": concept("exchange-type", "study-visit"),
        "objectives": "Learn how Aarhus's police and youth workers share their worries.",
        "language": "en",
        "proposed_start": today() + timedelta(days=30),
        "proposed_end": today() + timedelta(days=33),
    }
    values.update(overrides)
    return lifecycle.ExchangeInput(**values)


def proposed(world, *, by=None, **overrides) -> Exchange:
    return lifecycle.propose_exchange(proposal(world, **overrides), user=by or world.focal_point)


def accepted(world, **overrides) -> Exchange:
    exchange = proposed(world, **overrides)
    return lifecycle.accept_exchange(exchange, user=world.other_focal_point, message="Welcome!")


def scheduled(world, *, starts_on=None, ends_on=None, **overrides) -> Exchange:
    exchange = accepted(world, **overrides)
    starts_on = starts_on or today() - timedelta(days=3)
    ends_on = ends_on or starts_on + timedelta(days=2)
    return lifecycle.schedule_exchange(
        exchange, user=world.focal_point, starts_on=starts_on, ends_on=ends_on
    )


def completed(world, **kwargs) -> Exchange:
    exchange = scheduled(world, **kwargs)
    return lifecycle.complete_exchange(exchange, user=world.other_focal_point)


def reported(world, **kwargs) -> Exchange:
    exchange = completed(world, **kwargs)
    reports.submit_report(
        exchange, user=world.focal_point, side=Side.VISITING, learned="Much.", language="en"
    )
    reports.submit_report(
        exchange, user=world.other_focal_point, side=Side.HOST, learned="Also.", language="en"
    )
    return Exchange.objects.get(pk=exchange.pk)


def team_member(city, role: str = "member", **kwargs):
    user = UserFactory(**kwargs)
    CityRoleFactory(user=user, city=city, role=role)
    return user


def participant(world, exchange, side: str = Side.VISITING, **kwargs):
    """A new person of the side's city, added by that side's focal point."""
    city = world.city if side == Side.VISITING else world.other_city
    person = team_member(city, **kwargs)
    by = world.focal_point if side == Side.VISITING else world.other_focal_point
    participants.add_participant(exchange, user=by, person=person, side=side)
    return person


def sent(kind: str) -> list[str]:
    """The recipients' emails of the notifications of `kind`, sorted."""
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


EXCHANGE_KINDS = (
    "exchange_proposed",
    "exchange_accepted",
    "exchange_declined",
    "exchange_scheduled",
    "exchange_completed",
    "exchange_cancelled",
    "exchange_report_submitted",
    "exchange_reported",
    "follow_up_due",
    "follow_up_recorded",
)


def kinds() -> list[str]:
    """The kinds of the exchanges' notifications sent so far."""
    sent_kinds = Notification.objects.filter(kind__in=EXCHANGE_KINDS).values_list("kind", flat=True)
    return sorted(set(sent_kinds))


def actions(target) -> list[str]:
    """The audit actions recorded about `target`, oldest first."""
    return list(
        AuditEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )


def clear_notifications() -> None:
    Notification.objects.all().delete()
