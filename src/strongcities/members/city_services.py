"""Changes to a member city's profile."""

from typing import Any

import rules
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from strongcities.core.audit.services import record
from strongcities.core.exceptions import DomainError
from strongcities.core.taxonomy.models import Concept
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


# The concept fields of the profile (matching compares them) and the scheme of each.
CONCEPT_FIELDS = {
    "challenges": "theme",
    "priority_audiences": "audience",
    "running_themes": "theme",
}


class ProfileEditError(DomainError):
    """The person may not edit this city's profile, or a value does not belong to its field."""


def update_city_profile(city: City, data: dict[str, Any], by, request=None) -> list[str]:
    """Write the editable profile fields and the context profile's concepts (challenges,
    priority audiences, running themes) of `city`; returns what changed."""
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
        for field, scheme in CONCEPT_FIELDS.items():
            if field in data and _set_concepts(city, field, scheme, data[field]):
                changed.append(field)
        if changed:
            record(
                "members.city_profile_updated",
                actor=by,
                target=city,
                request=request,
                fields=changed,
            )
    return changed


def _set_concepts(city: City, field: str, scheme: str, concepts) -> bool:
    """Replace the concepts of `field` on `city`; whether they changed. Each must be of `scheme`."""
    concepts = list(concepts or [])
    wanted = {concept.pk for concept in concepts}
    if wanted and Concept.objects.filter(pk__in=wanted).exclude(scheme__code=scheme).exists():
        raise ProfileEditError(_("Choose values from the list."), field=field)
    relation = getattr(city, field)
    if set(relation.values_list("pk", flat=True)) == wanted:
        return False
    relation.set(concepts)
    return True


def _clean(field: str, value: Any) -> Any:
    if field == "languages":
        return sorted(set(value or []))
    if field == "population":
        return value
    return value or ""
