"""Directory, map, city profiles and their editing (application pages are listed elsewhere)."""

from tests.matrix import LOGIN, Entry


def tunis(world) -> dict:
    return {"slug": world.city.slug}


def profile_data(world) -> dict:
    return {
        "summary_en": "Updated by the permission matrix.",
        "website": "https://tunis.example.org/",
        "population": "700000",
        "languages": ["ar", "fr"],
    }


ENTRIES = [
    Entry("members:directory", every=200),
    Entry("members:directory", every=200, query="?region=europe&q=aarhus&page=1", label="filtered"),
    Entry("members:directory", every=200, query="?region=nowhere&page=x", label="bad input"),
    Entry("members:map", every=200),
    Entry("members:map_data", every=200),
    Entry("members:city", every=200, kwargs=tunis),
    Entry("members:city", every=404, kwargs=lambda w: {"slug": "no-such-city"}, label="unknown"),
    Entry(
        "members:city_edit",
        kwargs=tunis,
        expect={
            "anonymous": LOGIN,
            "member": 404,
            "focal_point": 200,
            "other_focal_point": 404,
            "secretariat": 200,
        },
    ),
    Entry(
        "members:city_edit",
        kwargs=tunis,
        method="post",
        data=profile_data,
        label="save",
        expect={
            "anonymous": LOGIN,
            "member": 404,
            "focal_point": 302,
            "other_focal_point": 404,
            "secretariat": 302,
        },
    ),
    Entry(
        "members:city_edit",
        kwargs=tunis,
        method="post",
        data=lambda w: {"population": "-1"},
        label="invalid",
        expect={
            "anonymous": LOGIN,
            "member": 404,
            "focal_point": 200,
            "other_focal_point": 404,
            "secretariat": 200,
        },
    ),
]
