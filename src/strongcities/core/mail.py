"""Email in the recipient's language, rendered and sent by a background task after commit."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_templated_email(
    to: list[str], template: str, context: dict, language: str, reply_to: list[str] | None = None
) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language` and send them."""
    with translation.override(language):
        context = {**context, "SITE_URL": settings.SITE_URL}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
    )
    message.send()


def email_after_commit(
    to: str | list[str], template: str, context: dict, language: str, **kwargs
) -> None:
    """Queue an email once the current transaction commits (never for a rolled-back action).

    `context` must hold plain JSON values: the task runs in another process.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    transaction.on_commit(
        lambda: send_templated_email.enqueue(recipients, template, context, language, **kwargs)
    )
