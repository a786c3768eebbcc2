"""Peer review: the secretariat proposes, the owner consents, an expert reviews privately."""

import pytest
import rules
from django.urls import reverse

from strongcities.accounts.models import GlobalRole
from strongcities.core.audit.models import AuditEntry
from strongcities.core.notifications.models import Notification
from strongcities.practices import services
from strongcities.practices.models import PeerReview, Practice
from tests.factories import CityFactory, CityRoleFactory, UserFactory
from tests.practices.factories import PeerReviewFactory, make_practice

pytestmark = pytest.mark.django_db

R = PeerReview.Status
PRIVATE = "The indicators are self-reported and zanzibarine."
REVIEW = {
    "evidence_assessment": PRIVATE,
    "strengths": "Strong partnership with schools.",
    "weaknesses": "Small sample.",
    "transferability_assessment": "Works where schools have counsellors.",
    "recommendation": "recommend",
}


def make_expert(email="expert@example.org"):
    expert = UserFactory(email=email, full_name="Eva Expert")
    GlobalRole.objects.create(user=expert, role=GlobalRole.Role.EXPERT)
    return expert


@pytest.fixture
def expert(db):
    return make_expert()


@pytest.fixture
def practice(world):
    return make_practice(
        world.city, title="Youth mentoring", visibility="restricted", user=world.focal_point
    )


def kinds() -> list[tuple[str, str]]:
    return [
        (n.recipient.email, n.kind)
        for n in Notification.objects.order_by("pk").select_related("recipient")
    ]


