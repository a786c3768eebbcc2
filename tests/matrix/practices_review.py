"""Peer review pages: the list, a review, the owner's consent, proposing an expert.

The expert is not one of the matrix roles: tests/practices/test_peer_review.py covers the
expert's path. Here the review's expert is someone else, so every matrix role sees the page only
as secretariat or owner focal point, or not at all.
"""

from strongcities.accounts.models import GlobalRole
from strongcities.practices.models import PeerReview
from tests.factories import UserFactory
from tests.matrix import LOGIN, Entry
from tests.practices.factories import PeerReviewFactory, make_practice

REVIEW_TEXT = {
    "evidence_assessment": "Self-reported indicators.",
    "strengths": "Schools take part.",
    "weaknesses": "Small sample.",
    "transferability_assessment": "Needs counsellors.",
    "recommendation": "recommend",
}


def expert():
    person = UserFactory()
    GlobalRole.objects.create(user=person, role=GlobalRole.Role.EXPERT)
    return person


def review(world, status=PeerReview.Status.PROPOSED, **practice) -> dict:
    """A review of a published practice of Tunis, in `status`."""
    found = PeerReviewFactory(
        practice=make_practice(world.city, **practice), expert=expert(), status=status
    )
    if status == PeerReview.Status.SUBMITTED:
        PeerReview.objects.filter(pk=found.pk).update(**REVIEW_TEXT)
    return {"pk": found.pk}


def tunis_practice(world, **kwargs) -> dict:
    return {"key": make_practice(world.city, **kwargs).slug}


# Owner focal point and secretariat may look at a review; nobody else learns it exists.
REVIEW_PAGE = {
    "anonymous": LOGIN,
    "member": 404,
    "focal_point": 200,
    "other_focal_point": 404,
    "secretariat": 200,
}
SECRETARIAT_ONLY = {
    "anonymous": 404,
    "member": 404,
    "focal_point": 404,
    "other_focal_point": 404,
    "secretariat": 200,
}

ENTRIES = [
    Entry(
        "practices:peer_reviews",
        expect={
            "anonymous": LOGIN,
            "member": 200,
            "focal_point": 200,
            "other_focal_point": 200,
            "secretariat": 200,
        },
    ),
    Entry("practices:peer_review", kwargs=review, expect=REVIEW_PAGE, label="proposed"),
    Entry(
        "practices:peer_review",
        kwargs=lambda w: review(w, PeerReview.Status.CONSENTED, visibility="secretariat"),
        expect=REVIEW_PAGE,
        label="consented, secretariat-only practice",
    ),
    Entry(
        "practices:peer_review",
        kwargs=lambda w: review(w, PeerReview.Status.SUBMITTED),
        expect=REVIEW_PAGE,
        label="submitted",
    ),
    Entry(
        "practices:peer_review",
        kwargs=lambda w: {"pk": 999999},
        expect={**dict.fromkeys(REVIEW_PAGE, 404), "anonymous": LOGIN},
        label="unknown",
    ),
    Entry(
        "practices:peer_review",
        kwargs=lambda w: review(w, PeerReview.Status.CONSENTED),
        method="post",
        data=lambda w: {"action": "withdraw"},
        expect={**REVIEW_PAGE, "focal_point": 404, "secretariat": 302},
        label="withdraw",
    ),
    Entry(
        "practices:peer_review",
        kwargs=lambda w: review(w, PeerReview.Status.CONSENTED),
        method="post",
        data=lambda w: REVIEW_TEXT,
        expect={**REVIEW_PAGE, "focal_point": 404, "secretariat": 404},
        label="write as someone else than the expert",
    ),
    Entry(
        "practices:peer_review_consent",
        kwargs=review,
        method="post",
        data=lambda w: {"decision": "consent"},
        expect={**REVIEW_PAGE, "focal_point": 302, "secretariat": 404},
    ),
    Entry(
        "practices:peer_review_consent",
        kwargs=lambda w: review(w, PeerReview.Status.DECLINED),
        method="post",
        data=lambda w: {"decision": "consent"},
        expect={**REVIEW_PAGE, "focal_point": 404, "secretariat": 404},
        label="already answered",
    ),
    Entry(
        "practices:peer_review_propose",
        kwargs=lambda w: tunis_practice(w, visibility="members"),
        expect=SECRETARIAT_ONLY,
    ),
    Entry(
        "practices:peer_review_propose",
        kwargs=tunis_practice,
        expect={**SECRETARIAT_ONLY, "anonymous": LOGIN},
        label="public practice",
    ),
    Entry(
        "practices:peer_review_propose",
        kwargs=lambda w: tunis_practice(w, visibility="restricted"),
        method="post",
        data=lambda w: {"expert": expert().pk},
        expect={**SECRETARIAT_ONLY, "secretariat": 302},
        label="propose",
    ),
    Entry(
        "practices:peer_review_propose",
        kwargs=lambda w: tunis_practice(w, status="draft"),
        every=404,
        label="draft",
    ),
    Entry(
        "practices:peer_review_propose",
        kwargs=lambda w: tunis_practice(w, status="archived", visibility="members"),
        every=404,
        label="archived",
    ),
]
