from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from strongcities.core import health
from strongcities.core.language import set_language_cookie
from strongcities.members.models import City, regions_with_member_counts


def home(request):
    """One screen: what the network is, how many cities in which regions, what to do next."""
    members = City.objects.members()
    regions = (
        regions_with_member_counts().filter(member_count__gt=0).order_by("-member_count", "code")
    )
    context = {
        "city_count": members.count(),
        "country_count": members.values("country").distinct().count(),
        "regions": regions,
        "recent_cities": members.order_by("-joined_on", "name")[:6],
    }
    return render(request, "core/home.html", context)


@require_POST
def set_language(request):
    """Switch the interface language; a signed-in user's choice is remembered on the account."""

    language = request.POST.get("language", "")
    target = request.POST.get("next") or reverse("core:home")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("core:home")
    response = HttpResponseRedirect(target)
    if language and check_for_language(language) and language in dict(settings.LANGUAGES):
        set_language_cookie(response, language)
        if request.user.is_authenticated and request.user.preferred_language != language:
            request.user.preferred_language = language
            request.user.save(update_fields=["preferred_language"])
    return response


@never_cache
@require_GET
def healthz(request):
    """Database, task queue and cache state; 503 when the database is unreachable."""
    database = health.database_state()
    state = {
        "database": database,
        "tasks": health.task_queue_state() if database["ok"] else {"ok": False},
        "cache": health.cache_state(),
    }
    state["ok"] = all(part["ok"] for part in state.values())
    return JsonResponse(state, status=200 if database["ok"] else 503)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)
