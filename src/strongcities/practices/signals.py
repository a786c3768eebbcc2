"""Keep the search index in line with practices: every change is reindexed after commit.

Deduplicated per transaction by core/search/pending.py: a service that saves a practice, sets
its tags and its shared cities reindexes it once.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from strongcities.core.search.pending import schedule
from strongcities.practices.models import PeerReview, Practice

M2M_FIELDS = ("themes", "audiences", "stakeholders", "shared_with")
OWNER_FIELDS = (
    "slug",
    "region",
    "region_id",
    "name",
    "name_en",
    "name_fr",
    "name_ar",
    "name_es",
    "name_tr",
)


def practice_saved(sender, instance, **kwargs) -> None:
    schedule(instance.pk)


def relation_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Tags or shared cities changed, from either side of the relation."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            schedule(instance.pk)
        return
    if action in ("post_add", "post_remove"):
        for pk in pk_set or ():
            schedule(pk)
    elif action == "pre_clear":
        # `instance` is a concept or a city: the practices linked to it through `sender`.
        column = next(
            f.attname
            for f in sender._meta.get_fields()
            if getattr(f, "related_model", None) is type(instance)
        )
        for pk in sender.objects.filter(**{column: instance.pk}).values_list(
            "practice_id", flat=True
        ):
            schedule(pk)


def owner_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    """A city's or partner's name, slug or region is in its practices' documents: refresh them.

    Owners are saved rarely (a profile edit), so any save that may touch those fields
    reindexes the owner's published practices; a save of other fields only does nothing.
    """
    if created or (update_fields is not None and not set(update_fields) & set(OWNER_FIELDS)):
        return
    owner = "city" if sender._meta.model_name == "city" else "partner"
    published = Practice.objects.filter(**{owner: instance}, status=Practice.Status.PUBLISHED)
    for pk in published.values_list("pk", flat=True):
        schedule(pk)


def review_saved(sender, instance, **kwargs) -> None:
    """A peer review may change the practice's label."""
    schedule(instance.practice_id)


def connect() -> None:
    post_save.connect(practice_saved, sender=Practice, dispatch_uid="search-practice-saved")
    post_delete.connect(practice_saved, sender=Practice, dispatch_uid="search-practice-deleted")
    for name in M2M_FIELDS:
        m2m_changed.connect(
            relation_changed,
            sender=getattr(Practice, name).through,
            dispatch_uid=f"search-practice-{name}",
        )
    for model in ("members.City", "members.Partner"):
        post_save.connect(owner_saved, sender=model, dispatch_uid=f"search-post-{model}")
    post_save.connect(review_saved, sender=PeerReview, dispatch_uid="search-peer-review")
