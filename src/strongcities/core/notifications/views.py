"""My notifications, marking them read, email preferences and the one-click unsubscribe page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from strongcities.core.exceptions import DomainError
from strongcities.core.notifications import services
from strongcities.core.notifications.forms import PreferenceForm
from strongcities.core.notifications.models import Notification
from strongcities.core.notifications.tasks import notification_url, render_text

PAGE_SIZE = 20


def _items(user, notifications: list[Notification]) -> list[dict]:
    """Each notification with its sentence in the reader's language and where it leads."""
    prefetch_related_objects(notifications, "target")
    items = []
    for notification in notifications:
        notification.recipient = user
        items.append(
            {
                "notification": notification,
                "text": render_text(notification, html=True),
                "url": notification_url(notification),
            }
        )
    return items


@login_required
def notification_list(request):
    """My notifications, newest first; those about what I may no longer see are left out."""
    queryset, unread = services.inbox(request.user)
    request._unread_notification_count = unread  # the header badge's count, already known
    page = Paginator(queryset.select_related("actor"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "items": _items(request.user, list(page.object_list))}
    return render(request, "notifications/list.html", context)


def _back(request) -> str:
    """The safe `next` of a POST, else the list."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("notifications:list")


@login_required
@require_POST
def mark_read(request, pk: int):
    try:
        services.mark_read(request.user, pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    return redirect(_back(request))


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(request.user)
    return redirect(_back(request))


@login_required
def preferences(request):
    """Choose immediate emails, a daily summary or no email at all."""
    form = PreferenceForm(
        request.POST or None, initial={"email_mode": services.email_mode(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_email_mode(request.user, form.cleaned_data["email_mode"])
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@never_cache
@csrf_exempt  # the signed token is the credential; mail clients' one-click POST has no cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks to confirm (mail scanners that open links change nothing); POST turns email off."""
    try:
        if request.method == "POST":
            services.unsubscribe(token)
            return render(request, "notifications/unsubscribe.html", {"done": True})
        services.unsubscribe_user(token)
    except DomainError as error:
        return render(request, "notifications/unsubscribe.html", {"error": error}, status=400)
    return render(request, "notifications/unsubscribe.html", {"token": token})
