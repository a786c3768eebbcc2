"""Keep notifications about things a reader may no longer see out of lists, counts and emails.

The check is batched: one query finds the kinds of targets among the notifications, then each
kind adds one subquery, `target_id IN (Model.objects.visible_to(user).values("pk"))`, to the
same SQL statement — never one query per notification.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet


def target_types(queryset: QuerySet) -> list[int | None]:
    """The distinct target content types among the notifications of `queryset` (one query)."""
    return list(queryset.order_by().values_list("target_type_id", flat=True).distinct())


def visible_target_q(user, type_ids) -> Q:
    """Notifications whose target (of one of `type_ids`) `user` may see, or with no target.

    A target model whose default manager has `visible_to(user)` is filtered by it; any other
    target merely has to exist still.
    """
    q = Q(target_type__isnull=True)
    for type_id in sorted(t for t in type_ids if t is not None):
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:  # a model that no longer exists: nothing to show
            continue
        manager = model._default_manager
        targets = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
        q |= Q(target_type_id=type_id, target_id__in=targets.order_by().values("pk"))
    return q


def visible_only(queryset: QuerySet, user) -> QuerySet:
    """`queryset` narrowed to notifications whose target `user` may still see."""
    types = target_types(queryset)
    if not types:
        return queryset.none()
    return queryset.filter(visible_target_q(user, types))
