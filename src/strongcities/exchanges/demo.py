"""The demo exchanges: the Danish Ministry of Foreign Affairs' programme between Amman, Beirut and
Tunis, and a dozen exchanges at every stage of their lifecycle (docs/demo.md, docs/exchanges.md).

The data lives in exchanges/demo_data/exchanges.json. The programme is created by the
secretariat and each exchange walked to its state through the services the site uses —
proposed by the visiting city's focal point, answered by the host's, given participants,
scheduled, completed, reported on by both sides, followed up at 3 and 6 months — so audit
entries, follow-ups and transfers are the real ones.

The story happened over the past year, but the services date every step today and refuse a
proposal that starts in the past. So each exchange is proposed with dates ahead, walked through,
and then its moments are set back to the row's (`*_days_ago`, counted from the day of loading):
the proposed and actual dates, when it was proposed, answered, scheduled, completed, reported
and followed up, when participants were named, reports written, follow-ups and transfers
recorded. The notifications of those steps are history (read, never emailed), except the
requests still waiting for an answer (`"waiting": true`), which stay unread in the host's inbox.

The programme is matched by slug; an exchange by its two cities and its objectives: one that
exists is left as it is, so loading the demo again creates nothing twice.
"""

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.db.models import Max
from django.utils import timezone

from strongcities.accounts.models import User
from strongcities.core.exceptions import DomainError
from strongcities.core.notifications.models import Notification
from strongcities.core.taxonomy.models import Concept
from strongcities.exchanges.models import (
    Exchange,
    FollowUp,
    Participant,
    Programme,
    Report,
    Transfer,
)
from strongcities.exchanges.services import followups, lifecycle, participants, reports
from strongcities.exchanges.services.programmes import ProgrammeInput, save_programme
from strongcities.members.models import City, Partner
from strongcities.practices.models import Practice

DATA_FILE = Path(__file__).resolve().parent / "demo_data" / "exchanges.json"
DOMAIN = "demo.strongcities.org"
SECRETARIAT = f"secretariat@{DOMAIN}"
State = Exchange.State
REACHED = {  # the steps an exchange in each state went through
    State.PROPOSED: (),
    State.DECLINED: ("declined",),
    State.ACCEPTED: ("accepted",),
    State.CANCELLED: ("accepted", "cancelled"),
    State.SCHEDULED: ("accepted", "scheduled"),
    State.COMPLETED: ("accepted", "scheduled", "completed"),
    State.REPORTED: ("accepted", "scheduled", "completed"),
    State.FOLLOWED_UP: ("accepted", "scheduled", "completed"),
}


class DemoExchangesError(DomainError):
    """exchanges.json names something that does not exist, or a row ends in the wrong state."""


def read_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@dataclass
class LoadedExchanges:
    """What load_exchanges leaves behind, and the line the demo loader prints about it."""

    programme: Programme
    exchanges: list[Exchange]
    created: int

    def __str__(self) -> str:
        states = Counter(
            Exchange.objects.filter(pk__in=[e.pk for e in self.exchanges]).values_list(
                "state", flat=True
            )
        )
        shown = ", ".join(f"{count} {state}" for state, count in sorted(states.items()))
        transfers = Transfer.objects.filter(exchange__in=self.exchanges).count()
        return (
            f"programme {self.programme.slug}, {len(self.exchanges)} exchanges ({shown}), "
            f"{transfers} practices that travelled, {self.created} new"
        )


@dataclass
class Cast:
    cities: dict[str, City]
    people: dict[str, User]
    practices: dict[str, Practice]
    types: dict[str, Concept]
    programme: Programme

    def person(self, key: str) -> User:
        try:
            return self.people[f"{key}@{DOMAIN}"]
        except KeyError:
            raise DemoExchangesError(f"exchanges.json names an unknown person: {key}") from None

    def practice(self, key: str) -> Practice:
        try:
            return self.practices[key]
        except KeyError:
            raise DemoExchangesError(f"exchanges.json names an unknown practice: {key}") from None

    def focal_point(self, city: City) -> User:
        return self.person(f"focal.{city.slug.split('-')[0]}")


