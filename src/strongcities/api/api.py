"""The one NinjaAPI; every app contributes its router from its own api.py."""

from ninja import NinjaAPI

api = NinjaAPI(title="Strong Cities Hub API", version="1", urls_namespace="api-1")
