"""Peer review pages: proposing an expert, the owner's consent, the expert's private review.

Who sees what on a review (`review_role`): the expert, once the owner consented, reads the
practice and writes the review; the secretariat reads everything; the owner's focal points see
the consent step and the outcome, never the review's text; anyone else gets a 404.
"""

import rules
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from strongcities.core.access import deny
from strongcities.core.exceptions import DomainError
from strongcities.core.visibility import is_secretariat, user_partner_ids
from strongcities.practices import services
from strongcities.practices.forms_peer_review import (
    ConsentForm,
    PeerReviewForm,
    ProposePeerReviewForm,
)
from strongcities.practices.models import PeerReview, Practice
from strongcities.practices.rules import is_review_owner_focal_point
from strongcities.practices.views.lookup import visible_practice

EXPERT, SECRETARIAT, OWNER = "expert", "secretariat", "owner"
RELATED = ("practice", "practice__city", "practice__partner", "expert")
PAGE_SIZE = 50


def review_role(user, review: PeerReview) -> str | None:
    """How `user` may look at `review`: expert, secretariat, owner, or not at all."""
    if is_secretariat(user):
        return SECRETARIAT
    if review.expert_id == user.pk and review.status in PeerReview.OPEN_TO_EXPERT:
        return EXPERT
    if is_review_owner_focal_point(user, review):
        return OWNER
    return None


def _owned_reviews(user):
    """The reviews of practices whose owner `user` is a focal point of (or partner member)."""
    cities = sorted(user.focal_point_city_ids)
    partners = sorted(user_partner_ids(user))
    if not cities and not partners:
        return PeerReview.objects.none()
    return PeerReview.objects.filter(
        Q(practice__city_id__in=cities) | Q(practice__partner_id__in=partners)
    )


@require_http_methods(["GET"])
def reviews(request):
    """One page, a section per role: the expert's reviews, the owner's, the secretariat's."""
    user = request.user
    if not user.is_authenticated:
        return deny(request)
    context = {"assigned": [], "awaiting": [], "owned": [], "page": None}
    if is_secretariat(user):
        everything = PeerReview.objects.select_related(*RELATED)
        context["page"] = Paginator(everything, PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        context["assigned"] = list(
            PeerReview.objects.filter(expert=user, status__in=PeerReview.OPEN_TO_EXPERT)
            .select_related(*RELATED)
            .order_by("status", "-created_at")
        )
        owned = list(_owned_reviews(user).exclude(expert=user).select_related(*RELATED))
        context["awaiting"] = [r for r in owned if r.status == PeerReview.Status.PROPOSED]
        context["owned"] = [r for r in owned if r.status != PeerReview.Status.PROPOSED]
    return render(request, "practices/peer_reviews.html", context)


def _review_or_404(request, pk: int) -> tuple[PeerReview, str]:
    review = PeerReview.objects.select_related(*RELATED).filter(pk=pk).first()
    role = review_role(request.user, review) if review is not None else None
    if role is None:
        raise Http404
    return review, role


def _practice_texts(practice: Practice) -> list[tuple[str, str]]:
    """(label, text) of the practice's filled text fields, in the reader's language."""
    texts = practice.texts(get_language() or practice.language)
    return [
        (Practice._meta.get_field(name).verbose_name, text)
        for name, text in texts.items()
        if text and name != "title"
    ]


def _submit(request, review: PeerReview, form: PeerReviewForm):
    if not form.is_valid():
        return None
    try:
        services.submit_peer_review(
            review, user=request.user, request=request, **form.review_data()
        )
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None
    messages.success(request, _("Thank you: your review has been submitted."))
    return redirect("practices:peer_review", pk=review.pk)


def _withdraw(request, review: PeerReview):
    try:
        services.withdraw_peer_review(review, user=request.user, request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The peer review has been withdrawn."))
    return redirect("practices:peer_review", pk=review.pk)


@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    """A review, as its expert, the secretariat or the owner's focal points may see it."""
    if not request.user.is_authenticated:
        return deny(request)
    review, role = _review_or_404(request, pk)
    can_write = rules.has_perm("practices.write_peer_review", request.user, review)
    form = PeerReviewForm(request.POST or None) if can_write else None
    if request.method == "POST":
        if form is not None:
            response = _submit(request, review, form)
            if response is not None:
                return response
        elif role == SECRETARIAT and request.POST.get("action") == "withdraw":
            return _withdraw(request, review)
        else:
            raise Http404
    context = {
        "review": review,
        "practice": review.practice,
        "role": role,
        "form": form,
        "can_withdraw": role == SECRETARIAT and review.status in services.OPEN_REVIEW_STATUSES,
        "can_consent": rules.has_perm("practices.consent_peer_review", request.user, review),
        "texts": _practice_texts(review.practice) if role != OWNER else [],
    }
    return render(request, "practices/peer_review.html", context)


@require_POST
def consent(request, pk: int):
    """The owner's focal point consents to (or declines) a proposed peer review."""
    if not request.user.is_authenticated:
        return deny(request)
    review = PeerReview.objects.select_related("practice").filter(pk=pk).first()
    if review is None or not rules.has_perm("practices.consent_peer_review", request.user, review):
        raise Http404
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether you consent to the review."))
        return redirect("practices:peer_review", pk=review.pk)
    try:
        services.answer_peer_review(
            review, user=request.user, consent=form.consent, request=request
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if form.consent:
            messages.success(request, _("Thank you: the expert has been asked to review."))
        else:
            messages.success(request, _("You declined the peer review."))
    return redirect("practices:peer_review", pk=review.pk)


@require_http_methods(["GET", "POST"])
def propose(request, key: str):
    """The secretariat proposes an expert to peer review a published practice."""
    practice = visible_practice(request, key)
    if not rules.has_perm("practices.propose_peer_review", request.user, practice):
        return deny(request)
    form = ProposePeerReviewForm(request.POST or None, practice=practice)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.propose_peer_review(
                practice, form.cleaned_data["expert"], user=request.user, request=request
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, _("The peer review is proposed; the owner is asked to consent.")
            )
            return redirect("practices:peer_review", pk=created.pk)
    under_way = practice.peer_reviews.filter(status__in=services.OPEN_REVIEW_STATUSES).first()
    context = {"practice": practice, "form": form, "under_way": under_way}
    return render(request, "practices/peer_review_propose.html", context)
