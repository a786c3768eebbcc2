"""Matching's pages and API: a city's recommendations for members of the network, how they are
computed for everyone, the recomputation's status for the secretariat."""

from strongcities.members.models import City
from tests.factories import CityFactory
from tests.matrix import LOGIN, Entry

MEMBERS = {
    "anonymous": LOGIN,
    "member": 200,
    "focal_point": 200,
    "other_focal_point": 200,
    "secretariat": 200,
}
NOT_FOUND = {"anonymous": LOGIN, **dict.fromkeys(MEMBERS.keys() - {"anonymous"}, 404)}
SECRETARIAT = {**NOT_FOUND, "secretariat": 200}
API_MEMBERS = {**MEMBERS, "anonymous": 401}
API_NOT_FOUND = {**NOT_FOUND, "anonymous": 401}


def tunis(world) -> dict:
    return {"slug": world.city.slug}


def former_member(world) -> dict:
    return {"slug": CityFactory(slug="matrix-former", status=City.Status.FORMER).slug}


ENTRIES = [
    Entry("matching:city", expect=MEMBERS, kwargs=tunis),
    Entry("matching:city", expect=NOT_FOUND, kwargs=lambda w: {"slug": "nowhere"}, label="unknown"),
    Entry("matching:city", expect=NOT_FOUND, kwargs=former_member, label="not a member"),
    Entry("matching:city", method="post", every=405, kwargs=tunis, label="POST not allowed"),
    Entry("matching:about", every=200),
    Entry("matching:status", expect=SECRETARIAT),
    Entry(
        "matching:status",
        method="post",
        expect={**SECRETARIAT, "secretariat": 302},
        label="recompute now",
    ),
    Entry("api-1:city_recommendations", expect=API_MEMBERS, kwargs=tunis),
    Entry(
        "api-1:city_recommendations",
        expect=API_NOT_FOUND,
        kwargs=lambda w: {"slug": "nowhere"},
        label="unknown",
    ),
    Entry(
        "api-1:city_recommendations",
        expect=API_NOT_FOUND,
        kwargs=former_member,
        label="not a member",
    ),
]
