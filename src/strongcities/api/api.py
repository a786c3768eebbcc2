"""The one NinjaAPI; every app contributes its router from its own api.py."""

from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, path, re_path, reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.parser import Parser

from strongcities.api.auth import READ_AUTH, ApiThrottle
from strongcities.api.docs import OfflineSwagger
from strongcities.api.errors import error_response, install_error_handlers, not_found_view
from strongcities.api.language import requested_language
from strongcities.api.openapi import ApiOpenAPISchema

DESCRIPTION = """
The data of the Strong Cities Network: member cities, partner organisations, the practice
library, events and the shared vocabulary (regions, themes, sectors...), each as the caller may
see it on the site.

**Authentication.** Read endpoints answer anonymous callers with exactly what an anonymous
visitor of the site sees. Send a personal API token as `Authorization: Bearer sch_...` to call as
yourself; a signed-in browser session works too (unsafe methods then need the `X-CSRFToken`
header). A malformed, unknown or revoked token is answered `401`, never treated as anonymous.

**Errors.** Every 4xx answer has the same shape:
`{"code": "not_found", "message": "...", "errors": [{"field": "...", "message": "..."}]}`.

**Pagination.** Lists take `?page=` and `?page_size=` and answer
`{"count": N, "page": 1, "page_size": 50, "items": [...]}`.

**Languages.** Labels and translated texts follow `?lang=` (en, fr, ar, es, tr), else the
`Accept-Language` header, else the token owner's preferred language; English fills any gap.

**Events.** `GET /events` lists the events the caller may see (upcoming by default) and
`GET /events/{slug}` gives one with its agenda, speakers and free seats per category. A signed-in
caller registers with `POST /events/{slug}/registrations`: the answer says whether they are
confirmed, on the waiting list or pending approval. `GET /events/registrations/mine` lists their
registrations; they may cancel one, and accept or decline a seat offered from the waiting list.
A full category without a waiting list, a closed registration window or a second registration
is answered `409`, with a `code` naming the reason.

**Recommendations.** `GET /cities/{slug}/recommendations` gives a member city's peer cities and
the practices that fit its challenges, ranked, each with its score (0 to 100) and its `reasons`
as sentences in the response's language (the formula is described on the site, at
/matching/about/). For members of the network: a signed-in caller who is not one is answered
`404`, an anonymous one `401`. Only the practices the caller may open are listed.

**Exchanges.** `GET /programmes` lists the exchange programmes the caller may see (a
programme's budget note is for the secretariat, its sponsor and its cities' focal points).
A signed-in caller lists the exchanges they may see with `GET /exchanges` (their cities' own in
every state, the network's once accepted) and reads one with `GET /exchanges/{id}`: reports,
follow-ups and participants for the two cities, the sponsor and the secretariat only. A focal
point proposes a visit with `POST /exchanges`; the host's focal points answer with
`POST /exchanges/{id}/accept` or `/decline` (with a message); after the visit each side writes
its report with `POST /exchanges/{id}/reports`. A step the exchange's state does not allow is
answered `409` with a `code`; a step the caller may not take on an exchange they see, `403`.
"""


def json_errors_and_language(view):
    """Wraps every API view: activates the caller's language and answers 405s as JSON."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        lang = requested_language(request)
        request.api_language_explicit = lang is not None
        with translation.override(lang or translation.get_language()):
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = response["Allow"]
                response = error_response(405)
                response["Allow"] = allowed
            response.headers["Content-Language"] = translation.get_language()
        return response

    return wrapper


def api_root(request: HttpRequest, **kwargs) -> HttpResponse:
    """What this API is, and where its description and documentation are."""
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "openapi": request.build_absolute_uri(reverse("api-1:openapi-json")),
            "docs": request.build_absolute_uri(reverse("api-1:openapi-view")),
        }
    )


class QueryParser(Parser):
    """Hands a parameter given more than once to validation as a list, so that `?page=1&page=2`
    is refused with a 422 unless the parameter is a list, instead of the last value winning."""

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request) -> dict:
        return {
            key: values if key in list_fields or len(values) > 1 else values[0]
            for key, values in data.lists()
        }


class StrongCitiesAPI(NinjaAPI):
    """NinjaAPI with our error format on every address under its root, languages and a root."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ApiOpenAPISchema(self, path_prefix)

    def _get_urls(self):
        urls = [
            pattern
            for pattern in super()._get_urls()
            if not (isinstance(pattern, URLPattern) and pattern.name == "api-root")
        ]
        urls.append(path("", api_root, name="api-root"))
        urls.append(re_path(r"^(?P<path>.+)$", not_found_view, name="not-found"))
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = json_errors_and_language(pattern.callback)
        return urls


api = StrongCitiesAPI(
    title="Strong Cities Hub API",
    version="1",
    description=DESCRIPTION.strip(),
    urls_namespace="api-1",
    docs=OfflineSwagger(),
    auth=READ_AUTH,
    throttle=[ApiThrottle()],
    parser=QueryParser(),
)
install_error_handlers(api)

api.add_router("/", "strongcities.members.api.router")
api.add_router("/", "strongcities.core.taxonomy.api.router")
api.add_router("/", "strongcities.practices.api.router")
api.add_router("/", "strongcities.events.api.router")
api.add_router("/", "strongcities.matching.api.router")
api.add_router("/", "strongcities.exchanges.api.router")
