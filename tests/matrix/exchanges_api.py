"""The exchanges API (/api/v1/programmes, /api/v1/exchanges...): programmes answer per
visibility (a hidden one is a 404); exchanges need an account (401 for anonymous callers) and
answer 404 to whoever may not see them. Writes take a JSON body: a form body is a 400 once the
caller is known (their rules are in tests/exchanges/test_api.py)."""

from strongcities.core.visibility import Visibility
from tests.exchanges.factories import ExchangeFactory, ProgrammeFactory
from tests.matrix import Entry

SIGNED_IN = ("member", "focal_point", "other_focal_point", "secretariat")
ACCOUNT = {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 200)}
BAD_BODY = {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 400)}


def programme(visibility: str):
    def kwargs(world) -> dict:
        return {
            "slug": ProgrammeFactory(
                visibility=visibility, cities=[world.city, world.other_city]
            ).slug
        }

    return kwargs


def tunis_to_aarhus(world) -> dict:
    """Proposed: Tunis's and Aarhus's teams and the secretariat see it."""
    exchange = ExchangeFactory(
        visiting_city=world.city, host_city=world.other_city, proposed_by=world.focal_point
    )
    return {"exchange_id": exchange.pk}


def elsewhere(world) -> dict:
    """Proposed between two other cities: the secretariat only."""
    return {"exchange_id": ExchangeFactory().pk}


ENTRIES = [
    Entry("api-1:programme_list", every=200),
    Entry("api-1:programme_list", every=200, query="?lang=ar&page=2", label="page 2"),
    Entry("api-1:programme_detail", every=200, kwargs=programme(Visibility.PUBLIC)),
    Entry(
        "api-1:programme_detail",
        expect={"anonymous": 404, **dict.fromkeys(SIGNED_IN, 200)},
        kwargs=programme(Visibility.MEMBERS),
        label="members",
    ),
    Entry(
        "api-1:programme_detail",
        expect={**dict.fromkeys(("anonymous", *SIGNED_IN), 404), "secretariat": 200},
        kwargs=programme(Visibility.SECRETARIAT),
        label="secretariat",
    ),
    Entry("api-1:exchange_list", expect=ACCOUNT),
    Entry(
        "api-1:exchange_list",
        expect=ACCOUNT,
        query="?state=proposed&city=tunis&programme=x&lang=fr",
        label="filtered",
    ),
    Entry(
        "api-1:exchange_list",
        expect={"anonymous": 401, **dict.fromkeys(SIGNED_IN, 422)},
        query="?state=finished",
        label="bad state",
    ),
    Entry("api-1:exchange_detail", expect=ACCOUNT, kwargs=tunis_to_aarhus),
    Entry(
        "api-1:exchange_detail",
        expect={"anonymous": 401, **dict.fromkeys(SIGNED_IN, 404), "secretariat": 200},
        kwargs=elsewhere,
        label="others' proposal",
    ),
    Entry("api-1:exchange_propose", method="post", expect=BAD_BODY),
    Entry("api-1:exchange_accept", method="post", expect=BAD_BODY, kwargs=tunis_to_aarhus),
    Entry("api-1:exchange_accept", every=405, kwargs=tunis_to_aarhus, label="GET"),
    Entry("api-1:exchange_decline", method="post", expect=BAD_BODY, kwargs=tunis_to_aarhus),
    Entry("api-1:exchange_report", method="post", expect=BAD_BODY, kwargs=tunis_to_aarhus),
    Entry("api-1:exchange_report", every=405, kwargs=tunis_to_aarhus, label="GET"),
]