def load_exchanges(
    cities: dict[str, City],
    partners: dict[str, Partner],
    people: dict[str, User],
    practices: dict[str, Practice],
) -> LoadedExchanges:
    """Load the programme and the exchanges that do not exist yet; returns all of them."""
    data = read_data()
    # Fresh instances: role caches of the people loaded a moment ago may predate their roles.
    fresh = {u.email: u for u in User.objects.filter(pk__in=[u.pk for u in people.values()])}
    programme = _programme(data["programme"], cities, partners, fresh[SECRETARIAT])
    cast = Cast(
        cities=cities,
        people=fresh,
        practices=practices,
        types={c.code: c for c in Concept.objects.in_scheme("exchange-type")},
        programme=programme,
    )
    loaded, created = [], 0
    for row in data["exchanges"]:
        exchange = _existing(row, cast)
        if exchange is None:
            since = _last_notification()
            exchange = load_exchange(row, cast)
            _notifications_as_history(since, keep_unread=row.get("waiting", False))
            created += 1
        loaded.append(exchange)
    return LoadedExchanges(programme=programme, exchanges=loaded, created=created)


def _programme(spec: dict, cities: dict, partners: dict, secretariat: User) -> Programme:
    existing = Programme.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    texts = spec["texts"]
    return save_programme(
        None,
        ProgrammeInput(
            title=texts["en"]["title"],
            description=texts["en"].get("description", ""),
            sponsor=partners[spec["sponsor"]],
            cities=[cities[slug] for slug in spec["cities"]],
            starts_on=today - timedelta(days=spec["starts_days_ago"]),
            ends_on=today + timedelta(days=spec["ends_in_days"]),
            budget_note=spec["budget_note"],
            participants_per_side=spec["participants_per_side"],
            visibility=spec["visibility"],
            slug=spec["slug"],
            translations={lang: dict(t) for lang, t in texts.items() if lang != "en"},
        ),
        user=secretariat,
    )


def _existing(row: dict, cast: Cast) -> Exchange | None:
    return Exchange.objects.filter(
        visiting_city=cast.cities[row["visiting"]],
        host_city=cast.cities[row["host"]],
        objectives=row["objectives"],
    ).first()


def load_exchange(row: dict, cast: Cast) -> Exchange:
    """Walk one exchange through the services to its state, then date its steps back."""
    visiting, host = cast.cities[row["visiting"]], cast.cities[row["host"]]
    visiting_fp, host_fp = cast.focal_point(visiting), cast.focal_point(host)
    today = timezone.localdate()
    exchange = lifecycle.propose_exchange(
        lifecycle.ExchangeInput(
            visiting_city=visiting,
            host_city=host,
            kind=cast.types[row["type"]],
            objectives=row["objectives"],
            language=row["language"],
            # Ahead of today, as the service asks; set back to the row's dates below.
            proposed_start=today + timedelta(days=30),
            proposed_end=today + timedelta(days=30 + row["days"] - 1),
            programme=cast.programme if row["programme"] else None,
            practices=[cast.practice(key) for key in row["practices"]],
        ),
        user=visiting_fp,
    )
    steps = REACHED[row["state"]]
    _add_participants(exchange, row, cast, "visiting", visiting_fp)
    if "declined" in steps:
        lifecycle.decline_exchange(exchange, user=host_fp, message=row["answer"])
    if "accepted" in steps:
        lifecycle.accept_exchange(exchange, user=host_fp, message=row.get("answer", ""))
        _add_participants(exchange, row, cast, "host", host_fp)
    if "cancelled" in steps:
        lifecycle.cancel_exchange(exchange, user=visiting_fp, reason=row["cancel_reason"])
    if "scheduled" in steps:
        starts = today - timedelta(days=row["starts_days_ago"])
        lifecycle.schedule_exchange(
            exchange,
            user=visiting_fp,
            starts_on=starts,
            ends_on=starts + timedelta(days=row["days"] - 1),
        )
    if "completed" in steps:
        lifecycle.complete_exchange(exchange, user=visiting_fp)
    for spec in row.get("reports", []):
        _report(exchange, spec, cast)
    for spec in row.get("follow_ups", []):
        _follow_up(exchange, spec, cast, visiting_fp)
    exchange = Exchange.objects.get(pk=exchange.pk)
    if exchange.state != row["state"]:
        raise DemoExchangesError(
            f"exchanges.json: {visiting.slug} → {host.slug} ended {exchange.state}, "
            f"not {row['state']}"
        )
    backdate(exchange, row)
    return Exchange.objects.get(pk=exchange.pk)


