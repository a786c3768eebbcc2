"""Changes to matching inputs ask for a recomputation (services.request_recompute).

Inputs (docs/matching.md): a city's status, region, population, languages and name (the
tie-break), its challenges, priority audiences and running themes; a published practice (or one
that was published before this save) and its themes, audiences and shared cities; transfers.
Edits of drafts and of a city's other fields ask for nothing. Asking is cheap: one callback per
transaction, run after commit.
"""

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_save

from strongcities.matching.services import request_recompute
from strongcities.members.models import City
from strongcities.practices.models import Practice

CITY_FIELDS = ("status", "region_id", "population", "languages", "name_key")
CITY_RELATIONS = ("challenges", "priority_audiences", "running_themes")
PRACTICE_RELATIONS = ("themes", "audiences", "shared_with")
WATCHED = {name.removesuffix("_id") for name in CITY_FIELDS}
CHANGED = "_matching_inputs_changed"
WAS_PUBLISHED = "_matching_was_published"


def _city_inputs(city) -> tuple:
    return tuple(getattr(city, name) for name in CITY_FIELDS)


def _watched(update_fields) -> bool:
    if update_fields is None:
        return True
    return bool({f.removesuffix("_id") for f in update_fields} & WATCHED)


def city_saving(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Before a save: remember whether an input changes (one query; cities are saved rarely).

    The values are read from the database rather than remembered at load time, so that reading
    cities (every page) costs nothing here.
    """
    if instance._state.adding or instance.pk is None or not _watched(update_fields):
        setattr(instance, CHANGED, instance._state.adding or instance.pk is None)
        return
    before = City.objects.filter(pk=instance.pk).values_list(*CITY_FIELDS).first()
    # name_key is computed by City.save() before the signal: compare it as saved.
    setattr(instance, CHANGED, before != _city_inputs(instance))


def city_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    changed = getattr(instance, CHANGED, True)
    setattr(instance, CHANGED, False)
    if created:
        if instance.status == City.Status.MEMBER:
            request_recompute()
    elif changed:
        request_recompute()


def city_deleted(sender, instance, **kwargs) -> None:
    request_recompute()


def practice_loaded(sender, instance, **kwargs) -> None:
    setattr(instance, WAS_PUBLISHED, instance.__dict__.get("status") == Practice.Status.PUBLISHED)


def practice_saved(sender, instance, **kwargs) -> None:
    """A published practice changed, or a practice left the published state."""
    published = instance.status == Practice.Status.PUBLISHED
    if published or getattr(instance, WAS_PUBLISHED, False):
        request_recompute()
    setattr(instance, WAS_PUBLISHED, published)


def practice_deleted(sender, instance, **kwargs) -> None:
    if instance.__dict__.get("status") == Practice.Status.PUBLISHED:
        request_recompute()


def city_relation_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        request_recompute()


def practice_relation_changed(sender, instance, action, reverse, **kwargs) -> None:
    """Tags or shared cities of a practice changed (from either side of the relation)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse or instance.__dict__.get("status") == Practice.Status.PUBLISHED:
        request_recompute()


def transfer_changed(sender, instance, **kwargs) -> None:
    request_recompute()


def connect() -> None:
    pre_save.connect(city_saving, sender=City, dispatch_uid="matching-city-saving")
    post_save.connect(city_saved, sender=City, dispatch_uid="matching-city-saved")
    post_delete.connect(city_deleted, sender=City, dispatch_uid="matching-city-deleted")
    for name in CITY_RELATIONS:
        m2m_changed.connect(
            city_relation_changed,
            sender=getattr(City, name).through,
            dispatch_uid=f"matching-city-{name}",
        )
    post_init.connect(practice_loaded, sender=Practice, dispatch_uid="matching-practice-loaded")
    post_save.connect(practice_saved, sender=Practice, dispatch_uid="matching-practice-saved")
    post_delete.connect(practice_deleted, sender=Practice, dispatch_uid="matching-practice-deleted")
    for name in PRACTICE_RELATIONS:
        m2m_changed.connect(
            practice_relation_changed,
            sender=getattr(Practice, name).through,
            dispatch_uid=f"matching-practice-{name}",
        )
    for signal, verb in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            transfer_changed, sender="exchanges.Transfer", dispatch_uid=f"matching-transfer-{verb}"
        )


# matching/apps.py imports this module in ready(): connecting here keeps that one line enough.
connect()