def review_actions() -> list[str]:
    return list(
        AuditEntry.objects.filter(action__startswith="practice.peer_review")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def consented(practice, expert, world) -> PeerReview:
    review = services.propose_peer_review(practice, expert, user=world.secretariat)
    return services.answer_peer_review(review, user=world.focal_point, consent=True)


# --- Services


def test_the_whole_cycle_labels_the_practice(world, practice, expert):
    Notification.objects.all().delete()
    review = services.propose_peer_review(practice, expert, user=world.secretariat)
    assert (review.status, review.proposed_by) == (R.PROPOSED, world.secretariat)
    assert Practice.objects.visible_to(expert).filter(pk=practice.pk).exists() is False
    review = services.answer_peer_review(review, user=world.focal_point, consent=True)
    assert (review.status, review.consent_by) == (R.CONSENTED, world.focal_point)
    assert Practice.objects.visible_to(expert).filter(pk=practice.pk).exists() is True
    review = services.submit_peer_review(review, user=expert, **REVIEW)
    assert (review.status, review.is_positive) == (R.SUBMITTED, True)

    practice = Practice.objects.get(pk=practice.pk)
    assert (practice.peer_reviewed, practice.label, practice.version) == (
        True,
        "peer-reviewed",
        2,
    )
    assert list(practice.versions.values_list("number", "note")) == [
        (2, "Peer reviewed"),
        (1, "Published"),
    ]
    assert practice.versions.get(number=2).author == expert
    assert review_actions() == [
        "practice.peer_review_proposed",
        "practice.peer_review_consented",
        "practice.peer_review_submitted",
    ]
    assert AuditEntry.objects.get(action="practice.peer_review_submitted").data == {
        "review": review.pk,
        "expert": expert.pk,
        "positive": True,
    }
    assert kinds() == [
        (world.focal_point.email, "peer-review-proposed"),
        (expert.email, "peer-review-requested"),
        (world.secretariat.email, "peer-review-completed"),
        (world.member.email, "peer-review-completed"),
        (world.focal_point.email, "peer-review-completed"),
    ]
    completed = {n.recipient: n for n in Notification.objects.filter(kind="peer-review-completed")}
    url = reverse("practices:peer_review", args=[review.pk])
    assert completed[world.secretariat].data == {
        "url": url,
        "review": review.pk,
        "positive": True,
    }
    owner_data = {"url": f"/practices/{practice.slug}/", "positive": True}
    assert completed[world.member].data == owner_data
    assert completed[world.focal_point].data == owner_data
    assert {n.target for n in completed.values()} == {practice}


@pytest.mark.parametrize("recommendation", ["not-yet"])
def test_a_negative_review_gives_no_label(world, practice, expert, recommendation):
    review = consented(practice, expert, world)
    services.submit_peer_review(review, user=expert, **{**REVIEW, "recommendation": recommendation})
    practice = Practice.objects.get(pk=practice.pk)
    assert (practice.peer_reviewed, practice.label, practice.version) == (False, "inspiring", 1)
    completed = Notification.objects.filter(kind="peer-review-completed").first()
    assert completed.data["positive"] is False


def test_reservations_still_count_as_positive(world, practice, expert):
    review = consented(practice, expert, world)
    services.submit_peer_review(review, user=expert, **{**REVIEW, "recommendation": "reservations"})
    assert Practice.objects.get(pk=practice.pk).label == "peer-reviewed"


def test_declining_tells_the_secretariat(world, practice, expert):
    review = services.propose_peer_review(practice, expert, user=world.secretariat)
    Notification.objects.all().delete()
    review = services.answer_peer_review(review, user=world.focal_point, consent=False)
    assert review.status == R.DECLINED
    assert kinds() == [(world.secretariat.email, "peer-review-declined")]
    assert Practice.objects.visible_to(expert).filter(pk=practice.pk).exists() is False
    # A declined review no longer blocks a new proposal.
    other = services.propose_peer_review(
        practice, make_expert("e2@example.org"), user=world.secretariat
    )
    assert other.status == R.PROPOSED


def test_withdrawing_closes_the_experts_access(world, practice, expert):
    review = consented(practice, expert, world)
    review = services.withdraw_peer_review(review, user=world.secretariat)
    assert review.status == R.WITHDRAWN
    assert Practice.objects.visible_to(expert).filter(pk=practice.pk).exists() is False
    with pytest.raises(services.PracticeError):
        services.withdraw_peer_review(review, user=world.secretariat)
    with pytest.raises(services.PracticeError):
        services.submit_peer_review(review, user=expert, **REVIEW)
    assert review_actions()[-1] == "practice.peer_review_withdrawn"


def test_proposal_refusals(world, practice, expert):
    refusals = []

    def refused(target, person, user):
        with pytest.raises(services.PracticeError) as error:
            services.propose_peer_review(target, person, user=user)
        refusals.append((str(error.value), error.value.field))

    refused(practice, expert, world.focal_point)
    refused(make_practice(world.city, status="draft"), expert, world.secretariat)
    refused(make_practice(world.city, status="archived"), expert, world.secretariat)
    refused(practice, UserFactory(), world.secretariat)
    insider = make_expert("insider@example.org")
    CityRoleFactory(user=insider, city=world.city, role="member")
    refused(practice, insider, world.secretariat)
    services.propose_peer_review(practice, expert, user=world.secretariat)
    refused(practice, make_expert("e3@example.org"), world.secretariat)
    assert refusals == [
        ("Only the secretariat proposes a peer review.", None),
        ("Only a published practice can be peer reviewed.", None),
        ("Only a published practice can be peer reviewed.", None),
        ("Choose a person with the expert reviewer role.", "expert"),
        ("An expert cannot review a practice of their own city or organisation.", "expert"),
        ("This practice already has a peer review under way.", None),
    ]
    assert PeerReview.objects.count() == 1


def test_only_an_owner_focal_point_answers_once(world, practice, expert):
    review = services.propose_peer_review(practice, expert, user=world.secretariat)
    for person in (world.member, world.other_focal_point, world.secretariat, expert):
        with pytest.raises(services.PracticeError):
            services.answer_peer_review(review, user=person, consent=True)
    services.answer_peer_review(review, user=world.focal_point, consent=True)
    with pytest.raises(services.PracticeError):
        services.answer_peer_review(review, user=world.focal_point, consent=False)
    assert PeerReview.objects.get(pk=review.pk).status == R.CONSENTED


def test_only_the_expert_writes_a_complete_review_once(world, practice, expert):
    review = services.propose_peer_review(practice, expert, user=world.secretariat)
    with pytest.raises(services.PracticeError):  # not consented yet
        services.submit_peer_review(review, user=expert, **REVIEW)
    services.answer_peer_review(review, user=world.focal_point, consent=True)
    other_expert = make_expert("other@example.org")
    for person in (other_expert, world.secretariat, world.focal_point):
        with pytest.raises(services.PracticeError):
            services.submit_peer_review(review, user=person, **REVIEW)
    with pytest.raises(services.PracticeError) as error:
        services.submit_peer_review(review, user=expert, **{**REVIEW, "strengths": " "})
    assert error.value.field == "strengths"
    with pytest.raises(services.PracticeError) as error:
        services.submit_peer_review(review, user=expert, **{**REVIEW, "recommendation": "yes"})
    assert error.value.field == "recommendation"
    services.submit_peer_review(review, user=expert, **REVIEW)
    with pytest.raises(services.PracticeError):
        services.submit_peer_review(review, user=expert, **REVIEW)


def test_review_rules(world, practice, expert):
    review = services.propose_peer_review(practice, expert, user=world.secretariat)
    people = {
        "member": world.member,
        "focal_point": world.focal_point,
        "other_focal_point": world.other_focal_point,
        "secretariat": world.secretariat,
        "expert": expert,
    }

    def allowed(perm):
        return sorted(name for name, user in people.items() if rules.has_perm(perm, user, review))

    assert allowed("practices.consent_peer_review") == ["focal_point"]
    assert allowed("practices.write_peer_review") == []
    assert allowed("practices.view_peer_review") == ["expert", "secretariat"]
    services.answer_peer_review(review, user=world.focal_point, consent=True)
    review.refresh_from_db()
    assert allowed("practices.consent_peer_review") == []
    assert allowed("practices.write_peer_review") == ["expert"]


# --- Pages


def url(review, name="practices:peer_review"):
    return reverse(name, args=[review.pk])


def test_propose_page(client, world, practice, expert):
    insider = make_expert("insider@example.org")
    CityRoleFactory(user=insider, city=world.city, role="member")
    client.force_login(world.secretariat)
    page = client.get(reverse("practices:peer_review_propose", args=[practice.slug]))
    assert page.status_code == 200
    assert list(page.context["form"].fields["expert"].queryset) == [expert]
    response = client.post(
        reverse("practices:peer_review_propose", args=[practice.slug]), {"expert": expert.pk}
    )
    review = PeerReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(review)
    assert (review.expert, review.status) == (expert, R.PROPOSED)
    page = client.get(reverse("practices:peer_review_propose", args=[practice.slug]))
    assert page.context["under_way"] == review


def test_propose_page_refuses_an_insider(client, world, practice):
    insider = make_expert("insider@example.org")
    CityRoleFactory(user=insider, city=world.city, role="focal-point")
    client.force_login(world.secretariat)
    response = client.post(
        reverse("practices:peer_review_propose", args=[practice.slug]), {"expert": insider.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "expert": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert PeerReview.objects.count() == 0


def test_owner_sees_the_consent_step_and_answers(client, world, practice, expert):
    review = services.propose_peer_review(practice, expert, user=world.secretariat)
    client.force_login(world.focal_point)
    page = client.get(url(review))
    assert page.status_code == 200
    assert page.context["role"] == "owner"
    assert page.context["texts"] == []
    assert reverse("practices:peer_review_consent", args=[review.pk]) in page.content.decode()
    response = client.post(url(review, "practices:peer_review_consent"), {"decision": "consent"})
    assert (response.status_code, response["Location"]) == (302, url(review))
    assert PeerReview.objects.get(pk=review.pk).status == R.CONSENTED
    # A second answer is not possible any more.
    response = client.post(url(review, "practices:peer_review_consent"), {"decision": "decline"})
    assert response.status_code == 404


def test_owner_declines(client, world, practice, expert):
    review = services.propose_peer_review(practice, expert, user=world.secretariat)
    client.force_login(world.focal_point)
    client.post(url(review, "practices:peer_review_consent"), {"decision": "decline"})
    assert PeerReview.objects.get(pk=review.pk).status == R.DECLINED


def test_expert_writes_then_reads_the_review(client, world, practice, expert):
    review = consented(practice, expert, world)
    client.force_login(expert)
    page = client.get(url(review))
    assert page.status_code == 200
    assert page.context["role"] == "expert"
    assert page.context["form"] is not None
    assert ("summary", "Mentors meet pupils weekly to build resilience.") in page.context["texts"]
    invalid = client.post(url(review), {**REVIEW, "weaknesses": ""})
    assert invalid.status_code == 200
    assert invalid.context["form"].errors == {"weaknesses": ["This field is required."]}
    response = client.post(url(review), REVIEW)
    assert (response.status_code, response["Location"]) == (302, url(review))
    page = client.get(url(review))
    assert page.context["form"] is None
    assert PRIVATE in page.content.decode()
    assert client.post(url(review), REVIEW).status_code == 404


def test_owner_never_reads_the_review_text(client, world, practice, expert):
    review = consented(practice, expert, world)
    services.submit_peer_review(review, user=expert, **REVIEW)
    for person in (world.focal_point,):
        client.force_login(person)
        page = client.get(url(review))
        content = page.content.decode()
        assert page.status_code == 200
        assert PRIVATE not in content
        assert REVIEW["strengths"] not in content
        assert "now carries the “peer reviewed” label" in content
    client.force_login(world.member)
    assert client.get(url(review)).status_code == 404


def test_secretariat_reads_and_withdraws(client, world, practice, expert):
    review = consented(practice, expert, world)
    client.force_login(world.secretariat)
    page = client.get(url(review))
    assert (page.status_code, page.context["can_withdraw"]) == (200, True)
    response = client.post(url(review), {"action": "withdraw"})
    assert response.status_code == 302
    assert PeerReview.objects.get(pk=review.pk).status == R.WITHDRAWN
    done = consented(make_practice(world.city), expert, world)
    services.submit_peer_review(done, user=expert, **REVIEW)
    assert PRIVATE in client.get(url(done)).content.decode()


def test_outsiders_get_404(client, world, practice, expert):
    review = consented(practice, expert, world)
    services.submit_peer_review(review, user=expert, **REVIEW)
    for person in (make_expert("other@example.org"), world.other_focal_point, world.member):
        client.force_login(person)
        assert client.get(url(review)).status_code == 404
        assert client.post(url(review), REVIEW).status_code == 404
    client.logout()
    assert client.get(url(review)).status_code == 302


def test_expert_sees_nothing_before_consent(client, world, practice, expert):
    review = services.propose_peer_review(practice, expert, user=world.secretariat)
    client.force_login(expert)
    assert client.get(url(review)).status_code == 404
    assert client.get(reverse("practices:peer_reviews")).context["assigned"] == []
    services.answer_peer_review(review, user=world.focal_point, consent=False)
    assert client.get(url(review)).status_code == 404


def test_review_lists_by_role(client, world, practice, expert, django_assert_num_queries):
    proposed = services.propose_peer_review(practice, expert, user=world.secretariat)
    second = make_practice(world.city, title="Street mediators")
    done = consented(second, expert, world)
    services.submit_peer_review(done, user=expert, **REVIEW)
    for _n in range(3):
        PeerReviewFactory(practice=make_practice(CityFactory()), expert=expert)

    client.force_login(world.secretariat)
    with django_assert_num_queries(8):
        page = client.get(reverse("practices:peer_reviews"))
    assert len(page.context["page"].object_list) == 5

    client.force_login(expert)
    page = client.get(reverse("practices:peer_reviews"))
    assert page.context["assigned"] == [done]

    client.force_login(world.focal_point)
    page = client.get(reverse("practices:peer_reviews"))
    assert (page.context["awaiting"], page.context["owned"]) == ([proposed], [done])
    assert PRIVATE not in page.content.decode()

    client.force_login(world.other_focal_point)
    page = client.get(reverse("practices:peer_reviews"))
    assert (page.context["awaiting"], page.context["assigned"], page.context["owned"]) == (
        [],
        [],
        [],
    )
    client.logout()
    assert client.get(reverse("practices:peer_reviews")).status_code == 302
