"""Email delivery of notifications, immediate or as a daily digest, idempotent: a retried task
sends nothing twice (the notification rows are locked, then marked emailed in the same
transaction as the sending)."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import render_to_string, select_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext
from django_tasks import task

from strongcities.core.notifications.models import Notification, NotificationPreference
from strongcities.core.notifications.services import email_mode, unsubscribe_token
from strongcities.core.notifications.visibility import visible_only, visible_target_q

FALLBACK_TEMPLATE = "notifications/kinds/_fallback.txt"
# A digest covers what arrived in this window: older unsent notifications (for instance from a
# time emails were off) are not dug up when someone turns the digest on.
DIGEST_WINDOW = timedelta(days=7)


def render_text(notification: Notification, *, html: bool = False) -> str:
    """The notification's sentence, in the active language, on one line.

    Plain text for email (no HTML escaping); with `html`, escaped and safe to put in a page.
    A kind without its template gets a neutral sentence rather than an error.
    """
    context = {
        "target": notification.target,
        "actor": notification.actor,
        "data": notification.data,
        "recipient": notification.recipient,
    }
    template = select_template([f"notifications/kinds/{notification.kind}.txt", FALLBACK_TEMPLATE])
    text = template.template.render(Context(context, autoescape=html))
    line = " ".join(text.split())
    return mark_safe(line) if html and isinstance(text, SafeString) else line  # noqa: S308


def notification_url(notification: Notification) -> str:
    """Where the notification leads: its `url`, else its target's page, else the list."""
    url = notification.data.get("url") if isinstance(notification.data, dict) else None
    if url:
        return url
    target = notification.target
    if target is not None and hasattr(target, "get_absolute_url"):
        return target.get_absolute_url()
    return reverse("notifications:list")


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


def unsubscribe_url(user) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user)]))


def send_email(user, subject: str, template: str, context: dict) -> None:
    """Send one notification email to `user`, with its one unsubscribe link (body and header)."""
    link = unsubscribe_url(user)
    body = render_to_string(
        template,
        {**context, "unsubscribe_url": link, "SITE_URL": settings.SITE_URL},
    )
    subject = " ".join(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}".split())
    EmailMultiAlternatives(
        subject=subject[:200],
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()


@task()
def deliver(notification_id: int) -> None:
    """Email one notification in its recipient's language, once, if they want it right away."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "actor")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.is_active:
            return
        recipient = notification.recipient
        if email_mode(recipient) != NotificationPreference.EmailMode.IMMEDIATE:
            return  # the digest sends it, or the person wants no email
        visible = visible_target_q(recipient, [notification.target_type_id])
        if not Notification.objects.filter(visible, pk=notification.pk).exists():
            return  # the recipient may no longer see what it is about
        with translation.override(recipient.preferred_language):
            text = render_text(notification)
            send_email(
                recipient,
                text[:150],
                "notifications/email_body.txt",
                {"text": text, "url": absolute(notification_url(notification))},
            )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])


@task()
def send_digests() -> int:
    """Enqueue one digest for each person who chose the daily summary and has something new."""
    since = timezone.now() - DIGEST_WINDOW
    user_ids = list(
        NotificationPreference.objects.filter(
            email_mode=NotificationPreference.EmailMode.DIGEST,
            user__is_active=True,
            user__notifications__emailed_at__isnull=True,
            user__notifications__read_at__isnull=True,
            user__notifications__created_at__gte=since,
        )
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    for user_id in user_ids:
        send_digest.enqueue(user_id)
    return len(user_ids)


@task()
def send_digest(user_id: int) -> int:
    """Email `user_id` one summary of their new notifications, in their language, once.

    The person's preference row is locked for the whole run, so two runs for the same person
    take turns and the second finds everything already marked emailed.
    """
    with transaction.atomic():
        preference = (
            NotificationPreference.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(user_id=user_id, email_mode=NotificationPreference.EmailMode.DIGEST)
            .first()
        )
        if preference is None or not preference.user.is_active:
            return 0
        user = preference.user
        pending = Notification.objects.filter(
            recipient=user,
            emailed_at__isnull=True,
            read_at__isnull=True,
            created_at__gte=timezone.now() - DIGEST_WINDOW,
        )
        notifications = list(
            visible_only(pending, user)
            .select_for_update(of=("self",))
            .select_related("actor")
            .prefetch_related("target")
            .order_by("created_at", "pk")
        )
        if not notifications:
            return 0
        for notification in notifications:
            notification.recipient = user
        with translation.override(user.preferred_language):
            items = [
                {"text": render_text(n), "url": absolute(notification_url(n))}
                for n in notifications
            ]
            count = len(items)
            subject = ngettext(
                "%(count)s new notification", "%(count)s new notifications", count
            ) % {"count": count}
            send_email(
                user,
                subject,
                "notifications/digest_body.txt",
                {"items": items, "list_url": absolute(reverse("notifications:list"))},
            )
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=timezone.now()
        )
        return count