def _add_participants(exchange: Exchange, row: dict, cast: Cast, side: str, by: User) -> None:
    for spec in row.get("participants", []):
        if spec["side"] == side:
            participants.add_participant(
                exchange, user=by, person=cast.person(spec["person"]), side=side, role=spec["role"]
            )


def _report(exchange: Exchange, spec: dict, cast: Cast) -> Report:
    return reports.submit_report(
        exchange,
        user=cast.person(spec["author"]),
        side=spec["side"],
        learned=spec["learned"],
        plans=spec.get("plans", ""),
        practices=[cast.practice(key) for key in spec.get("practices", [])],
        language=spec["language"],
    )


def _follow_up(exchange: Exchange, spec: dict, cast: Cast, by: User) -> FollowUp:
    return followups.record_follow_up(
        FollowUp.objects.get(exchange=exchange, month=spec["month"]),
        user=by,
        outcome=spec["outcome"],
        reason=spec.get("reason", ""),
        practice=cast.practice(spec["practice"]) if spec.get("practice") else None,
    )


# --- Dating the story back ------------------------------------------------------------------


def _ago(days: float) -> datetime:
    """That many days before now, at a plausible office hour in UTC."""
    moment = timezone.now() - timedelta(days=days)
    return moment.replace(hour=9, minute=30, second=0, microsecond=0)


def _dates(row: dict) -> tuple[date, date]:
    """The proposed dates: the actual ones for an exchange that was scheduled, else the row's."""
    today = timezone.localdate()
    if "starts_days_ago" in row:
        start = today - timedelta(days=row["starts_days_ago"])
    else:
        start = today + timedelta(days=row["proposed_in_days"])
    return start, start + timedelta(days=row["days"] - 1)


def backdate(exchange: Exchange, row: dict) -> None:
    """Set the moments of the exchange's steps to those of the row (see the module's note)."""
    proposed_at = _ago(row["proposed_days_ago"])
    answered = _ago(row["answered_days_ago"]) if "answered_days_ago" in row else None
    start, end = _dates(row)
    fields = {"proposed_at": proposed_at, "proposed_start": start, "proposed_end": end}
    if exchange.responded_at is not None:
        fields["responded_at"] = answered
    if exchange.scheduled_at is not None:
        fields["scheduled_at"] = answered + timedelta(days=2)
    if exchange.completed_at is not None:
        fields["completed_at"] = _ago(row["completed_days_ago"])
    if exchange.cancelled_at is not None:
        fields["cancelled_at"] = _ago(row["cancelled_days_ago"])
    report_moments = {spec["side"]: _ago(spec["days_ago"]) for spec in row.get("reports", [])}
    if exchange.reported_at is not None:
        fields["reported_at"] = max(report_moments.values())
    follow_up_moments = {
        spec["month"]: _ago(spec["days_ago"]) for spec in row.get("follow_ups", [])
    }
    if exchange.followed_up_at is not None:
        fields["followed_up_at"] = min(follow_up_moments.values())
    fields["updated_at"] = max(value for value in fields.values() if isinstance(value, datetime))
    Exchange.objects.filter(pk=exchange.pk).update(**fields)
    Participant.objects.filter(exchange=exchange).update(
        added_at=(answered or proposed_at) + timedelta(hours=2)
    )
    for side, moment in report_moments.items():
        Report.objects.filter(exchange=exchange, side=side).update(submitted_at=moment)
    for month, moment in sorted(follow_up_moments.items()):
        follow_up = FollowUp.objects.get(exchange=exchange, month=month)
        FollowUp.objects.filter(pk=follow_up.pk).update(recorded_at=moment)
        if follow_up.practice_id:
            Transfer.objects.filter(
                exchange=exchange, practice_id=follow_up.practice_id, to_city=exchange.visiting_city
            ).update(recorded_at=moment)


def _last_notification() -> int:
    return Notification.objects.aggregate(last=Max("pk"))["last"] or 0


def _notifications_as_history(since: int, *, keep_unread: bool) -> None:
    """The demo's notifications are never emailed; those of steps long past are read too."""
    now = timezone.now()
    fresh = Notification.objects.filter(pk__gt=since, emailed_at__isnull=True)
    if keep_unread:
        fresh.filter(kind="exchange_proposed").update(emailed_at=now)
    fresh.filter(read_at__isnull=True).update(read_at=now, emailed_at=now)
