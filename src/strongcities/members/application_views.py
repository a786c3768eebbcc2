"""Applying to join the network, and the secretariat's review of applications."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from strongcities.core.access import require_rule
from strongcities.core.exceptions import DomainError
from strongcities.core.uploads import attachment_response
from strongcities.members import services
from strongcities.members.forms import ApplicationForm, ApproveForm, QueueFilterForm, RejectForm
from strongcities.members.models import MembershipApplication

PAGE_SIZE = 25
review = require_rule("members.review_application")


def _show_refusal(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@require_http_methods(["GET", "POST"])
def apply(request):
    """The public application form; on success, to the thanks page."""
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            return redirect("members:apply_thanks")
        try:
            services.submit_application(form.cleaned_data, request=request)
        except DomainError as error:
            _show_refusal(form, error)
        else:
            return redirect("members:apply_thanks")
    return render(request, "members/applications/apply.html", {"form": form})


def thanks(request):
    return render(request, "members/applications/thanks.html")


@review
def queue(request):
    """Applications, pending first, filterable by status."""
    filters = QueueFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    applications = MembershipApplication.objects.select_related("region")
    if status:
        applications = applications.filter(status=status)
    page = Paginator(services.pending_first(applications), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "members/applications/queue.html",
        {"page": page, "filters": filters},
    )


def _application(pk: int) -> MembershipApplication:
    return get_object_or_404(
        MembershipApplication.objects.select_related("region", "reviewed_by", "city"), pk=pk
    )


def _render_detail(request, application, approve_form=None, reject_form=None, status=200):
    if approve_form is None:
        approve_form = ApproveForm(
            initial={"latitude": application.latitude, "longitude": application.longitude}
        )
    context = {
        "application": application,
        "challenges": application.challenges.all(),
        "approve_form": approve_form,
        "reject_form": reject_form or RejectForm(),
    }
    return render(request, "members/applications/detail.html", context, status=status)


@review
def detail(request, pk):
    return _render_detail(request, _application(pk))


@review
@require_POST
def approve(request, pk):
    application = _application(pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, application, approve_form=form, status=400)
    try:
        city = services.approve_application(
            application,
            by=request.user,
            latitude=form.cleaned_data["latitude"],
            longitude=form.cleaned_data["longitude"],
            request=request,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("members:application", pk=application.pk)
    messages.success(
        request,
        _("%(city)s is now a member city; %(email)s has been invited as its focal point.")
        % {"city": city.name, "email": application.contact_email},
    )
    return redirect("members:application", pk=application.pk)


@review
@require_POST
def reject(request, pk):
    application = _application(pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, application, reject_form=form, status=400)
    try:
        services.reject_application(
            application, by=request.user, reason=form.cleaned_data["reason"], request=request
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("members:application", pk=application.pk)
    messages.success(request, _("The application was declined and the applicant informed."))
    return redirect("members:application", pk=application.pk)


@review
def endorsement_letter(request, pk):
    """The mayor's letter as a download (never displayed inline); every download is audited."""
    application = _application(pk)
    response = attachment_response(
        application.endorsement_letter,
        f"endorsement-{slugify(application.city_name) or application.pk}",
    )
    services.letter_downloaded(application, request)
    return response
