"""The organisers' pages: create and edit an event, publish and cancel it, its participant
categories, agenda (sessions and speakers), materials and outcomes.

Every page finds the event through `organiser_view` (404 unless the reader may organise it;
sign-in for an anonymous visitor of a visible event), parses a form, calls a service of
services/organising.py and redirects with a message; a refusal is shown on the form.
"""

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from strongcities.core.access import deny
from strongcities.core.exceptions import DomainError
from strongcities.events.forms_organising import (
    CancelEventForm,
    CategoryForm,
    EventForm,
    MaterialForm,
    OutcomeForm,
    SessionForm,
    SpeakerForm,
)
from strongcities.events.models import Event, Speaker
from strongcities.events.services import organising as services
from strongcities.events.views.lookup import organiser_view
from strongcities.practices.models import Practice


def _page(request, event: Event, template: str, section: str, **context):
    context.update(event=event, section=section)
    return render(request, f"events/manage/{template}", context)


def _done(request, message: str, to: str, event: Event):
    messages.success(request, message)
    return redirect(to, slug=event.slug)


# --- the event ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def create(request):
    """A new draft event (the secretariat)."""
    if not rules.has_perm("events.add_event", request.user):
        return deny(request)
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(form.to_input(), by=request.user, request=request)
        except DomainError as error:
            form.show_refusal(error)
        else:
            messages.success(
                request,
                _(
                    "The event was saved as a draft. Add its participant categories, then "
                    "publish it."
                ),
            )
            return redirect("events:categories", slug=event.slug)
    return render(
        request, "events/manage/event_form.html", {"form": form, "event": None, "section": "edit"}
    )


