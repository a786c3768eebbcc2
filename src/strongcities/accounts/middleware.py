"""Per-request account rules: the interface language, the time zone, MFA for the secretariat."""

import zoneinfo

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _


class PreferredLanguageMiddleware:
    """A signed-in user sees the interface in their preferred language."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class SecretariatMFAMiddleware:
    """Secretariat accounts must use an authenticator app (TOTP).

    A signed-in secretariat user without an active TOTP authenticator is sent to the activation
    page, whatever they ask for, except the two-factor pages themselves, re-authentication,
    sign-out, static files, the health check and the language switch.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    @cached_property
    def exempt_prefixes(self) -> tuple[str, ...]:
        from django.conf import settings

        return (
            reverse("mfa_index"),
            reverse("account_reauthenticate"),
            reverse("account_logout"),
            reverse("core:healthz"),
            reverse("core:set_language"),
            settings.STATIC_URL,
        )

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_secretariat
            and not request.path.startswith(self.exempt_prefixes)
            and not self.has_totp(user)
        ):
            messages.warning(
                request,
                _(
                    "Secretariat accounts must use two-factor authentication. "
                    "Set up an authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def has_totp(user) -> bool:
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


TIME_ZONE_COOKIE = "tz"


def reader_time_zone(request) -> str:
    """The reader's time zone: the account's choice, else the browser's (the `tz` cookie)."""
    from strongcities.accounts.models import available_time_zones

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.time_zone:
        return user.time_zone
    wanted = request.COOKIES.get(TIME_ZONE_COOKIE, "")
    return wanted if wanted in available_time_zones() else ""


class TimeZoneMiddleware:
    """Times are shown in the reader's time zone when it is known (else UTC).

    `request.reader_time_zone` is the zone's name, or "" when neither the account nor the
    browser says it (core/js/timezone.js, loaded on every page, stores it in the `tz`
    cookie).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        request.reader_time_zone = zone = reader_time_zone(request)
        if zone:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
