"""Member directory, city profiles (and their editing), and the world map."""

from collections import Counter

import rules
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from strongcities.core.access import deny
from strongcities.core.exceptions import DomainError
from strongcities.exchanges.views.city import city_exchanges
from strongcities.matching.views import recommendations_preview
from strongcities.members.city_forms import CityProfileForm
from strongcities.members.city_services import update_city_profile
from strongcities.members.directory import (
    PAGE_SIZE,
    DirectoryFilterForm,
    card_queryset,
    filter_cities,
    language_name,
)
from strongcities.members.geo import svg_position
from strongcities.members.models import City
from strongcities.practices.models import Practice


def is_htmx_partial(request) -> bool:
    """An htmx request for the results only (not a history restore, which needs the page)."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


@require_GET
def directory(request):
    listed = City.objects.listed()
    form = DirectoryFilterForm(request.GET or None, listed=listed)
    filters = form.active_filters()
    cities = card_queryset(filter_cities(listed, filters))
    page = Paginator(cities, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for card in page.object_list:
        card.language_names = [language_name(code) for code in card.languages]
    context = {"form": form, "page": page, "filtered": bool(filters)}
    template = (
        "members/partials/directory_results.html"
        if is_htmx_partial(request)
        else "members/directory.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def team_by_sector(roles) -> list[tuple[str, int]]:
    """[(sector label, people)], largest first; people with no sector counted together."""
    counts = Counter(
        str(role.user.sector.label)
        if role.user.sector
        else pgettext("sector", "Other or not stated")
        for role in roles
    )
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


CITY_PRACTICES = 6  # practices listed on a city profile before the link to all of them


@require_GET
def city(request, slug):
    city = get_object_or_404(City.objects.listed().select_related("region"), slug=slug)
    roles = list(
        city.team.filter(user__is_active=True)
        .select_related("user__sector")
        .order_by("role", "user__full_name", "user__email")
    )
    context = {
        "city": city,
        "challenges": city.challenges.filter(scheme__code="theme").order_by("position", "code"),
        "languages": [language_name(code) for code in city.languages],
        "team_size": len(roles),
        "team_by_sector": team_by_sector(roles),
        "focal_points": [r.user for r in roles if r.role == r.Role.FOCAL_POINT],
        "show_names": rules.has_perm("members.view_team_names", request.user),
        "can_edit": rules.has_perm("members.change_city", request.user, city),
        "position": svg_position(city.latitude, city.longitude),
        "practices": list(
            Practice.objects.listed_for(request.user).filter(city=city)[: CITY_PRACTICES + 1]
        ),
        "practices_shown": CITY_PRACTICES,
        # Cities like this one and practices for its challenges: network members only.
        "recommendations": recommendations_preview(city, request.user),
        # Its exchanges (hosted and visited): network members only.
        **city_exchanges(request.user, city),
    }
    return render(request, "members/city.html", context)


@require_http_methods(["GET", "POST"])
def city_edit(request, slug):
    city = City.objects.listed().filter(slug=slug).first()
    if city is None or not rules.has_perm("members.change_city", request.user, city):
        return deny(request)
    form = CityProfileForm(request.POST or None, instance=city)
    if request.method == "POST" and form.is_valid():
        try:
            update_city_profile(city, form.cleaned_data, by=request.user, request=request)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The city profile has been saved."))
            return redirect(city)
    return render(request, "members/city_edit.html", {"city": city, "form": form})


def map_cities():
    return (
        City.objects.listed()
        .select_related("region")
        .order_by("region__position", "region__code", "name_key")
    )


@require_GET
def world_map(request):
    return render(request, "members/map.html", {"cities": map_cities()})


@require_GET
def map_data(request):
    """The member cities for the map: name in the request's language, position, region."""
    data = [
        {
            "slug": city.slug,
            "name": str(city.name),
            "lat": float(city.latitude),
            "lon": float(city.longitude),
            "region": city.region.code,
            "region_label": str(city.region.label),
            "url": city.get_absolute_url(),
        }
        for city in map_cities()
    ]
    return JsonResponse(data, safe=False)
