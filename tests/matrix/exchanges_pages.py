"""The exchanges pages (exchanges/views/): list, propose, an exchange and its steps, reports,
follow-ups, programmes. The world: Tunis (member, focal_point) visits Aarhus
(other_focal_point); a third city, Amman, has exchanges with Aarhus only."""

from datetime import date, timedelta

from strongcities.core.visibility import Visibility
from strongcities.exchanges.models import Exchange, Side
from tests.exchanges.factories import (
    ExchangeFactory,
    FollowUpFactory,
    ParticipantFactory,
    ProgrammeFactory,
    ReportFactory,
)
from tests.factories import CityFactory, CityRoleFactory, PartnerFactory, UserFactory, concept
from tests.matrix import LOGIN, Entry

State = Exchange.State
TODAY = date.today


def amman():
    return CityFactory(slug="amman", name="Amman")


def between(world, state=State.PROPOSED, **kwargs) -> Exchange:
    """Tunis visits Aarhus, in `state`."""
    return ExchangeFactory(
        visiting_city=world.city,
        host_city=world.other_city,
        state=state,
        proposed_by=world.focal_point,
        **kwargs,
    )


def scheduled(world) -> Exchange:
    return between(
        world,
        State.SCHEDULED,
        starts_on=TODAY() - timedelta(days=2),
        ends_on=TODAY() - timedelta(days=1),
    )


def completed(world) -> Exchange:
    exchange = between(
        world,
        State.COMPLETED,
        starts_on=TODAY() - timedelta(days=100),
        ends_on=TODAY() - timedelta(days=98),
    )
    FollowUpFactory(exchange=exchange, month=3, due_on=TODAY() - timedelta(days=8))
    FollowUpFactory(exchange=exchange, month=6, due_on=TODAY() + timedelta(days=80))
    return exchange


def pk_of(build):
    return lambda world: {"pk": build(world).pk}


def proposed_pk(world) -> dict:
    return {"pk": between(world).pk}


def accepted_pk(world) -> dict:
    return {"pk": between(world, State.ACCEPTED).pk}


def aarhus_amman_pk(state):
    """Aarhus visits Amman: Tunis sees it once it is accepted, never while proposed."""

    def kwargs(world) -> dict:
        exchange = ExchangeFactory(visiting_city=world.other_city, host_city=amman(), state=state)
        return {"pk": exchange.pk}

    return kwargs


def participant_kwargs(world) -> dict:
    exchange = between(world, State.ACCEPTED)
    found = ParticipantFactory(exchange=exchange, side=Side.VISITING, user=world.member)
    return {"pk": exchange.pk, "participant": found.pk}


def reported_pk(world) -> dict:
    exchange = completed(world)
    ReportFactory(exchange=exchange, side=Side.VISITING, author=world.focal_point)
    return {"pk": exchange.pk}


def follow_up_kwargs(month: int):
    return lambda world: {"pk": completed(world).pk, "month": month}


def propose_data(world) -> dict:
    """Tunis's and Aarhus's focal points both propose a visit to Amman."""
    CityRoleFactory(user=UserFactory(), city=amman(), role="focal-point")
    start = TODAY() + timedelta(days=30)
    return {
        "host_city": "amman",
        "kind": concept("exchange-type", "study-visit").pk,
        "objectives": "Learn from Amman's community policing.",
        "language": "en",
        "proposed_start": start.isoformat(),
        "proposed_end": (start + timedelta(days=2)).isoformat(),
    }


def programme_slug(visibility: str, *, with_tunis: bool = True):
    def kwargs(world) -> dict:
        cities = [world.city, world.other_city] if with_tunis else [world.other_city, amman()]
        return {"slug": ProgrammeFactory(visibility=visibility, cities=cities).slug}

    return kwargs


def programme_data(world) -> dict:
    return {
        "title": "Matrix programme",
        "sponsor": PartnerFactory().pk,
        "cities": [world.city.pk, world.other_city.pk],
        "starts_on": TODAY().isoformat(),
        "participants_per_side": "3",
        "visibility": "members",
    }


EVERYONE = {
    "anonymous": LOGIN,
    "member": 200,
    "focal_point": 200,
    "other_focal_point": 200,
    "secretariat": 200,
}
NOBODY = {**dict.fromkeys(EVERYONE, 404), "anonymous": LOGIN}
HOST = {**NOBODY, "other_focal_point": 200}
VISITING = {**NOBODY, "focal_point": 200}
FOCAL_POINTS = {**NOBODY, "focal_point": 200, "other_focal_point": 200}
SECRETARIAT = {**NOBODY, "secretariat": 200}


