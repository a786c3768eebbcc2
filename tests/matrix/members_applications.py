"""Permission matrix: membership applications (public form, secretariat review)."""

from strongcities.core.taxonomy.models import Concept
from strongcities.members.models import MembershipApplication
from tests.matrix import LOGIN, Entry

REVIEW = {
    "anonymous": LOGIN,
    "member": 404,
    "focal_point": 404,
    "other_focal_point": 404,
    "secretariat": 200,
}
DECIDE = {**REVIEW, "secretariat": 302}


def application(world, name: str = "Sfax") -> dict:
    """A pending application, created for the request (each role gets a fresh database)."""
    created = MembershipApplication.objects.create(
        city_name=name,
        country="TN",
        region=Concept.objects.get(scheme__code="region", code="middle-east-north-africa"),
        contact_name="Amel Ben Salah",
        contact_role="Deputy mayor",
        contact_email="amel@sfax.example.org",
        mayor_name="Mohamed Ali",
        endorsement_confirmed=True,
        language="fr",
    )
    return {"pk": created.pk}


ENTRIES = [
    Entry("members:apply", every=200),
    Entry(
        "members:apply",
        method="post",
        data=lambda w: {"city_name": ""},
        every=200,
        label="invalid form is shown again",
    ),
    Entry("members:apply_thanks", every=200),
    Entry("members:application_queue", expect=REVIEW),
    Entry("members:application_queue", expect=REVIEW, query="?status=pending", label="filtered"),
    Entry("members:application", expect=REVIEW, kwargs=application),
    Entry(
        "members:application_approve",
        expect=DECIDE,
        kwargs=application,
        method="post",
        data=lambda w: {"latitude": "34.74", "longitude": "10.76"},
    ),
    Entry(
        "members:application_approve",
        expect={**REVIEW, "secretariat": 405},
        kwargs=application,
        label="GET not allowed",
    ),
    Entry(
        "members:application_reject",
        expect=DECIDE,
        kwargs=application,
        method="post",
        data=lambda w: {"reason": "The city is not a local government."},
    ),
    Entry(
        "members:application_letter",
        expect={**REVIEW, "secretariat": 404},
        kwargs=application,
        label="no letter was uploaded",
    ),
]
