"""The practice library's reading side: search, open data, a practice, versions, files.

Whatever a role may not see answers 404 — never 403, never a sign-in redirect.
"""

import atexit

from django.core.files.storage import default_storage

from strongcities.core.visibility import Visibility
from strongcities.practices.models import Practice
from tests.matrix import Entry
from tests.practices.factories import make_practice
from tests.practices.library_helpers import attach

EVERYONE = dict.fromkeys(("anonymous", "member", "focal_point", "other_focal_point"), 200)
EVERYONE["secretariat"] = 200
MEMBERS = {**EVERYONE, "anonymous": 404}
OWNER_TEAM = {**MEMBERS, "other_focal_point": 404}

PRACTICES = {
    "public": {"visibility": Visibility.PUBLIC},
    "members": {"visibility": Visibility.MEMBERS},
    "restricted": {"visibility": Visibility.RESTRICTED},
    "draft": {"visibility": Visibility.PUBLIC, "status": Practice.Status.DRAFT},
}
EXPECT = {"public": EVERYONE, "members": MEMBERS, "restricted": OWNER_TEAM, "draft": OWNER_TEAM}


def practice_key(kind: str):
    def kwargs(world) -> dict:
        return {
            "key": make_practice(world.city, title=f"A {kind} practice", **PRACTICES[kind]).slug
        }

    return kwargs


def version_key(kind: str):
    def kwargs(world) -> dict:
        return {**practice_key(kind)(world), "number": 1}

    return kwargs


def file_key(kind: str):
    """A practice of `kind` with one file (removed from the storage when the run ends)."""

    def kwargs(world) -> dict:
        practice = make_practice(world.city, title=f"A {kind} practice", **PRACTICES[kind])
        attachment = attach(practice)
        atexit.register(default_storage.delete, attachment.file.name)
        return {"key": practice.slug, "pk": attachment.pk}

    return kwargs


def other_practice_file(world) -> dict:
    """A public practice's address with the file of a restricted one: never served."""
    hidden = make_practice(world.city, title="Hidden", visibility=Visibility.RESTRICTED)
    attachment = attach(hidden)
    atexit.register(default_storage.delete, attachment.file.name)
    return {"key": make_practice(world.city, title="Open").slug, "pk": attachment.pk}


ENTRIES = [
    Entry("practices:library", every=200),
    Entry(
        "practices:library",
        every=200,
        query="?q=youth&theme=youth-engagement&city=tunis&order=recent&page=1",
        label="filtered",
    ),
    Entry(
        "practices:library",
        every=200,
        query="?page=x&theme=nonsense&order=sideways&label=",
        label="bad input",
    ),
    Entry("practices:export", every=200, kwargs=lambda w: {"fmt": "json"}),
    Entry(
        "practices:export",
        every=200,
        kwargs=lambda w: {"fmt": "csv"},
        query="?theme=youth-engagement",
        label="csv",
    ),
    Entry("practices:export", every=404, kwargs=lambda w: {"fmt": "xml"}, label="unknown"),
    Entry("practices:detail", every=404, kwargs=lambda w: {"key": "no-such"}, label="unknown"),
]
for kind, expect in EXPECT.items():
    ENTRIES += [
        Entry("practices:detail", expect=expect, kwargs=practice_key(kind), label=kind),
        Entry("practices:versions", expect=expect, kwargs=practice_key(kind), label=kind),
        Entry("practices:attachment", expect=expect, kwargs=file_key(kind), label=kind),
    ]
for kind in ("public", "members", "restricted"):
    ENTRIES.append(
        Entry("practices:version", expect=EXPECT[kind], kwargs=version_key(kind), label=kind)
    )
ENTRIES += [
    Entry(
        "practices:version",
        every=404,
        kwargs=lambda w: {**practice_key("public")(w), "number": 7},
        label="no such version",
    ),
    Entry("practices:attachment", every=404, kwargs=other_practice_file, label="other's file"),
]