def redirected(expect: dict) -> dict:
    return {role: 302 if status == 200 else status for role, status in expect.items()}


ENTRIES = [
    # --- the list and proposing ------------------------------------------------------------------
    Entry("exchanges:list", expect=EVERYONE),
    Entry(
        "exchanges:list",
        query="?state=nonsense&programme=nowhere&type=x&page=99",
        label="bad filters",
        expect=EVERYONE,
    ),
    Entry("exchanges:propose", expect=FOCAL_POINTS),
    Entry(
        "exchanges:propose",
        query="?host=aarhus&practice=none",
        label="prefill",
        expect=FOCAL_POINTS,
    ),
    Entry(
        "exchanges:propose",
        method="post",
        data=propose_data,
        label="send",
        expect=redirected(FOCAL_POINTS),
    ),
    Entry(
        "exchanges:propose",
        method="post",
        data=lambda w: {**propose_data(w), "proposed_start": "2001-01-01"},
        label="past dates",
        expect=FOCAL_POINTS,
    ),
    # --- an exchange -----------------------------------------------------------------------------
    Entry("exchanges:detail", kwargs=proposed_pk, expect=EVERYONE),
    Entry(
        "exchanges:detail",
        kwargs=aarhus_amman_pk(State.PROPOSED),
        label="proposed elsewhere",
        expect={**NOBODY, "other_focal_point": 200, "secretariat": 200},
    ),
    Entry(
        "exchanges:detail",
        kwargs=aarhus_amman_pk(State.ACCEPTED),
        label="accepted elsewhere",
        expect=EVERYONE,
    ),
    Entry("exchanges:detail", kwargs=pk_of(completed), label="completed", expect=EVERYONE),
    Entry("exchanges:detail", kwargs=lambda w: {"pk": 999999}, label="none", expect=NOBODY),
    Entry("exchanges:accept", kwargs=proposed_pk, expect=HOST),
    Entry(
        "exchanges:accept",
        kwargs=proposed_pk,
        method="post",
        data=lambda w: {"message": "Welcome."},
        label="post",
        expect=redirected(HOST),
    ),
    Entry(
        "exchanges:accept",
        kwargs=accepted_pk,
        method="post",
        label="already accepted",
        expect=HOST,
    ),
    Entry(
        "exchanges:accept",
        kwargs=aarhus_amman_pk(State.PROPOSED),
        label="proposed elsewhere",
        expect=NOBODY,
    ),
    Entry("exchanges:decline", kwargs=proposed_pk, expect=HOST),
    Entry(
        "exchanges:decline",
        kwargs=proposed_pk,
        method="post",
        data=lambda w: {"message": "Not this year."},
        label="post",
        expect=redirected(HOST),
    ),
    Entry(
        "exchanges:decline",
        kwargs=proposed_pk,
        method="post",
        data=lambda w: {"message": ""},
        label="no message",
        expect=HOST,
    ),
    Entry("exchanges:schedule", kwargs=accepted_pk, expect=FOCAL_POINTS),
    Entry(
        "exchanges:schedule",
        kwargs=accepted_pk,
        method="post",
        data=lambda w: {"starts_on": "2031-03-01", "ends_on": "2031-03-03"},
        label="post",
        expect=redirected(FOCAL_POINTS),
    ),
    Entry(
        "exchanges:schedule",
        kwargs=accepted_pk,
        method="post",
        data=lambda w: {"starts_on": "2031-03-03", "ends_on": "2031-03-01"},
        label="end before start",
        expect=FOCAL_POINTS,
    ),
    Entry(
        "exchanges:complete",
        kwargs=pk_of(scheduled),
        method="post",
        expect=redirected(FOCAL_POINTS),
    ),
    Entry("exchanges:complete", kwargs=pk_of(scheduled), label="GET", every=405),
    Entry("exchanges:cancel", kwargs=accepted_pk, expect=FOCAL_POINTS),
    Entry(
        "exchanges:cancel",
        kwargs=accepted_pk,
        method="post",
        data=lambda w: {"reason": "The budget was cut."},
        label="post",
        expect=redirected(FOCAL_POINTS),
    ),
    Entry(
        "exchanges:cancel",
        kwargs=pk_of(completed),
        method="post",
        data=lambda w: {"reason": "Too late."},
        label="completed",
        expect=FOCAL_POINTS,
    ),
    # --- participants ----------------------------------------------------------------------------
    Entry("exchanges:participants", kwargs=accepted_pk, expect=FOCAL_POINTS),
    Entry(
        "exchanges:participants",
        kwargs=accepted_pk,
        method="post",
        data=lambda w: {"side": Side.VISITING, "person": w.member.pk},
        label="add a Tunisian",
        # Aarhus's focal point may add only Aarhus's people: the form refuses.
        expect={**FOCAL_POINTS, "focal_point": 302},
    ),
    Entry(
        "exchanges:participant_remove",
        kwargs=participant_kwargs,
        method="post",
        # The person themselves may step down; Aarhus's focal point is refused by the service
        # (a message on the page it is sent back to).
        expect={**redirected(FOCAL_POINTS), "member": 302},
    ),
    Entry(
        "exchanges:participant_remove",
        kwargs=lambda w: {"pk": between(w).pk, "participant": 999999},
        method="post",
        label="none",
        expect=NOBODY,
    ),
    # --- reports and follow-ups ------------------------------------------------------------------
    Entry("exchanges:report", kwargs=pk_of(completed), expect=FOCAL_POINTS),
    Entry(
        "exchanges:report",
        kwargs=pk_of(completed),
        method="post",
        data=lambda w: {"learned": "Much.", "plans": "", "language": "en"},
        label="post",
        expect=redirected(FOCAL_POINTS),
    ),
    Entry(
        "exchanges:report",
        kwargs=proposed_pk,
        method="post",
        data=lambda w: {"learned": "Much.", "language": "en"},
        label="too early",
        expect=FOCAL_POINTS,
    ),
    Entry(
        "exchanges:draft_practice",
        kwargs=reported_pk,
        method="post",
        expect={**NOBODY, "member": 302, "focal_point": 302},
    ),
    Entry("exchanges:follow_up", kwargs=follow_up_kwargs(3), expect=VISITING),
    Entry("exchanges:follow_up", kwargs=follow_up_kwargs(4), label="no such month", expect=NOBODY),
    Entry(
        "exchanges:follow_up",
        kwargs=follow_up_kwargs(3),
        method="post",
        data=lambda w: {"outcome": "not_adopted", "reason": "No budget."},
        label="post",
        expect=redirected(VISITING),
    ),
    Entry(
        "exchanges:follow_up",
        kwargs=follow_up_kwargs(6),
        method="post",
        data=lambda w: {"outcome": "adapting"},
        label="no reason",
        expect=VISITING,
    ),
    # --- programmes ------------------------------------------------------------------------------
    Entry("exchanges:programmes", every=200),
    Entry(
        "exchanges:programme",
        kwargs=programme_slug(Visibility.PUBLIC),
        label="public",
        every=200,
    ),
    Entry("exchanges:programme", kwargs=programme_slug(Visibility.MEMBERS), expect=EVERYONE),
    Entry(
        "exchanges:programme",
        kwargs=programme_slug(Visibility.RESTRICTED, with_tunis=False),
        label="restricted to Aarhus and Amman",
        expect={**NOBODY, "other_focal_point": 200, "secretariat": 200},
    ),
    Entry("exchanges:programme", kwargs=lambda w: {"slug": "none"}, label="none", expect=NOBODY),
    Entry("exchanges:programme_new", expect=SECRETARIAT),
    Entry(
        "exchanges:programme_new",
        method="post",
        data=programme_data,
        label="save",
        expect=redirected(SECRETARIAT),
    ),
    Entry(
        "exchanges:programme_new",
        method="post",
        data=lambda w: {**programme_data(w), "ends_on": "2001-01-01"},
        label="ends before it starts",
        expect=SECRETARIAT,
    ),
    Entry(
        "exchanges:programme_edit", kwargs=programme_slug(Visibility.MEMBERS), expect=SECRETARIAT
    ),
    Entry(
        "exchanges:programme_edit",
        kwargs=programme_slug(Visibility.MEMBERS),
        method="post",
        data=programme_data,
        label="save",
        expect=redirected(SECRETARIAT),
    ),
    # --- the secretariat's figures (views/impact.py) ---------------------------------------
    Entry("exchanges:impact", expect=SECRETARIAT),
    Entry("exchanges:impact", query="?format=csv", label="csv", expect=SECRETARIAT),
]
