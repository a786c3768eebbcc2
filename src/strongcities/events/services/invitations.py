"""Invitations to invitation-only events, and the organisers' messages to a category.

Two kinds of invitation let a person register for an invitation-only event (see
registration.find_usable_invitation, which checks them under a row lock when someone
registers): a **named** invitation, sent to one email address and good once for that address,
and a **code** the organisers share, good `max_uses` times. Each use is counted when a
registration is made with it; a revoked or used-up invitation lets nobody in any more.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from strongcities.accounts.models import User
from strongcities.core.audit.services import record
from strongcities.core.mail import email_after_commit
from strongcities.core.notifications.services import notify
from strongcities.events.models import Event, Invitation, Registration
from strongcities.events.services.errors import EventError

MAX_CODE_USES = 10_000
MAX_INVITATIONS_AT_ONCE = 200


def register_url(event: Event, code: str) -> str:
    """The registration page of the event with the invitation code filled in."""
    try:
        base = reverse("events:register", args=[event.slug])
    except NoReverseMatch:  # before the registration pages exist: the event page
        base = event.get_absolute_url()
    return f"{base}?{urlencode({'code': code})}"


def _check(event: Event, category) -> None:
    if category.event_id != event.pk:
        raise EventError(_("This category belongs to another event."), "category", "category")
    if event.status == Event.Status.CANCELLED:
        raise EventError(_("This event was cancelled."), code="cancelled")


def _clean_emails(emails: list[str]) -> list[str]:
    cleaned = []
    for raw in emails:
        email = (raw or "").strip().lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            raise EventError(
                _("“%(email)s” is not a valid email address.") % {"email": email},
                "emails",
                "email",
            ) from None
        if email not in cleaned:
            cleaned.append(email)
    if not cleaned:
        raise EventError(_("Give at least one email address."), "emails", "empty")
    if len(cleaned) > MAX_INVITATIONS_AT_ONCE:
        raise EventError(
            _("Invite at most %(count)d people at once.") % {"count": MAX_INVITATIONS_AT_ONCE},
            "emails",
            "too_many",
        )
    return cleaned


def _send(invitation: Invitation, by) -> None:
    """Tell the invited person: a notification with an account, an email otherwise."""
    event = invitation.event
    url = register_url(event, invitation.code)
    data = {"url": url, "category": str(invitation.category.name), "note": invitation.note}
    if invitation.user is not None:
        notify([invitation.user], "events.invited", target=event, actor=by, data=data)
        return
    language = getattr(by, "preferred_language", "") or event.language
    with translation.override(language):
        title = str(event.title)
        category = str(invitation.category.name)
    email_after_commit(
        invitation.email,
        "events/email/invitation",
        {
            "title": title,
            "category": category,
            "note": invitation.note,
            "code": invitation.code,
            "url": settings.SITE_URL + url,
            "inviter": str(by) if by is not None else "",
        },
        language,
    )


@transaction.atomic
def invite_people(
    event: Event, category, emails: list[str], *, by, note: str = ""
) -> list[Invitation]:
    """Named invitations for `emails` in `category`; each person is sent their link.

    Somebody who already holds a usable invitation to the event gets it again rather than a
    second one; somebody already registered is skipped.
    """
    _check(event, category)
    emails = _clean_emails(emails)
    note = (note or "").strip()[:200]
    accounts = {
        u.email.lower(): u
        for u in User.objects.annotate(lower=Lower("email")).filter(
            lower__in=emails, is_active=True
        )
    }
    registered = set(
        Registration.objects.active()
        .filter(event=event)
        .annotate(lower=Lower("email"))
        .filter(lower__in=emails)
        .values_list("lower", flat=True)
    )
    existing = {
        i.email.lower(): i
        for i in Invitation.objects.select_for_update()
        .filter(event=event, revoked=False)
        .annotate(lower=Lower("email"))
        .filter(lower__in=emails)
        if i.is_usable
    }
    invitations = []
    for email in emails:
        if email in registered:
            continue
        invitation = existing.get(email)
        if invitation is None:
            invitation = Invitation.objects.create(
                event=event,
                category=category,
                email=email,
                user=accounts.get(email),
                note=note,
                max_uses=1,
                created_by=by,
            )
            record(
                "events.invitation_sent",
                actor=by,
                target=invitation,
                event=event.slug,
                category=category.code,
            )
        else:
            record("events.invitation_resent", actor=by, target=invitation, event=event.slug)
        _send(invitation, by)
        invitations.append(invitation)
    return invitations


@transaction.atomic
def create_code(event: Event, category, *, uses: int, by, note: str = "") -> Invitation:
    """A code to share (in a letter, a mailing) that lets `uses` people register."""
    _check(event, category)
    if not isinstance(uses, int) or not 1 <= uses <= MAX_CODE_USES:
        raise EventError(
            _("A code may be used from 1 to %(max)d times.") % {"max": MAX_CODE_USES},
            "uses",
            "uses",
        )
    invitation = Invitation.objects.create(
        event=event,
        category=category,
        note=(note or "").strip()[:200],
        max_uses=uses,
        created_by=by,
    )
    record(
        "events.invitation_code_created",
        actor=by,
        target=invitation,
        event=event.slug,
        category=category.code,
        uses=uses,
    )
    return invitation


@transaction.atomic
def revoke(invitation: Invitation, *, by) -> Invitation:
    """Withdraw an invitation: nobody registers with it any more (registrations made stay)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.revoked:
        return invitation
    invitation.revoked = True
    invitation.save(update_fields=["revoked"])
    record("events.invitation_revoked", actor=by, target=invitation, event_id=invitation.event_id)
    return invitation


