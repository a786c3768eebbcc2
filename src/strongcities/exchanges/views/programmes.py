"""Exchange programmes: the list and a programme's page for whoever may see them
(`Programme.objects.visible_to`), creating and editing them for the secretariat."""

import rules
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from strongcities.core.access import deny
from strongcities.core.exceptions import DomainError
from strongcities.exchanges.forms import ProgrammeForm
from strongcities.exchanges.models import Exchange, Programme
from strongcities.exchanges.services import programmes as services
from strongcities.exchanges.views.lookup import programme_view

PROGRAMME_EXCHANGES = 50


@require_GET
def listing(request):
    programmes = (
        Programme.objects.visible_to(request.user)
        .select_related("sponsor")
        .order_by("-starts_on", "slug")
    )
    context = {
        "programmes": list(programmes),
        "may_manage": rules.has_perm("exchanges.manage_programmes", request.user),
    }
    return render(request, "exchanges/programmes.html", context)


@require_GET
@programme_view
def detail(request, programme: Programme):
    user = request.user
    exchanges = (
        Exchange.objects.visible_to(user)
        .filter(programme=programme)
        .select_related("visiting_city", "host_city", "kind", "programme")
        .order_by("-proposed_at", "-pk")
    )
    listed = list(exchanges[: PROGRAMME_EXCHANGES + 1])
    context = {
        "programme": programme,
        "cities": list(programme.cities.order_by("name_key", "pk")),
        "exchanges": listed[:PROGRAMME_EXCHANGES],
        "more_exchanges": len(listed) > PROGRAMME_EXCHANGES,
        "visible_programmes": {programme.pk},
        "see_budget_note": rules.has_perm("exchanges.see_budget_note", user, programme),
        "may_manage": rules.has_perm("exchanges.manage_programmes", user),
    }
    return render(request, "exchanges/programme.html", context)


def _form_page(request, programme: Programme | None):
    form = ProgrammeForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_programme(
                programme, form.to_input(), user=request.user, request=request
            )
        except DomainError as error:
            form.show_refusal(error)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect(saved)
    return render(request, "exchanges/programme_form.html", {"form": form, "programme": programme})


@require_http_methods(["GET", "POST"])
def create(request):
    if not rules.has_perm("exchanges.manage_programmes", request.user):
        return deny(request)
    return _form_page(request, None)


@require_http_methods(["GET", "POST"])
@programme_view
def edit(request, programme: Programme):
    if not rules.has_perm("exchanges.manage_programmes", request.user):
        return deny(request)
    return _form_page(request, programme)
