"""Pages of matching: a city's recommendations with their reasons, how they are computed, and
the recomputation's status for the secretariat (docs/matching.md)."""

from dataclasses import dataclass

import rules
from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from strongcities.core.access import deny
from strongcities.core.audit.services import record
from strongcities.core.taxonomy.models import Concept
from strongcities.matching import scoring, services
from strongcities.matching.models import MatchingRun
from strongcities.members.directory import language_name
from strongcities.members.models import POPULATION_BANDS, City

PREVIEW = 5  # recommendations shown on a city profile and the dashboard before "See all"

# The formula's terms (docs/matching.md): their labels and the most each can give.
COMPONENT_LABELS = {
    "challenges": pgettext_lazy("matching score term", "Challenges"),
    "evidence": pgettext_lazy("matching score term", "Evidence"),
    "audiences": pgettext_lazy("matching score term", "Audiences"),
    "context": pgettext_lazy("matching score term", "Context"),
    "language": pgettext_lazy("matching score term", "Language"),
}
PEER_WEIGHTS = {
    "challenges": scoring.PEER_CHALLENGES,
    "evidence": scoring.PEER_EVIDENCE,
    "context": scoring.PEER_CONTEXT,
    "language": scoring.PEER_LANGUAGE,
}
PRACTICE_WEIGHTS = {
    "challenges": scoring.PRACTICE_CHALLENGES,
    "audiences": scoring.PRACTICE_AUDIENCES,
    "evidence": scoring.PRACTICE_EVIDENCE,
    "context": scoring.PRACTICE_CONTEXT,
    "language": scoring.PRACTICE_LANGUAGE,
}

SIZE_BANDS = (
    gettext_lazy("under 100,000 inhabitants"),
    gettext_lazy("100,000 to 500,000 inhabitants"),
    gettext_lazy("500,000 to 1 million inhabitants"),
    gettext_lazy("1 to 5 million inhabitants"),
    gettext_lazy("5 million inhabitants or more"),
)
assert len(SIZE_BANDS) == len(POPULATION_BANDS) + 1


@dataclass
class Term:
    label: str
    value: float
    weight: float


def terms(components: dict, weights: dict[str, float]) -> list[Term]:
    """The score's breakdown in the formula's order (terms missing from `components` are 0)."""
    return [
        Term(COMPONENT_LABELS[name], float(components.get(name, 0)), weight)
        for name, weight in weights.items()
    ]


def with_terms(recommendations: list, weights: dict[str, float]) -> list:
    for recommendation in recommendations:
        recommendation.terms = terms(recommendation.components or {}, weights)
    return recommendations


def recommendations_preview(city: City, user, limit: int = PREVIEW) -> dict | None:
    """The first peers and practices of `city` for `user`, or None when they may not see them
    (the city profile and the dashboard include matching/includes/city_recommendations.html)."""
    if city is None or not rules.has_perm("matching.view_recommendations", user):
        return None
    return {
        "city": city,
        "peers": services.peers_for(city, limit=limit),
        "practices": services.practices_for(city, user, limit=limit),
    }


def _ordered(queryset_name: str) -> Prefetch:
    return Prefetch(queryset_name, queryset=Concept.objects.order_by("position", "code"))


def context_profile(city: City) -> dict:
    """What matching compares, for display: the concepts are prefetched on `city`."""
    band = city.population_band
    return {
        "challenges": list(city.challenges.all()),
        "audiences": list(city.priority_audiences.all()),
        "runs": list(city.running_themes.all()),
        "size": SIZE_BANDS[band] if band is not None else None,
        "region": city.region,
        "languages": [language_name(code) for code in city.languages],
    }


@require_GET
def city(request, slug: str):
    """A city's peers and practices, each with its score, its terms and its reasons."""
    if not rules.has_perm("matching.view_recommendations", request.user):
        return deny(request)
    city = get_object_or_404(
        City.objects.members()
        .select_related("region")
        .prefetch_related(
            _ordered("challenges"), _ordered("priority_audiences"), _ordered("running_themes")
        ),
        slug=slug,
    )
    context = {
        "city": city,
        "profile": context_profile(city),
        "peers": with_terms(services.peers_for(city), PEER_WEIGHTS),
        "practices": with_terms(services.practices_for(city, request.user), PRACTICE_WEIGHTS),
        "can_edit": rules.has_perm("members.change_city", request.user, city),
        "can_propose": city.pk in request.user.focal_point_city_ids,
    }
    return render(request, "matching/city.html", context)


@require_GET
def about(request):
    """How the scores are computed, in the reader's language."""
    context = {"peer_weights": PEER_WEIGHTS, "practice_weights": PRACTICE_WEIGHTS}
    return render(request, "matching/about.html", context)


def run_state(run: MatchingRun) -> dict:
    """Whether the recomputation is waiting or running, and how far it is."""
    running = run.started_at is not None and (
        run.finished_at is None or run.finished_at < run.started_at
    )
    return {
        "run": run,
        "running": running,
        "active": running or run.queued,
        "percent": round(100 * run.cities_done / run.cities_total) if run.cities_total else 0,
    }


@require_http_methods(["GET", "POST"])
def status(request):
    """The secretariat's view of the recomputation (polled by htmx while a run is under way)."""
    if not rules.has_perm("matching.manage_matching", request.user):
        return deny(request)
    if request.method == "POST":
        with transaction.atomic():
            services.request_recompute()
            record("matching.recompute_requested", actor=request.user, request=request)
        messages.success(request, _("The recommendations will be recomputed shortly."))
        return redirect("matching:status")
    partial = bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "matching/includes/status_panel.html" if partial else "matching/status.html"
    response = render(request, template, run_state(MatchingRun.current()))
    patch_vary_headers(response, ["HX-Request"])
    return response