def find_invitation(event: Event, code: str = "", email: str = "") -> Invitation | None:
    """The invitation of `event` with this code, else the newest named one for this email.

    It is returned whatever its state (revoked, used up): the caller says why it does not work.
    """
    code = (code or "").strip().upper()
    invitations = Invitation.objects.filter(event=event).select_related("category")
    if code:
        return invitations.filter(code=code).first()
    email = (email or "").strip()
    if email:
        return invitations.filter(email__iexact=email).order_by("revoked", "-pk").first()
    return None


def email_category(
    event: Event,
    category,
    subject: str,
    body: str,
    *,
    by,
    statuses=(Registration.Status.CONFIRMED,),
) -> int:
    """Email the registrants of `category` (every category when None) in `statuses`.

    Each person gets their own email (nobody sees the others' addresses), sent after commit;
    replies go to the organiser who wrote. Returns how many were emailed.
    """
    subject = " ".join((subject or "").split())
    body = (body or "").strip()
    if not subject:
        raise EventError(_("Write a subject."), "subject", "subject")
    if not body:
        raise EventError(_("Write a message."), "body", "body")
    if category is not None and category.event_id != event.pk:
        raise EventError(_("This category belongs to another event."), "category", "category")
    unknown = set(statuses) - set(Registration.Status.values)
    if unknown or not statuses:
        raise EventError(_("Choose whom to write to."), "statuses", "statuses")
    registrations = Registration.objects.filter(event=event, status__in=list(statuses))
    if category is not None:
        registrations = registrations.filter(category=category)
    recipients = list(
        registrations.select_related("user")
        .order_by("pk")
        .values_list("email", "name", "user__preferred_language")
    )
    with transaction.atomic():
        for email, name, preferred in recipients:
            language = preferred or event.language or settings.LANGUAGE_CODE
            with translation.override(language):
                title = str(event.title)
            email_after_commit(
                email,
                "events/email/message",
                {
                    "subject": subject[:150],
                    "body": body,
                    "name": name,
                    "title": title,
                    "url": settings.SITE_URL + event.get_absolute_url(),
                },
                language,
                reply_to=[by.email] if by is not None and by.email else None,
            )
        record(
            "events.category_emailed",
            actor=by,
            target=event,
            category=category.code if category is not None else None,
            statuses=list(statuses),
            subject=subject[:150],
            recipients=len(recipients),
        )
    return len(recipients)
