"""Views of the accounts app: my hub, invitations, city teams, settings, API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from strongcities.accounts import services
from strongcities.accounts.forms import (
    AcceptInvitationForm,
    InviteForm,
    ProfileForm,
    RoleForm,
    TokenForm,
)
from strongcities.accounts.models import ApiToken, CityRole, Invitation, User
from strongcities.core.access import require_rule
from strongcities.core.exceptions import DomainError
from strongcities.core.language import set_language_cookie
from strongcities.matching.views import recommendations_preview
from strongcities.members.models import City

SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


@login_required
def dashboard(request):
    """My hub: who I am, my city teams, my network roles and where to go next."""
    user = request.user
    memberships = list(
        CityRole.objects.filter(user=user).select_related("city").order_by("city__name")
    )
    # "Cities like mine" and "Practices for my challenges": the first of my member cities.
    home = next((m.city for m in memberships if m.city.status == City.Status.MEMBER), None)
    context = {
        "memberships": memberships,
        "network_roles": user.role_grants.order_by("role"),
        "sector": user.sector,
        "recommendations": recommendations_preview(home, user),
    }
    return render(request, "accounts/dashboard.html", context)


# --- Invitations ------------------------------------------------------------------------------


@never_cache
def accept_invitation(request, token: str):
    """Show the city and role of an invitation, and let the invited person join."""
    try:
        invitation = services.find_open_invitation(token)
    except DomainError as error:
        return render(request, "accounts/invitation.html", {"error": error.message})
    context = {"invitation": invitation, "token": token}
    if request.user.is_authenticated:
        if request.user.email.lower() != invitation.email.lower():
            context["wrong_account"] = True
        elif request.method == "POST":
            return _join(request, token, invitation)
        return render(request, "accounts/invitation.html", context)
    if User.objects.filter(email__iexact=invitation.email).exists():
        context["has_account"] = True
        return render(request, "accounts/invitation.html", context)
    return _create_account(request, token, invitation, context)


def _create_account(request, token: str, invitation: Invitation, context: dict):
    """The invited visitor creates their account, is signed in and lands on their hub."""
    form = AcceptInvitationForm(
        request.POST or None,
        email=invitation.email,
        initial={"full_name": invitation.full_name, "sector": invitation.sector},
    )
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.accept_invitation(
                token,
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
                sector=form.cleaned_data["sector"],
                request=request,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            login(request, new_user, backend=SIGN_IN_BACKEND)
            messages.success(
                request,
                _("Welcome to the %(city)s team on Strong Cities Hub.")
                % {"city": invitation.city.name},
            )
            return redirect("accounts:dashboard")
    context["form"] = form
    status = 400 if form.is_bound else 200
    return render(request, "accounts/invitation.html", context, status=status)


def _join(request, token: str, invitation: Invitation):
    try:
        services.accept_invitation(token, user=request.user, request=request)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("accounts:dashboard")
    messages.success(
        request,
        _("You joined the %(city)s team.") % {"city": invitation.city.name},
    )
    return redirect("accounts:dashboard")


# --- City teams -------------------------------------------------------------------------------


def _city(request, slug: str, **kwargs):
    return get_object_or_404(City, slug=slug)


def _render_team(request, city, invite_form=None, status: int = 200):
    members = (
        CityRole.objects.filter(city=city)
        .select_related("user", "user__sector")
        .order_by("role", "user__full_name", "user__email")
    )
    invitations = Invitation.objects.open().filter(city=city).select_related("invited_by")
    context = {
        "city": city,
        "members": members,
        "invitations": invitations,
        "invite_form": invite_form or InviteForm(initial={"language": request.LANGUAGE_CODE}),
        "role_choices": CityRole.Role.choices,
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    return render(request, "accounts/team.html", context, status=status)


@login_required
@require_rule("accounts.manage_team", _city)
def team(request, slug: str, obj):
    return _render_team(request, obj)


@login_required
@require_rule("accounts.manage_team", _city)
@require_POST
def team_invite(request, slug: str, obj):
    form = InviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.invite_to_city(
                obj,
                data["email"],
                role=data["role"],
                invited_by=request.user,
                full_name=data["full_name"],
                language=data["language"],
                sector=data["sector"],
                request=request,
            )
        except DomainError as error:
            form.add_error(error.field or "email", error.message)
        else:
            messages.success(
                request,
                _("The invitation was sent to %(email)s.") % {"email": data["email"]},
            )
            return redirect("accounts:team", slug=obj.slug)
    return _render_team(request, obj, invite_form=form, status=400)


@login_required
@require_rule("accounts.manage_team", _city)
@require_POST
def team_revoke_invitation(request, slug: str, pk: int, obj):
    invitation = get_object_or_404(Invitation, pk=pk, city=obj)
    try:
        services.revoke_invitation(invitation, by=request.user, request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email},
        )
    return redirect("accounts:team", slug=obj.slug)


@login_required
@require_rule("accounts.manage_team", _city)
@require_POST
def team_change_role(request, slug: str, pk: int, obj):
    membership = get_object_or_404(CityRole.objects.select_related("user"), pk=pk, city=obj)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect("accounts:team", slug=obj.slug)
    try:
        services.change_member_role(
            membership, form.cleaned_data["role"], by=request.user, request=request
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The role of %(name)s was changed.") % {"name": membership.user},
        )
    return redirect("accounts:team", slug=obj.slug)


@login_required
@require_rule("accounts.manage_team", _city)
@require_POST
def team_remove_member(request, slug: str, pk: int, obj):
    membership = get_object_or_404(CityRole.objects.select_related("user"), pk=pk, city=obj)
    try:
        services.remove_member(membership, by=request.user, request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is no longer in the %(city)s team.")
            % {"name": membership.user, "city": obj.name},
        )
        if membership.user_id == request.user.pk and not request.user.is_secretariat:
            return redirect("accounts:dashboard")
    return redirect("accounts:team", slug=obj.slug)


# --- Settings and API tokens ------------------------------------------------------------------


@login_required
def account_settings(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_profile(
                request.user,
                full_name=data["full_name"],
                job_title=data["job_title"],
                sector=data["sector"],
                preferred_language=data["preferred_language"],
                time_zone=data["time_zone"],
                request=request,
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            language = data["preferred_language"]
            translation.activate(language)
            messages.success(request, _("Your settings were saved."))
            response = redirect("accounts:settings")
            set_language_cookie(response, language)
            return response
    status = 400 if form.is_bound else 200
    return render(request, "accounts/settings.html", {"form": form}, status=status)


def _active_tokens(user):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


@never_cache
@login_required
def api_tokens(request):
    """List my API tokens and create one; the new token is shown once, on this answer."""
    from strongcities.api.tokens import create_api_token

    form = TokenForm(request.POST or None)
    raw_token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, raw_token = create_api_token(
                    request.user, form.cleaned_data["name"], request=request
                )
            except DomainError as error:
                form.add_error("name", error.message)
                status = 400
            else:
                form = TokenForm()
        else:
            status = 400
    context = {"form": form, "tokens": _active_tokens(request.user), "raw_token": raw_token}
    return render(request, "accounts/tokens.html", context, status=status)


@login_required
@require_POST
def revoke_token(request, pk: int):
    from strongcities.api.tokens import revoke_api_token

    token = get_object_or_404(_active_tokens(request.user), pk=pk)
    revoke_api_token(token, by=request.user, request=request)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
