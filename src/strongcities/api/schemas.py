"""Schemas shared by the routers of several apps (one OpenAPI component each)."""

from ninja import Field, Schema


# No docstring: it would become the component's description, and routers that still declare
# an identical CodeLabel of their own must produce the very same component.
class CodeLabel(Schema):
    code: str
    label: str = Field(description="In the response's language.")
