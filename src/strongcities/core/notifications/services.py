"""notify(): the one way any app tells people that something happened; and what people do with
their notifications (read them, choose how they are emailed, unsubscribe)."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strongcities.core.exceptions import DomainError
from strongcities.core.notifications.models import Notification, NotificationPreference
from strongcities.core.notifications.visibility import visible_only

UNSUBSCRIBE_SALT = "strongcities.notifications.unsubscribe"


class UnsubscribeError(DomainError):
    """An unsubscribe link that was altered, truncated or belongs to no active account."""


def notify(
    recipients: Iterable,
    kind: str,
    *,
    target=None,
    actor=None,
    data: dict | None = None,
    key: str | None = None,
) -> list[Notification]:
    """Record a notification for each recipient (never the actor) and email it after commit.

    `kind` names the sentence template notifications/kinds/<kind>.txt; `data` holds plain JSON
    values for it (`url`, when given, is where the notification leads); `key`, when given, makes
    the call idempotent per recipient.
    """
    from strongcities.core.notifications.tasks import deliver

    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    created = []
    seen = set()
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        full_key = f"{key}:{user.pk}" if key else None
        if full_key and Notification.objects.filter(key=full_key).exists():
            continue
        created.append(
            Notification.objects.create(
                recipient=user,
                kind=kind,
                target_type=target_type,
                target_id=target.pk if target is not None else None,
                actor=actor,
                data=data or {},
                key=full_key,
            )
        )
    for notification in created:
        transaction.on_commit(lambda pk=notification.pk: deliver.enqueue(pk))
    return created


# --- Reading -----------------------------------------------------------------------------------


def notifications_for(user):
    """The notifications `user` may see: theirs, about targets they may still see."""
    return visible_only(Notification.objects.filter(recipient=user), user)


def inbox(user) -> tuple[QuerySet, int]:
    """`user`'s visible notifications and how many of them are unread (two queries)."""
    visible = notifications_for(user)
    return visible, visible.filter(read_at__isnull=True).count()


def unread_count(user) -> int:
    """How many visible notifications `user` has not read (one query when there are none)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    return visible_only(unread, user).count()


@transaction.atomic
def mark_read(user, notification_id: int) -> Notification:
    """Mark one of `user`'s visible notifications read; Notification.DoesNotExist otherwise."""
    notification = notifications_for(user).select_related("actor").get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(user) -> int:
    """Mark every unread notification of `user` read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Email preferences and unsubscribing -------------------------------------------------------


def email_mode(user) -> str:
    """The user's NotificationPreference.EmailMode (immediate when never chosen)."""
    mode = (
        NotificationPreference.objects.filter(user=user)
        .values_list("email_mode", flat=True)
        .first()
    )
    return mode or NotificationPreference.EmailMode.IMMEDIATE


@transaction.atomic
def set_email_mode(user, mode: str) -> NotificationPreference:
    """Choose how `user` receives notifications by email."""
    if mode not in NotificationPreference.EmailMode.values:
        raise DomainError(_("Choose one of the offered options."), field="email_mode")
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_mode": mode}
    )
    return preference


def unsubscribe_token(user) -> str:
    """A signed token that turns off notification emails for `user`, without signing in."""
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_user(token: str):
    """The active user an unsubscribe token names; UnsubscribeError when it is not valid."""
    error = UnsubscribeError(
        _(
            "This unsubscribe link is not valid. Copy the whole link from the email, or sign in "
            "and change your notification settings."
        ),
        field="token",
    )
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise error from None
    user_id = payload.get("u") if isinstance(payload, dict) else None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise error
    return user


def unsubscribe(token: str):
    """Turn off notification emails for the user the token names; returns that user."""
    user = unsubscribe_user(token)
    set_email_mode(user, NotificationPreference.EmailMode.OFF)
    return user
