"""The OpenAPI description, with what ninja does not say by itself: that read endpoints accept
anonymous callers, and the one error format of every 4xx answer."""

from django.core.exceptions import ImproperlyConfigured
from ninja.openapi.schema import BODY_CONTENT_TYPES, OpenAPISchema
from ninja.operation import Operation

from strongcities.api.auth import AnonymousAccess

ERROR_SCHEMAS = {
    "FieldError": {
        "title": "FieldError",
        "type": "object",
        "properties": {
            "field": {"type": "string", "description": "The parameter or field at fault."},
            "message": {"type": "string", "description": "What is wrong, translated."},
        },
        "required": ["field", "message"],
    },
    "Error": {
        "title": "Error",
        "type": "object",
        "description": "The body of every 4xx answer.",
        "properties": {
            "code": {
                "type": "string",
                "description": "A stable code for programs, e.g. not_found, invalid_token.",
            },
            "message": {"type": "string", "description": "A sentence in the caller's language."},
            "errors": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/FieldError"},
                "description": "The fields at fault; empty when the error is not about a field.",
            },
        },
        "required": ["code", "message", "errors"],
    },
}
ERROR_DESCRIPTIONS = {
    400: "The request body is not valid JSON.",
    401: "The token is malformed, unknown or revoked, or authentication is required.",
    403: "Not allowed, or the CSRF check of a session request failed.",
    404: "Not found.",
    422: "A parameter is not valid.",
    429: "Too many requests; see the Retry-After header.",
}


def error_response_schema(description: str) -> dict:
    """An answer with the error body, for the OpenAPI description."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def error_responses(**descriptions: str) -> dict:
    """`openapi_extra` for an operation that also answers these errors, e.g.
    `error_responses(not_found="The city is not one of yours.")`; every operation already
    documents 401, 422 and 429, 404 when its path has a parameter, 400 when it has a body,
    and 403 when it writes."""
    statuses = {"bad_request": 400, "not_found": 404, "conflict": 409}
    return {
        "responses": {
            statuses[name]: error_response_schema(description)
            for name, description in descriptions.items()
        }
    }


class ApiOpenAPISchema(OpenAPISchema):
    def add_schema_definitions(self, definitions: dict) -> None:
        """Ninja names each component after its class and lets a later one replace an earlier
        one of the same name (Partner.Kind by Session.Kind...), so the description would lie
        about the first: refuse two different components under one name."""
        for name, definition in definitions.items():
            if self.schemas.get(name, definition) != definition:
                raise ImproperlyConfigured(
                    f"Two different API schemas are named {name!r}: rename one of them."
                )
        super().add_schema_definitions(definitions)

    def operation_security(self, operation: Operation):
        security = super().operation_security(operation)
        if security and any(isinstance(a, AnonymousAccess) for a in operation.auth_callbacks):
            security.append({})  # an empty requirement: anonymous callers are accepted
        return security

    def responses(self, operation: Operation):
        result = super().responses(operation)
        self.schemas.update(ERROR_SCHEMAS)
        statuses = [401, 422, 429]
        if "{" in operation.path:
            statuses.append(404)
        if any(m.__ninja_param_source__ in BODY_CONTENT_TYPES for m in operation.models):
            statuses.append(400)
        if any(getattr(a, "csrf", False) for a in operation.auth_callbacks) and (
            set(operation.methods) - {"GET", "HEAD", "OPTIONS"}
        ):
            statuses.append(403)
        for status in sorted(statuses):
            result.setdefault(status, error_response_schema(ERROR_DESCRIPTIONS[status]))
        return result
