"""The OpenAPI description, with what ninja does not say by itself: that read endpoints accept
anonymous callers, and the one error format of every 4xx answer."""

from ninja.openapi.schema import OpenAPISchema
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
    401: "The token is malformed, unknown or revoked, or authentication is required.",
    403: "Not allowed, or the CSRF check of a session request failed.",
    404: "Not found.",
    422: "A parameter is not valid.",
    429: "Too many requests; see the Retry-After header.",
}


class ApiOpenAPISchema(OpenAPISchema):
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
        if any(getattr(a, "csrf", False) for a in operation.auth_callbacks) and (
            set(operation.methods) - {"GET", "HEAD", "OPTIONS"}
        ):
            statuses.append(403)
        for status in sorted(statuses):
            result.setdefault(
                status,
                {
                    "description": ERROR_DESCRIPTIONS[status],
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
            )
        return result
