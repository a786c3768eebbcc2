"""Per-request account rules: the interface language, and MFA for the secretariat."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
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
