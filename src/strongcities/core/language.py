"""Remembering a visitor's interface language."""

from django.conf import settings
from django.http import HttpResponse

ONE_YEAR = 365 * 24 * 3600


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """The language cookie LocaleMiddleware reads on the next request."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=ONE_YEAR,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )
