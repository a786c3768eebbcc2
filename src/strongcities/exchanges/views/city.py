"""The "Exchanges" section of a city's profile (members/templates/members/city.html includes
exchanges/includes/city_exchanges.html): the exchanges it hosted and made that the reader may
see — network members only — and, for a focal point of another city, a link to propose one."""

import rules

from strongcities.core import visibility
from strongcities.exchanges.models import Exchange

CITY_EXCHANGES = 10


def city_exchanges(user, city) -> dict:
    """The template's context: `city_exchanges` is None for readers outside the network.

    Two queries whatever the number of exchanges (hosted, visited), each cut at CITY_EXCHANGES.
    """
    if not visibility.is_network_member(user):
        return {"city_exchanges": None}
    visible = (
        Exchange.objects.visible_to(user)
        .select_related("visiting_city", "host_city", "kind")
        .order_by("-proposed_at", "-pk")
    )
    hosted = list(visible.filter(host_city=city)[: CITY_EXCHANGES + 1])
    visited = list(visible.filter(visiting_city=city)[: CITY_EXCHANGES + 1])
    may_propose = (
        city.status == city.Status.MEMBER
        and city.pk not in user.focal_point_city_ids
        and rules.has_perm("exchanges.propose_exchange", user)
    )
    return {
        "city_exchanges": {
            "hosted": hosted[:CITY_EXCHANGES],
            "visited": visited[:CITY_EXCHANGES],
            "more": len(hosted) > CITY_EXCHANGES or len(visited) > CITY_EXCHANGES,
            "may_propose": may_propose,
        }
    }
