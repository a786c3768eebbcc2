"""Who is calling the API: a personal token, else the signed-in session, else anonymous.

- `Authorization: Bearer <token>` authenticates as the token's owner. A header that is malformed,
  or a token that is unknown or revoked, is answered 401: never silently treated as anonymous.
- Without that header, the session's signed-in user is used; unsafe methods (POST, PUT, PATCH,
  DELETE) then need Django's CSRF token (the X-CSRFToken header), as a form would.
- Otherwise the caller is anonymous, which read endpoints (READ_AUTH) accept: they then see
  exactly what an anonymous visitor of the site sees. Write endpoints use AUTHENTICATED.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext
from ninja.security import APIKeyCookie
from ninja.security.http import HttpBearer
from ninja.throttling import SimpleRateThrottle
from ninja.utils import check_csrf

from strongcities.api.errors import ApiError
from strongcities.api.tokens import authenticate_token

DEFAULT_THROTTLE_RATES = {"anon": "120/m", "user": "600/m"}


class TokenAuth(HttpBearer):
    """A personal API token in the Authorization header."""

    openapi_description = (
        "A personal API token (it starts with sch_), created on your account settings page "
        "or with `manage.py create_api_token`."
    )

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization")
        if header is None:
            return None
        scheme, _space, raw = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise ApiError(
                401,
                "invalid_authorization",
                gettext('The Authorization header must be "Bearer" followed by your API token.'),
            )
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str):
        user = authenticate_token(token)
        if user is None:
            raise ApiError(
                401, "invalid_token", gettext("The API token is invalid or has been revoked.")
            )
        request.user = user
        if not getattr(request, "api_language_explicit", False) and user.preferred_language:
            translation.activate(user.preferred_language)
        return user


class SessionAuth(APIKeyCookie):
    """The user signed in to the site, with Django's CSRF check on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = (
        "The session of a user signed in to the site; unsafe methods need the X-CSRFToken header."
    )

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        # Safe methods pass; unsafe ones need the token, exactly as Django's middleware says.
        csrf_exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not csrf_exempt and check_csrf(request) is not None:
            raise ApiError(
                403,
                "csrf_failed",
                gettext(
                    "The CSRF check failed: requests from a signed-in browser session "
                    "must send the X-CSRFToken header."
                ),
            )
        return user

    def authenticate(self, request: HttpRequest, key: str | None):
        return request.user if request.user.is_authenticated else None


class AnonymousAccess:
    """Lets the request through as anonymous: for endpoints anyone may read."""

    def __call__(self, request: HttpRequest):
        return AnonymousUser()


AUTHENTICATED = [TokenAuth(), SessionAuth()]
READ_AUTH = [*AUTHENTICATED, AnonymousAccess()]


class ApiThrottle(SimpleRateThrottle):
    """Requests per user (signed in or by token), or per client address for anonymous callers.

    Rates come from settings.API_THROTTLE_RATES ({"anon": "120/m", "user": "600/m"}), read on
    each request.
    """

    def __init__(self) -> None:
        super().__init__(rate="1/s")  # replaced on each request by the configured rate

    def allow_request(self, request: HttpRequest) -> bool:
        rates = {**DEFAULT_THROTTLE_RATES, **getattr(settings, "API_THROTTLE_RATES", {})}
        user = getattr(request, "user", None)
        self.scope = "user" if user is not None and user.is_authenticated else "anon"
        self.rate = rates[self.scope]
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if self.scope == "user":
            ident = str(request.user.pk)
        else:
            # The reverse proxy sets REMOTE_ADDR (as for the audit log); X-Forwarded-For is
            # not trusted since any client can send it.
            ident = request.META.get("REMOTE_ADDR") or "unknown"
        return self.cache_format % {"scope": self.scope, "ident": ident}
