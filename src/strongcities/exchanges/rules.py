"""Permission predicates of the exchanges app (django-rules), named exchanges.verb_object.

Whether an exchange or programme may be *seen* is `visible_to(user)` in models.py: views look it
up through it and answer 404 otherwise. These predicates decide what a viewer may *do*; the
services check the state (a refused state is a DomainError, not a permission).
"""

import rules

from strongcities.core import visibility
from strongcities.core.predicates import is_network_member, is_secretariat


def _focal_point(user, city_id) -> bool:
    return bool(user.is_authenticated and city_id in user.focal_point_city_ids)


def _member(user, city_id) -> bool:
    return bool(user.is_authenticated and city_id in user.member_city_ids)


@rules.predicate
def is_any_focal_point(user) -> bool:
    return bool(user.is_authenticated and user.focal_point_city_ids)


@rules.predicate
def is_visiting_focal_point(user, exchange) -> bool:
    return exchange is not None and _focal_point(user, exchange.visiting_city_id)


@rules.predicate
def is_host_focal_point(user, exchange) -> bool:
    return exchange is not None and _focal_point(user, exchange.host_city_id)


@rules.predicate
def is_party_member(user, exchange) -> bool:
    """Anyone in either city's team."""
    return exchange is not None and (
        _member(user, exchange.visiting_city_id) or _member(user, exchange.host_city_id)
    )


@rules.predicate
def is_sponsor(user, exchange) -> bool:
    return bool(
        exchange is not None
        and exchange.programme_id
        and exchange.programme.sponsor_id in visibility.user_partner_ids(user)
    )


@rules.predicate
def is_participant(user, exchange) -> bool:
    return bool(
        exchange is not None
        and user.is_authenticated
        and exchange.participants.filter(user=user).exists()
    )


@rules.predicate
def is_programme_party(user, programme) -> bool:
    """The sponsor's people and the focal points of the programme's cities."""
    if programme is None or not user.is_authenticated:
        return False
    if programme.sponsor_id in visibility.user_partner_ids(user):
        return True
    return programme.cities.filter(pk__in=user.focal_point_city_ids).exists()


is_focal_point_of_either = is_visiting_focal_point | is_host_focal_point

# Propose an exchange (a focal point for their city; the service checks the visiting city).
rules.add_perm("exchanges.propose_exchange", is_any_focal_point)
# Accept or decline: the host city's focal points.
rules.add_perm("exchanges.answer_exchange", is_host_focal_point)
# Schedule, mark completed, cancel: either city's focal points.
rules.add_perm("exchanges.manage_exchange", is_focal_point_of_either)
# Add or remove participants of one's own side (the service checks the side).
rules.add_perm("exchanges.manage_participants", is_focal_point_of_either)
# Write one's side's report: its focal points and its participants (the service checks the side).
rules.add_perm("exchanges.report_exchange", is_focal_point_of_either | is_participant)
# Record the 3- and 6-month follow-ups: the visiting city's focal points.
rules.add_perm("exchanges.follow_up_exchange", is_visiting_focal_point)
# Read reports, follow-ups and participants' names: the parties.
rules.add_perm("exchanges.see_exchange_details", is_secretariat | is_party_member | is_sponsor)
# Programmes: the secretariat creates and edits them.
rules.add_perm("exchanges.manage_programmes", is_secretariat)
rules.add_perm("exchanges.see_budget_note", is_secretariat | is_programme_party)
# The impact figures.
rules.add_perm("exchanges.see_impact", is_secretariat)
# The list of exchanges (members see their own and the network's under way).
rules.add_perm("exchanges.list_exchanges", is_network_member | is_secretariat)
