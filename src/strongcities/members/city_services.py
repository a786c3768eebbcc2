"""Changes to a member city's profile."""

from typing import Any

import rules
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from strongcities.core.audit.services import record
from strongcities.core.exceptions import DomainError
from strongcities.members.models import City

PROFILE_FIELDS = (
    "summary_en",
    "summary_fr",
    "summary_ar",
    "summary_es",
    "summary_tr",
    "website",
    "population",
    "languages",
)


class ProfileEditError(DomainError):
    """The person may not edit this city's profile."""


def update_city_profile(city: City, data: dict[str, Any], by, request=None) -> list[str]:
    """Write the editable profile fields and challenges of `city`; returns what changed."""
    if city.status != City.Status.MEMBER or not rules.has_perm("members.change_city", by, city):
        raise ProfileEditError(_("You may not edit this city's profile."))
    with transaction.atomic():
        # Compare with the stored row: a ModelForm has already copied its input onto `city`.
        stored = City.objects.filter(pk=city.pk).values(*PROFILE_FIELDS).get()
        changed = [
            field
            for field in PROFILE_FIELDS
            if field in data and _clean(field, stored[field]) != _clean(field, data[field])
        ]
        for field in changed:
            setattr(city, field, _clean(field, data[field]))
        if changed:
            city.save(update_fields=[*changed, "updated_at"])
        if "challenges" in data:
            before = set(city.challenges.values_list("pk", flat=True))
            after = {concept.pk for concept in data["challenges"]}
            if before != after:
                city.challenges.set(data["challenges"])
                changed.append("challenges")
        if changed:
            record(
                "members.city_profile_updated",
                actor=by,
                target=city,
                request=request,
                fields=changed,
            )
    return changed


def _clean(field: str, value: Any) -> Any:
    if field == "languages":
        return sorted(set(value or []))
    if field == "population":
        return value
    return value or ""
