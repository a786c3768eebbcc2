"""The interactive API documentation, served from our own static files.

Ninja's page would work offline too, but its settings travel in an inline JSON script; this page
has no inline script at all, turns off Swagger UI's online validator (an external request), and
says where the OpenAPI description is when JavaScript is off.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class OfflineSwagger(DocsBase):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api, **kwargs: Any) -> HttpResponse:
        context = {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, context)
