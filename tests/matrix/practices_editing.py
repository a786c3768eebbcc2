"""The writing side of the library: my practices, the review queue, creating and editing,
workflow steps and attachments (practices/views/editing.py)."""

from strongcities.core.visibility import Visibility
from strongcities.practices.models import Attachment, Practice
from tests.factories import concept
from tests.matrix import LOGIN, Entry
from tests.practices.factories import make_practice

OWNER_TEAM = {
    "anonymous": 404,
    "member": 200,
    "focal_point": 200,
    "other_focal_point": 404,
    "secretariat": 200,
}
NOBODY = {"anonymous": 404, "member": 404, "focal_point": 404, "other_focal_point": 404}


def in_state(status: str, visibility: str = Visibility.MEMBERS):
    """URL kwargs for a practice of Tunis brought to `status`."""

    def kwargs(world) -> dict:
        practice = make_practice(world.city, status=status, visibility=visibility)
        return {"key": practice.slug}

    return kwargs


def with_attachment(world) -> dict:
    practice = make_practice(world.city, status=Practice.Status.DRAFT)
    attachment = Attachment.objects.create(
        practice=practice,
        title="Report",
        file=f"practices/{practice.pk}/report.pdf",
        filename="report.pdf",
        kind="pdf",
        size=1000,
    )
    return {"key": practice.slug, "pk": attachment.pk}


def practice_data(world) -> dict:
    return {
        "owner": f"city:{world.city.pk}",
        "language": "en",
        "title": "Matrix practice",
        "summary": "Written by the permission matrix.",
        "themes": [concept("theme", "youth-engagement").pk],
        "visibility": Visibility.MEMBERS,
    }


ENTRIES = [
    Entry(
        "practices:mine",
        expect={
            "anonymous": LOGIN,
            "member": 200,
            "focal_point": 200,
            "other_focal_point": 200,
            "secretariat": 200,
        },
    ),
    Entry("practices:queue", expect={**NOBODY, "anonymous": LOGIN, "secretariat": 200}),
    Entry("practices:create", expect={**dict.fromkeys(OWNER_TEAM, 200), "anonymous": LOGIN}),
    Entry(
        "practices:create",
        method="post",
        data=practice_data,
        label="save for Tunis",
        expect={
            "anonymous": LOGIN,
            "member": 302,
            "focal_point": 302,
            "other_focal_point": 200,  # Tunis is not among their cities: a form error
            "secretariat": 302,
        },
    ),
    Entry(
        "practices:create",
        method="post",
        data=lambda w: {"owner": f"city:{w.city.pk}", "language": "en"},
        label="invalid",
        expect={**dict.fromkeys(OWNER_TEAM, 200), "anonymous": LOGIN},
    ),
    Entry("practices:edit", kwargs=in_state("draft"), label="draft", expect=OWNER_TEAM),
    Entry(
        "practices:edit",
        kwargs=in_state("published", Visibility.PUBLIC),
        label="published public",
        expect={**OWNER_TEAM, "anonymous": LOGIN},
    ),
    Entry("practices:edit", kwargs=in_state("submitted"), label="submitted", every=404),
    Entry("practices:edit", kwargs=lambda w: {"key": "no-such-practice"}, every=404),
    Entry(
        "practices:edit",
        kwargs=in_state("changes-requested"),
        method="post",
        data=practice_data,
        label="save",
        expect={**OWNER_TEAM, "member": 302, "focal_point": 302, "secretariat": 302},
    ),
    Entry(
        "practices:submit",
        kwargs=in_state("draft"),
        method="post",
        expect={**NOBODY, "focal_point": 302, "secretariat": 302},
    ),
    Entry("practices:submit", kwargs=in_state("draft"), label="GET", every=405),
    Entry(
        "practices:request_changes",
        kwargs=in_state("submitted"),
        expect={**NOBODY, "secretariat": 200},
    ),
    Entry(
        "practices:request_changes",
        kwargs=in_state("submitted"),
        method="post",
        data=lambda w: {"comment": "Add the results."},
        label="send back",
        expect={**NOBODY, "secretariat": 302},
    ),
    Entry(
        "practices:request_changes",
        kwargs=in_state("submitted"),
        method="post",
        label="no comment",
        expect={**NOBODY, "secretariat": 200},
    ),
    Entry(
        "practices:publish",
        kwargs=in_state("submitted"),
        method="post",
        expect={**NOBODY, "secretariat": 302},
    ),
    Entry(
        "practices:archive",
        kwargs=in_state("published", Visibility.PUBLIC),
        method="post",
        expect={**NOBODY, "anonymous": LOGIN, "focal_point": 302, "secretariat": 302},
    ),
    Entry(
        "practices:archive",
        kwargs=in_state("published", Visibility.RESTRICTED),
        method="post",
        label="restricted",
        expect={**NOBODY, "focal_point": 302, "secretariat": 302},
    ),
    Entry(
        "practices:restore",
        kwargs=in_state("archived", Visibility.PUBLIC),
        method="post",
        expect={**NOBODY, "anonymous": LOGIN, "secretariat": 302},
    ),
    Entry(
        "practices:confirm",
        kwargs=in_state("published"),
        method="post",
        expect={**NOBODY, "member": 302, "focal_point": 302, "secretariat": 404},
    ),
    Entry("practices:attachment_add", kwargs=in_state("draft"), expect=OWNER_TEAM),
    Entry(
        "practices:attachment_add",
        kwargs=in_state("draft"),
        method="post",
        label="no file",
        expect=OWNER_TEAM,
    ),
    Entry("practices:attachment_add", kwargs=in_state("submitted"), label="submitted", every=404),
    Entry(
        "practices:attachment_remove",
        kwargs=with_attachment,
        method="post",
        expect={**OWNER_TEAM, "member": 302, "focal_point": 302, "secretariat": 302},
    ),
]
