"""The one confidentiality mechanism: visibility levels and who may see what.

Every confidential model stores a `visibility` and exposes `visible_to(user)` built from
`visibility_q(user)` here; views answer 404 for anything outside it.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members of the network")
    RESTRICTED = "restricted", _("Restricted to named cities")
    SECRETARIAT = "secretariat", _("Secretariat only")


def is_secretariat(user) -> bool:
    return bool(user and user.is_authenticated and user.is_secretariat)


def is_network_member(user) -> bool:
    """Any user of a member city, or the secretariat."""
    if not (user and user.is_authenticated):
        return False
    return user.is_secretariat or bool(user.member_city_ids)


def visible_filter(queryset, user, *, owner_field: str = "city", shared_field: str | None = None):
    """`queryset` narrowed to what `user` may see (no join duplicates, so counts stay exact)."""
    if is_secretariat(user):
        return queryset
    q = Q(visibility=Visibility.PUBLIC)
    if is_network_member(user):
        cities = list(user.member_city_ids)
        restricted = Q(**{f"{owner_field}__in": cities})
        if shared_field:
            shared = queryset.model._default_manager.filter(**{f"{shared_field}__in": cities})
            restricted |= Q(pk__in=shared.values("pk"))
        q |= Q(visibility=Visibility.MEMBERS) | (Q(visibility=Visibility.RESTRICTED) & restricted)
    return queryset.filter(q)
