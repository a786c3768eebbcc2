"""The impact figures of the exchanges, for the secretariat (rule `exchanges.see_impact`).

What the network changed rather than how often it met: exchanges by state, what the visiting
cities said they adopted (the latest recorded follow-up of each exchange), the practices that
travelled from one city to another (Transfer), and the time from request to completion —
for all exchanges, per programme and per theme (the themes of the exchanges' practices of
interest; an exchange with several themes counts in each of them).

`impact()` reads everything in a fixed number of queries whatever the data (see
IMPACT_QUERIES), and names confidential things (restricted practices, cities' plans): show it
only to those with `exchanges.see_impact`.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from django.db.models import QuerySet

from strongcities.core.taxonomy.models import Concept
from strongcities.exchanges.models import Exchange, FollowUp, Outcome, Programme, Transfer
from strongcities.members.models import City
from strongcities.practices.models import Practice

# exchanges, their themes, the themes' concepts, follow-ups, programmes, transfers.
IMPACT_QUERIES = 6
STATES = [state for state, _label in Exchange.State.choices]
OUTCOMES = [outcome for outcome, _label in Outcome.choices]


@dataclass
class TransferRow:
    """A practice that travelled: from its owner city (None for a partner's) to `to_city`."""

    practice: Practice
    from_city: City | None
    to_city: City
    status: str
    recorded_at: datetime
    exchange_id: int | None

    @property
    def origin(self) -> str:
        """Where it came from: the city, else the partner organisation owning the practice."""
        if self.from_city is not None:
            return self.from_city.name
        partner = self.practice.partner
        return partner.name if partner is not None else ""


@dataclass
class Row:
    """The figures of one group of exchanges (all of them, a programme, or a theme)."""

    key: object = None  # a Programme, a theme Concept, or None (no programme / everything)
    exchanges: int = 0
    by_state: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    adoption: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    transfers: int = 0
    median_days_to_completion: float | None = None

    @property
    def completed(self) -> int:
        """Exchanges that took place (completed, reported or followed up)."""
        return sum(self.by_state[state] for state in Exchange.DONE_STATES)

    @property
    def under_way(self) -> int:
        """Proposed, accepted or scheduled."""
        return sum(self.by_state[state] for state in Exchange.OPEN_STATES)

    @property
    def not_held(self) -> int:
        """Declined or cancelled."""
        return self.by_state[Exchange.State.DECLINED] + self.by_state[Exchange.State.CANCELLED]


@dataclass
class Impact:
    by_state: dict[str, int]
    adoption: dict[str, int]
    transfers: list[TransferRow]
    median_days_to_completion: float | None
    per_programme: list[Row]
    per_theme: list[Row]
    total: Row

    @property
    def exchanges(self) -> int:
        return self.total.exchanges

    def state_rows(self) -> list[tuple[str, str, int]]:
        """(state, label, count) in the order of the lifecycle."""
        return [(code, label, self.by_state[code]) for code, label in Exchange.State.choices]

    def adoption_rows(self) -> list[tuple[str, str, int]]:
        """(outcome, label, count) of the latest recorded follow-ups."""
        return [(code, label, self.adoption[code]) for code, label in Outcome.choices]


@dataclass
class _Facts:
    """One exchange as the figures need it."""

    pk: int
    state: str
    programme_id: int | None
    days: float | None  # request to completion, in days
    outcome: str = ""  # of its latest recorded follow-up
    transfers: int = 0
    themes: set[int] = field(default_factory=set)


def filtered_exchanges(
    programme: Programme | None = None, theme: Concept | None = None
) -> QuerySet:
    """The exchanges the figures are about."""
    exchanges = Exchange.objects.all()
    if programme is not None:
        exchanges = exchanges.filter(programme=programme)
    if theme is not None:
        exchanges = exchanges.filter(
            pk__in=Exchange.practices.through.objects.filter(practice__themes=theme).values(
                "exchange_id"
            )
        )
    return exchanges


def impact(programme: Programme | None = None, theme: Concept | None = None) -> Impact:
    """The figures for the exchanges of `programme` and/or `theme` (every exchange by default).

    Transfers are those recorded for these exchanges; without a filter, every transfer (also
    one recorded without an exchange)."""
    exchanges = filtered_exchanges(programme, theme)
    facts = _facts(exchanges)
    subquery = exchanges.values("pk")
    _add_themes(facts, subquery)
    _add_outcomes(facts, subquery)
    transfers = Transfer.objects.select_related(
        "practice__partner", "from_city", "to_city"
    ).order_by("-recorded_at", "-pk")
    if programme is not None or theme is not None:
        transfers = transfers.filter(exchange__in=subquery)
    rows = [
        TransferRow(
            practice=t.practice,
            from_city=t.from_city,
            to_city=t.to_city,
            status=t.status,
            recorded_at=t.recorded_at,
            exchange_id=t.exchange_id,
        )
        for t in transfers
    ]
    for transfer in rows:
        if transfer.exchange_id in facts:
            facts[transfer.exchange_id].transfers += 1
    total = _row(None, list(facts.values()))
    total.transfers = len(rows)
    return Impact(
        by_state=total.by_state,
        adoption=total.adoption,
        transfers=rows,
        median_days_to_completion=total.median_days_to_completion,
        per_programme=_per_programme(facts, exchanges),
        per_theme=_per_theme(facts, subquery),
        total=total,
    )


def _facts(exchanges: QuerySet) -> dict[int, _Facts]:
    facts = {}
    for pk, state, programme_id, proposed_at, completed_at in exchanges.order_by().values_list(
        "pk", "state", "programme_id", "proposed_at", "completed_at"
    ):
        days = None
        if completed_at is not None and proposed_at is not None:
            days = (completed_at - proposed_at).total_seconds() / 86400
        facts[pk] = _Facts(pk=pk, state=state, programme_id=programme_id, days=days)
    return facts


def _add_themes(facts: dict[int, _Facts], subquery: QuerySet) -> None:
    pairs = Exchange.practices.through.objects.filter(
        exchange_id__in=subquery, practice__themes__isnull=False
    ).values_list("exchange_id", "practice__themes")
    for exchange_id, theme_id in pairs:
        facts[exchange_id].themes.add(theme_id)


def _add_outcomes(facts: dict[int, _Facts], subquery: QuerySet) -> None:
    """The outcome of each exchange's latest recorded follow-up."""
    recorded = (
        FollowUp.objects.filter(exchange_id__in=subquery, recorded_at__isnull=False)
        .exclude(outcome="")
        .order_by("exchange_id", "recorded_at", "month", "pk")
        .values_list("exchange_id", "outcome")
    )
    for exchange_id, outcome in recorded:
        facts[exchange_id].outcome = outcome  # the last one wins


def _row(key, facts: list[_Facts]) -> Row:
    row = Row(key=key, exchanges=len(facts))
    row.by_state.update(Counter(f.state for f in facts))
    row.adoption.update(Counter(f.outcome for f in facts if f.outcome))
    row.transfers = sum(f.transfers for f in facts)
    days = [f.days for f in facts if f.days is not None]
    row.median_days_to_completion = round(median(days), 1) if days else None
    return row


def _per_programme(facts: dict[int, _Facts], exchanges: QuerySet) -> list[Row]:
    """One row per programme (by title), then the exchanges without one."""
    groups: dict[int | None, list[_Facts]] = defaultdict(list)
    for fact in facts.values():
        groups[fact.programme_id].append(fact)
    # A subquery, not a list of ids: the query runs even when there is nothing to find.
    programmes = Programme.objects.filter(pk__in=exchanges.values("programme_id")).in_bulk()
    rows = [_row(programmes[pk], members) for pk, members in groups.items() if pk is not None]
    rows.sort(key=lambda row: (str(row.key.title).casefold(), row.key.pk))
    if None in groups:
        rows.append(_row(None, groups[None]))
    return rows


def _per_theme(facts: dict[int, _Facts], subquery: QuerySet) -> list[Row]:
    """One row per theme of the practices of interest, the most exchanges first."""
    groups: dict[int, list[_Facts]] = defaultdict(list)
    for fact in facts.values():
        for theme_id in fact.themes:
            groups[theme_id].append(fact)
    themes = Concept.objects.filter(
        pk__in=Practice.themes.through.objects.filter(practice__exchanges__in=subquery).values(
            "concept_id"
        )
    ).in_bulk()
    rows = [_row(themes[pk], members) for pk, members in groups.items()]
    rows.sort(key=lambda row: (-row.exchanges, str(row.key.label).casefold(), row.key.pk))
    return rows