@require_http_methods(["GET", "POST"])
@organiser_view
def edit(request, event: Event):
    form = EventForm(request.POST or None, user=request.user, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.update_event(event, form.to_input(), by=request.user, request=request)
        except DomainError as error:
            form.show_refusal(error)
        else:
            return _done(request, _("The changes were saved."), "events:edit", event)
    return _page(request, event, "event_form.html", "edit", form=form)


@require_POST
@organiser_view
def publish(request, event: Event):
    try:
        services.publish(event, by=request.user, request=request)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("events:edit", slug=event.slug)
    messages.success(request, _("The event is published."))
    return redirect(event.get_absolute_url())


@require_http_methods(["GET", "POST"])
@organiser_view
def cancel_event(request, event: Event):
    """Ask for the message to the registrants (GET), then call the event off (POST)."""
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_event(
                event, by=request.user, message=form.cleaned_data["message"], request=request
            )
        except DomainError as error:
            form.show_refusal(error)
        else:
            messages.success(request, _("The event is cancelled; the registrants were told."))
            return redirect(event.get_absolute_url())
    registrants = event.registrations.active().count()
    return _page(request, event, "cancel.html", "cancel", form=form, registrants=registrants)


# --- participant categories -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@organiser_view
def categories(request, event: Event):
    """The categories with their seats, and a form to add one."""
    form = CategoryForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_category(event, form.to_input(), by=request.user, request=request)
        except DomainError as error:
            form.show_refusal(error)
        else:
            return _done(request, _("The category was added."), "events:categories", event)
    listed = event.categories.annotate(registration_count=Count("registrations")).order_by(
        "position", "pk"
    )
    return _page(request, event, "categories.html", "categories", form=form, categories=listed)


@require_http_methods(["GET", "POST"])
@organiser_view
def category_edit(request, event: Event, pk: int):
    category = get_object_or_404(event.categories, pk=pk)
    form = CategoryForm(request.POST or None, event=event, category=category)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_category(
                event, form.to_input(), by=request.user, category=category, request=request
            )
        except DomainError as error:
            form.show_refusal(error)
        else:
            return _done(request, _("The category was saved."), "events:categories", event)
    return _page(request, event, "category_form.html", "categories", form=form, category=category)


@require_POST
@organiser_view
def category_delete(request, event: Event, pk: int):
    category = get_object_or_404(event.categories, pk=pk)
    try:
        services.delete_category(category, by=request.user, request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The category %(name)s was deleted.") % {"name": category.name})
    return redirect("events:categories", slug=event.slug)


# --- the agenda -----------------------------------------------------------------------------


@organiser_view
def agenda(request, event: Event):
    """Sessions (in time order, with their speakers) and the event's speakers."""
    sessions = event.sessions.prefetch_related(
        Prefetch("speakers", queryset=Speaker.objects.order_by("public_name", "pk"))
    ).order_by("start", "pk")
    speakers = event.speakers.order_by("public_name", "pk")
    return _page(
        request,
        event,
        "agenda.html",
        "agenda",
        sessions=sessions,
        speakers=speakers,
        sees_identity=request.user.has_perm("events.see_speaker_identity"),
    )


def _session_page(request, event: Event, session=None):
    form = SessionForm(request.POST or None, event=event, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_session(
                event, form.to_input(), by=request.user, session=session, request=request
            )
        except DomainError as error:
            form.show_refusal(error)
        else:
            return _done(request, _("The session was saved."), "events:agenda", event)
    return _page(request, event, "session_form.html", "agenda", form=form, session=session)


@require_http_methods(["GET", "POST"])
@organiser_view
def session_add(request, event: Event):
    return _session_page(request, event)


@require_http_methods(["GET", "POST"])
@organiser_view
def session_edit(request, event: Event, pk: int):
    return _session_page(request, event, get_object_or_404(event.sessions, pk=pk))


@require_POST
@organiser_view
def session_delete(request, event: Event, pk: int):
    session = get_object_or_404(event.sessions, pk=pk)
    try:
        services.delete_session(session, by=request.user, request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The session was deleted."))
    return redirect("events:agenda", slug=event.slug)


def _speaker_page(request, event: Event, speaker=None):
    form = SpeakerForm(
        request.POST or None, request.FILES or None, user=request.user, speaker=speaker
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_speaker(
                event, form.to_input(), by=request.user, speaker=speaker, request=request
            )
        except ValidationError as error:
            form.show_upload_refusal("photo", error)
        except DomainError as error:
            form.show_refusal(error)
        else:
            return _done(request, _("The speaker was saved."), "events:agenda", event)
    return _page(request, event, "speaker_form.html", "agenda", form=form, speaker=speaker)


@require_http_methods(["GET", "POST"])
@organiser_view
def speaker_add(request, event: Event):
    return _speaker_page(request, event)


@require_http_methods(["GET", "POST"])
@organiser_view
def speaker_edit(request, event: Event, pk: int):
    return _speaker_page(request, event, get_object_or_404(event.speakers, pk=pk))


@require_POST
@organiser_view
def speaker_delete(request, event: Event, pk: int):
    speaker = get_object_or_404(event.speakers, pk=pk)
    services.delete_speaker(speaker, by=request.user, request=request)
    messages.success(request, _("The speaker was removed."))
    return redirect("events:agenda", slug=event.slug)


# --- materials and outcomes -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@organiser_view
def materials(request, event: Event):
    """Upload a file (checked by content) and list the event's files to remove them."""
    form = MaterialForm(request.POST or None, request.FILES or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_material(
                event,
                data["file"],
                data.get("title") or "",
                data["visibility"],
                data.get("session"),
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.show_upload_refusal("file", error)
        except DomainError as error:
            form.show_refusal(error)
        else:
            return _done(request, _("The file was added."), "events:materials", event)
    listed = event.materials.select_related("session").order_by("uploaded_at", "pk")
    return _page(request, event, "materials.html", "materials", form=form, materials=listed)


@require_POST
@organiser_view
def material_remove(request, event: Event, pk: int):
    material = get_object_or_404(event.materials, pk=pk)
    services.remove_material(material, by=request.user, request=request)
    messages.success(request, _("The file %(name)s was removed.") % {"name": material.filename})
    return redirect("events:materials", slug=event.slug)


@require_http_methods(["GET", "POST"])
@organiser_view
def outcomes(request, event: Event):
    """Record outcomes and cities' commitments; list them to remove them."""
    form = OutcomeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_outcome(
                event,
                data["kind"],
                data["text"],
                city=data.get("city"),
                practice=data.get("practice"),
                by=request.user,
                request=request,
            )
        except DomainError as error:
            form.show_refusal(error)
        else:
            return _done(request, _("It was recorded."), "events:outcomes", event)
    listed = list(
        event.outcomes.select_related("city", "practice").order_by("kind", "created_at", "pk")
    )
    # A practice another organiser linked is named only to those who may see it.
    linked = [outcome.practice_id for outcome in listed if outcome.practice_id]
    seen = set(
        Practice.objects.visible_to(request.user).filter(pk__in=linked).values_list("pk", flat=True)
    )
    for outcome in listed:
        outcome.practice_shown = outcome.practice if outcome.practice_id in seen else None
    return _page(request, event, "outcomes.html", "outcomes", form=form, outcomes=listed)


@require_POST
@organiser_view
def outcome_remove(request, event: Event, pk: int):
    outcome = get_object_or_404(event.outcomes, pk=pk)
    services.remove_outcome(outcome, by=request.user, request=request)
    messages.success(request, _("It was removed."))
    return redirect("events:outcomes", slug=event.slug)
