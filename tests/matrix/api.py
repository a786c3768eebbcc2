"""The REST API under /api/v1/ (namespace "api-1"): read endpoints answer every role alike,
anonymous included; unknown addresses and wrong methods answer in the API's error format."""

from strongcities.members.models import Partner
from tests.matrix import Entry


def partner(world) -> dict:
    obj, _created = Partner.objects.get_or_create(
        slug="matrix-partner", defaults={"name": "Matrix partner", "kind": "donor"}
    )
    return {"slug": obj.slug}


ENTRIES = [
    Entry("api-1:api-root", every=200),
    Entry("api-1:openapi-json", every=200),
    Entry("api-1:openapi-view", every=200),
    Entry("api-1:not-found", every=404, kwargs=lambda w: {"path": "no-such-endpoint"}),
    Entry("api-1:city_list", every=200),
    Entry("api-1:city_list", every=200, query="?region=europe&lang=fr", label="filtered"),
    Entry("api-1:city_list", every=422, query="?page_size=100000", label="page too large"),
    Entry("api-1:city_list", method="post", every=405, label="POST not allowed"),
    Entry("api-1:city_detail", every=200, kwargs=lambda w: {"slug": w.city.slug}),
    Entry(
        "api-1:city_detail", every=404, kwargs=lambda w: {"slug": "no-such-city"}, label="unknown"
    ),
    Entry("api-1:partner_list", every=200),
    Entry("api-1:partner_detail", every=200, kwargs=partner),
    Entry(
        "api-1:partner_detail",
        every=404,
        kwargs=lambda w: {"slug": "no-such-partner"},
        label="unknown",
    ),
    Entry("api-1:scheme_list", every=200),
    Entry("api-1:concept_list", every=200, query="?scheme=theme"),
    Entry("api-1:region_list", every=200),
]
