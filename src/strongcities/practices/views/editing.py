"""The writing side of the library: create and edit practices, the review workflow's steps,
attachments, a team's own practices and the secretariat's review queue.

Every view finds the practice through the confidentiality rule (`visible_practice`: 404 when
hidden), checks the django-rules permission of the step (404 when refused; sign-in for an
anonymous visitor on a practice they may see), then calls a service.
"""

from collections.abc import Callable
from functools import wraps

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Max, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from strongcities.core.access import deny
from strongcities.core.exceptions import DomainError
from strongcities.core.visibility import owner_q
from strongcities.practices import services
from strongcities.practices.forms import AttachmentForm, CommentForm, PracticeForm
from strongcities.practices.models import Practice, StatusChange
from strongcities.practices.views.lookup import visible_practice

QUEUE_PAGE_SIZE = 50
MINE_ORDER = (
    Practice.Status.CHANGES_REQUESTED,
    Practice.Status.DRAFT,
    Practice.Status.SUBMITTED,
    Practice.Status.PUBLISHED,
    Practice.Status.ARCHIVED,
)
# The requests for changes, newest first: "mine" shows the latest one's comment.
SENT_BACK = StatusChange.objects.filter(to_status=Practice.Status.CHANGES_REQUESTED)


def practice_step(perm: str) -> Callable:
    """Decorator: resolve `key` to a practice the user may see and act on with `perm`.

    Hidden practices answer 404 (visible_practice); a refused step answers 404 too, or the
    sign-in page for an anonymous visitor of a practice they may read.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, key: str, **kwargs):
            practice = visible_practice(request, key)
            if not rules.has_perm(perm, request.user, practice):
                return deny(request)
            return view(request, practice, **kwargs)

        return wrapper

    return decorator


def _done(request, practice: Practice, message: str):
    messages.success(request, message)
    return redirect(practice.get_absolute_url())


def _step(request, practice: Practice, service: Callable, done: str, **kwargs):
    """Run the workflow `service` on `practice`, then back to its page with the outcome."""
    try:
        practice = service(practice, user=request.user, request=request, **kwargs)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(practice.get_absolute_url())
    return _done(request, practice, done)


def _optional_comment(request) -> str:
    form = CommentForm(request.POST, required=False)
    return form.cleaned_data["comment"] if form.is_valid() else ""


# --- creating and editing ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def create(request):
    """A new draft practice of one of the user's cities (any member city for the secretariat)."""
    if not rules.has_perm("practices.add_practice", request.user):
        return deny(request)
    form = PracticeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.create_practice(
                form.chosen_owner(), form.to_input(), user=request.user, request=request
            )
        except DomainError as error:
            form.show_refusal(error)
        else:
            return _done(
                request,
                practice,
                _("The practice was saved as a draft. Submit it for review when it is ready."),
            )
    return render(request, "practices/form.html", {"form": form, "practice": None})


@require_http_methods(["GET", "POST"])
@practice_step("practices.change_practice")
def edit(request, practice: Practice):
    form = PracticeForm(request.POST or None, user=request.user, practice=practice)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.update_practice(
                practice,
                form.to_input(),
                user=request.user,
                note=form.cleaned_data.get("note", ""),
                request=request,
            )
        except DomainError as error:
            form.show_refusal(error)
        else:
            return _done(request, practice, _("The changes were saved."))
    return render(request, "practices/form.html", {"form": form, "practice": practice})


# --- workflow steps --------------------------------------------------------------------------


@require_POST
@practice_step("practices.submit_practice")
def submit(request, practice: Practice):
    done = _("The practice was submitted: the secretariat will review it.")
    return _step(request, practice, services.submit_practice, done)


@require_http_methods(["GET", "POST"])
@practice_step("practices.review_practice")
def request_changes(request, practice: Practice):
    """The secretariat's comment form (GET), and sending the practice back (POST)."""
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.request_changes(
                practice, user=request.user, comment=form.cleaned_data["comment"], request=request
            )
        except DomainError as error:
            form.add_error("comment" if error.field == "comment" else None, error.message)
        else:
            return _done(
                request, practice, _("The practice was sent back to its owner with your comment.")
            )
    return render(request, "practices/request_changes.html", {"form": form, "practice": practice})


@require_POST
@practice_step("practices.review_practice")
def publish(request, practice: Practice):
    done = _("The practice is published in the library.")
    comment = _optional_comment(request)
    return _step(request, practice, services.publish_practice, done, comment=comment)


@require_POST
@practice_step("practices.archive_practice")
def archive(request, practice: Practice):
    done = _("The practice is archived: it no longer shows in the list.")
    comment = _optional_comment(request)
    return _step(request, practice, services.archive_practice, done, comment=comment)


@require_POST
@practice_step("practices.restore_practice")
def restore(request, practice: Practice):
    done = _("The practice is back in the library.")
    return _step(request, practice, services.restore_practice, done)


@require_POST
@practice_step("practices.confirm_practice")
def confirm(request, practice: Practice):
    done = _("Thank you: the practice is confirmed as up to date.")
    return _step(request, practice, services.confirm_up_to_date, done)


# --- attachments -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@practice_step("practices.change_practice")
def attachment_add(request, practice: Practice):
    """Upload a file (checked by content); the page also lists the files to remove them."""
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_attachment(
                practice,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                user=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error("file", error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _done(request, practice, _("The file was attached."))
    context = {
        "form": form,
        "practice": practice,
        "attachments": practice.attachments.all(),
    }
    return render(request, "practices/attachment_form.html", context)


@require_POST
@practice_step("practices.change_practice")
def attachment_remove(request, practice: Practice, pk: int):
    attachment = get_object_or_404(practice.attachments, pk=pk)
    services.remove_attachment(attachment, user=request.user, request=request)
    messages.success(request, _("The file %(name)s was removed.") % {"name": attachment.filename})
    return redirect("practices:attachment_add", key=practice.slug)


# --- lists -----------------------------------------------------------------------------------


def mine(request):
    """The practices of the user's cities (and partner organisations) in every status,
    grouped by status, with what to do next."""
    user = request.user
    if not rules.has_perm("practices.add_practice", user):
        return deny(request)
    owners = owner_q(user)
    owned = Q(created_by=user) if owners is None else owners | Q(created_by=user)
    practices = (
        Practice.objects.filter(owned)
        .select_related("city", "partner")
        .prefetch_related(Prefetch("history", queryset=SENT_BACK, to_attr="sent_back"))
        .order_by("-updated_at", "-pk")
    )
    by_status = {status: [] for status in MINE_ORDER}
    for practice in practices:
        by_status[practice.status].append(practice)
    groups = [
        {"status": status, "label": Practice.Status(status).label, "practices": by_status[status]}
        for status in MINE_ORDER
        if by_status[status]
    ]
    return render(request, "practices/mine.html", {"groups": groups})


def queue(request):
    """The secretariat's review queue: submitted practices, waiting longest first."""
    if not request.user.is_authenticated or not request.user.is_secretariat:
        return deny(request)
    practices = (
        Practice.objects.filter(status=Practice.Status.SUBMITTED)
        .select_related("city", "partner")
        .annotate(
            submitted_at=Max(
                "history__created_at", filter=Q(history__to_status=Practice.Status.SUBMITTED)
            )
        )
        .order_by("submitted_at", "pk")
    )
    page = Paginator(practices, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "practices/queue.html", {"page": page})
