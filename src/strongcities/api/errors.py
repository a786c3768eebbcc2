"""One error format for every 4xx answer of the API.

    {"code": "not_found", "message": "...", "errors": [{"field": "...", "message": "..."}]}

`code` is stable and meant for programs; `message` is a sentence in the caller's language;
`errors` lists the fields at fault (empty when the error is not about a field).
"""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from strongcities.core.exceptions import DomainError

DEFAULT_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "validation_error",
    429: "throttled",
}


def default_message(status: int) -> str:
    messages = {
        400: gettext("The request cannot be processed."),
        401: gettext("Authentication is required: send a personal API token or sign in."),
        403: gettext("You are not allowed to do this."),
        404: gettext("The requested resource was not found."),
        405: gettext("This method is not allowed at this address."),
        409: gettext("The request conflicts with the current state of the resource."),
        422: gettext("The request is not valid: see the errors of each field."),
        429: gettext("Too many requests: wait a little before trying again."),
    }
    return messages.get(status, messages[400])


class ApiError(HttpError):
    """An API refusal with a stable code and a translated message."""

    def __init__(
        self, status: int, code: str | None = None, message: str | None = None, errors=()
    ) -> None:
        self.code = code or DEFAULT_CODES.get(status, "error")
        self.message = message
        self.errors = list(errors)
        super().__init__(status, str(message or ""))


def error_body(code: str, message, errors=()) -> dict:
    return {"code": code, "message": str(message), "errors": list(errors)}


def error_response(status: int, code: str | None = None, message=None, errors=()) -> JsonResponse:
    """The JSON answer for an error; message defaults to the status's sentence."""
    code = code or DEFAULT_CODES.get(status, "error")
    body = error_body(code, message or default_message(status), errors)
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


# --- Validation errors: pydantic's messages are English; these are said in the caller's language
# (the ones Django already translates keep Django's wording, so its catalogues translate them).


FIELD_MESSAGES = {
    "missing": _("This field is required."),
    "int_parsing": _("Enter a whole number."),
    "int_type": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "literal_error": _("Select a valid choice. That choice is not one of the available choices."),
    "enum": _("Select a valid choice. That choice is not one of the available choices."),
    "json_invalid": _("The request body is not valid JSON."),
}


REPEATED_QUERY_TYPES = {"string_type", "int_type", "bool_type", "float_type"}


def field_message(error: dict) -> str:
    """A translated sentence for one pydantic error."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in REPEATED_QUERY_TYPES and error.get("loc", ("",))[0] == "query":
        # Query values are strings: a wrong type means a list, i.e. a parameter given twice.
        return gettext("Give this parameter only once.")
    if kind == "less_than_equal":
        return gettext("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le")
        }
    if kind == "greater_than_equal":
        return gettext("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge")
        }
    if kind == "string_too_long":
        limit = ctx.get("max_length", 0)
        return ngettext(
            "Ensure this value has at most %(limit)d character.",
            "Ensure this value has at most %(limit)d characters.",
            limit,
        ) % {"limit": limit}
    return str(FIELD_MESSAGES.get(kind, _("Enter a valid value.")))


def field_path(loc) -> str:
    """("query", "page_size") -> "page_size"; ("body", "payload", "items", 0) -> "items.0"."""
    parts = [str(part) for part in loc[1:]]
    if loc and loc[0] == "body" and len(parts) > 1:
        parts = parts[1:]  # drop the name of the view's body argument
    return ".".join(parts) or str(loc[0] if loc else "")


def validation_errors(exc: ValidationError) -> list[dict]:
    return [
        {"field": field_path(e.get("loc", ())), "message": field_message(e)} for e in exc.errors
    ]


# --- Exception handlers registered on the NinjaAPI.


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error_response(422, errors=validation_errors(exc))


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, ApiError):
        return error_response(exc.status_code, exc.code, exc.message, exc.errors)
    if isinstance(exc, AuthenticationError):
        return error_response(401)
    if isinstance(exc, Throttled):
        return error_response(429)
    # Ninja's own HttpErrors carry English text: answer with our sentence for the status.
    return error_response(exc.status_code)


def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404)


def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = getattr(exc, "status", 400)
    code = getattr(exc, "code", None) or ("conflict" if status == 409 else "invalid")
    errors = [{"field": exc.field, "message": str(exc.message)}] if exc.field else []
    return error_response(status, code, exc.message, errors)


def install_error_handlers(api) -> None:
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(DomainError, on_domain_error)


def not_found_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Every address under /api/v1/ that is not an endpoint."""
    return error_response(404, message=gettext("There is no API endpoint at this address."))
