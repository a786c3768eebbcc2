"""System checks that keep a production deployment honest."""

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning


@register(Tags.security, deploy=True)
def check_email_backend(app_configs, **kwargs):
    """Production must send real mail."""
    backend = settings.EMAIL_BACKEND
    if not settings.DEBUG and backend.endswith(("console.EmailBackend", "locmem.EmailBackend")):
        return [
            CheckWarning(
                "Mail is not delivered in production: set EMAIL_URL to an SMTP server.",
                id="strongcities.W001",
            )
        ]
    return []
