"""The practices API (/api/v1/practices): reads answer per visibility, hidden practices and
practices one may not act on answer 404 in the API's format; writes need an account."""

from tests.matrix import Entry
from tests.practices.factories import make_practice


def public(world) -> dict:
    return {"key": make_practice(world.city, title="Matrix public practice").slug}


def restricted(world) -> dict:
    practice = make_practice(world.city, title="Matrix zanzibarine", visibility="restricted")
    return {"key": str(practice.pk)}


def draft(world) -> dict:
    return {"key": make_practice(world.city, title="Matrix draft", status="draft").slug}


OWN_CITY_ONLY = {
    "anonymous": 404,
    "member": 200,
    "focal_point": 200,
    "other_focal_point": 404,
    "secretariat": 200,
}

ENTRIES = [
    Entry("api-1:practice_list", every=200),
    Entry(
        "api-1:practice_list",
        every=200,
        query="?q=youth&theme=youth-engagement&city=tunis&lang=fr&order=recent",
        label="filtered",
    ),
    Entry("api-1:practice_list", every=422, query="?order=random", label="bad order"),
    Entry("api-1:practice_detail", every=200, kwargs=public),
    Entry("api-1:practice_detail", expect=OWN_CITY_ONLY, kwargs=restricted, label="restricted"),
    Entry("api-1:practice_detail", expect=OWN_CITY_ONLY, kwargs=draft, label="draft"),
    Entry("api-1:practice_detail", every=404, kwargs=lambda w: {"key": "nope"}, label="unknown"),
    # POST /practices with a form body, not JSON: anonymous callers are refused first.
    Entry(
        "api-1:practice_create",
        method="post",
        expect={
            "anonymous": 401,
            "member": 400,
            "focal_point": 400,
            "other_focal_point": 400,
            "secretariat": 400,
        },
    ),
    # PUT /practices/{key}: the test client of the matrix sends GET and POST only.
    Entry("api-1:practice_update", expect=OWN_CITY_ONLY, kwargs=draft),
    Entry("api-1:practice_update", method="post", every=405, kwargs=draft, label="POST"),
    Entry(
        "api-1:practice_submit",
        method="post",
        kwargs=draft,
        expect={
            "anonymous": 401,
            "member": 404,
            "focal_point": 200,
            "other_focal_point": 404,
            "secretariat": 200,
        },
    ),
    Entry(
        "api-1:practice_submit",
        method="post",
        kwargs=restricted,
        expect={
            "anonymous": 401,
            "member": 404,
            "focal_point": 404,
            "other_focal_point": 404,
            "secretariat": 404,
        },
        label="published",
    ),
    Entry("api-1:practice_submit", kwargs=draft, every=405, label="GET"),
]
