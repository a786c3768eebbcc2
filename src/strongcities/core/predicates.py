"""django-rules predicates shared by every app's rules.py."""

import rules

from strongcities.core import visibility


@rules.predicate
def is_secretariat(user) -> bool:
    return visibility.is_secretariat(user)


@rules.predicate
def is_network_member(user) -> bool:
    """Any user of a member city, or the secretariat."""
    return visibility.is_network_member(user)


@rules.predicate
def is_focal_point_of(user, city) -> bool:
    return bool(city is not None and user.is_authenticated and city.pk in user.focal_point_city_ids)
