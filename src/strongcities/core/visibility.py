"""The confidentiality rule of the platform, in one place.

Audiences: the secretariat (a secretariat role or a superuser) and network members (anyone in
the team of a member city, or the secretariat).

Levels of a confidential object:
- `public`: everybody, signed in or not;
- `members`: network members;
- `restricted`: the owning city (or partner organisation), the cities it is shared with, and the
  secretariat;
- `secretariat`: the secretariat, and the owner who wrote it.

The rule is expressed twice, from one definition: as *labels* (CKAN's permission labels) that a
search document carries and a user holds — a document is visible when the two sets meet, so the
search engine filters before ranking, counting facets or cutting snippets — and as the Q object
each confidential model's `visible_to(user)` queryset method applies.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Network members")
    RESTRICTED = "restricted", _("Restricted to named cities")
    SECRETARIAT = "secretariat", _("Secretariat only")


VISIBILITY_HELP = _(
    "Public: anyone. Network members: anyone in a member city's team. Restricted: your city, "
    "the cities you name, and the secretariat. Secretariat only: the secretariat and your city."
)

PUBLIC_LABEL = "public"
MEMBERS_LABEL = "members"


def is_secretariat(user) -> bool:
    return bool(user and user.is_authenticated and user.is_secretariat)


def is_network_member(user) -> bool:
    """Any user of a member city, or the secretariat."""
    if not (user and user.is_authenticated):
        return False
    return user.is_secretariat or bool(user.member_city_ids)


def city_label(city_id: int) -> str:
    return f"city:{city_id}"


def partner_label(partner_id: int) -> str:
    return f"partner:{partner_id}"


def user_partner_ids(user) -> frozenset[int]:
    if not (user and user.is_authenticated):
        return frozenset()
    cached = getattr(user, "_partner_ids", None)
    if cached is None:
        cached = frozenset(user.partner_memberships.values_list("partner_id", flat=True))
        user._partner_ids = cached
    return cached


def user_labels(user) -> frozenset[str] | None:
    """The labels a user holds; None for the secretariat, who sees everything."""
    if is_secretariat(user):
        return None
    labels = {PUBLIC_LABEL}
    if is_network_member(user):
        labels.add(MEMBERS_LABEL)
        labels.update(city_label(pk) for pk in user.member_city_ids)
    labels.update(partner_label(pk) for pk in user_partner_ids(user))
    return frozenset(labels)


def document_labels(
    visibility: str,
    *,
    owner_city_id: int | None = None,
    owner_partner_id: int | None = None,
    shared_city_ids=(),
) -> frozenset[str]:
    """The labels of a document: who besides the secretariat may see it."""
    labels: set[str] = set()
    if owner_city_id:
        labels.add(city_label(owner_city_id))
    if owner_partner_id:
        labels.add(partner_label(owner_partner_id))
    if visibility == Visibility.PUBLIC:
        labels.add(PUBLIC_LABEL)
    elif visibility == Visibility.MEMBERS:
        labels.add(MEMBERS_LABEL)
    elif visibility == Visibility.RESTRICTED:
        labels.update(city_label(pk) for pk in shared_city_ids)
    return frozenset(labels)


def owner_q(
    user, *, owner_city_field: str = "city", owner_partner_field: str | None = "partner"
) -> models.Q | None:
    """What `user` owns: the objects of their member cities and partner organisations (None
    when nothing)."""
    if not (user and user.is_authenticated):
        return None
    q = None
    cities = sorted(user.member_city_ids)
    if cities:
        q = models.Q(**{f"{owner_city_field}__in": cities})
    partners = sorted(user_partner_ids(user)) if owner_partner_field else []
    if partners:
        partner_q = models.Q(**{f"{owner_partner_field}__in": partners})
        q = partner_q if q is None else q | partner_q
    return q


def visible_q(
    user,
    *,
    visibility_field: str = "visibility",
    owner_city_field: str = "city",
    owner_partner_field: str | None = "partner",
    shared_subquery=None,
    others_see: models.Q | None = None,
) -> models.Q | None:
    """The Q object of the rule for a model; None for the secretariat (no filter).

    `shared_subquery(city_ids)` returns a subquery of the pks shared with those cities.
    `others_see` narrows what anyone but the owner sees (e.g. a workflow's published states);
    the owner sees everything of theirs.
    """
    if is_secretariat(user):
        return None
    q = models.Q(**{visibility_field: Visibility.PUBLIC})
    if is_network_member(user):
        q |= models.Q(**{visibility_field: Visibility.MEMBERS})
        cities = sorted(user.member_city_ids)
        if cities and shared_subquery is not None:
            q |= models.Q(
                **{visibility_field: Visibility.RESTRICTED}, pk__in=shared_subquery(cities)
            )
    if others_see is not None:
        q &= others_see
    owners = owner_q(
        user, owner_city_field=owner_city_field, owner_partner_field=owner_partner_field
    )
    return q if owners is None else q | owners
