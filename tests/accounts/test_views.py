"""Pages of the accounts app: invitations, team page, settings, API tokens, my hub."""

import pytest
from django.urls import reverse

from strongcities.accounts.models import ApiToken, CityRole, Invitation, User
from strongcities.core.audit.models import AuditEntry
from tests.accounts.factories import InvitationFactory
from tests.factories import PASSWORD, CityRoleFactory, UserFactory, concept

pytestmark = pytest.mark.django_db

TEAM = "/me/teams/tunis/"


def accept_url(invitation) -> str:
    return reverse("accounts:accept_invitation", args=[invitation.raw_token])


# --- Invitations ------------------------------------------------------------------------------


def test_invitation_page_shows_city_role_and_a_prefilled_form(client, world):
    invitation = InvitationFactory(city=world.city, full_name="Leila Trabelsi", role="focal-point")
    response = client.get(accept_url(invitation))
    html = response.content.decode()
    assert response.status_code == 200
    assert "join the <strong>Tunis</strong> team as <strong>Focal point</strong>" in html
    assert response.context["form"]["full_name"].value() == "Leila Trabelsi"
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_a_visitor_creates_the_account_and_lands_on_the_hub(client, world):
    invitation = InvitationFactory(city=world.city, email="new@example.org")
    sector = concept("sector", "police")
    response = client.post(
        accept_url(invitation),
        {
            "full_name": "Karim Jaziri",
            "sector": sector.pk,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )
    assert response.redirect_chain == [("/me/", 302)]
    user = User.objects.get(email="new@example.org")
    assert response.context["user"] == user
    assert (user.full_name, user.sector) == ("Karim Jaziri", sector)
    assert CityRole.objects.get(user=user).city == world.city
    assert "Welcome to the Tunis team on Strong Cities Hub." in response.content.decode()


def test_password_validators_and_mismatch_keep_what_was_typed(client, world):
    invitation = InvitationFactory(city=world.city, email="new@example.org")
    response = client.post(
        accept_url(invitation),
        {"full_name": "Karim", "password1": "12345", "password2": "12345"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["password1"] == [
        "This password is too short. It must contain at least 10 characters.",
        "This password is too common.",
        "This password is entirely numeric.",
    ]
    assert response.context["form"]["full_name"].value() == "Karim"
    response = client.post(
        accept_url(invitation),
        {"full_name": "Karim", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert response.context["form"].errors == {"password2": ["The two passwords are not the same."]}
    assert User.objects.filter(email="new@example.org").exists() is False


def test_a_signed_in_user_with_the_right_email_joins(client, world):
    invitation = InvitationFactory(city=world.city, email=world.other_focal_point.email)
    client.force_login(world.other_focal_point)
    response = client.get(accept_url(invitation))
    assert "Join the Tunis team" in response.content.decode()
    response = client.post(accept_url(invitation))
    assert response.status_code == 302
    assert CityRole.objects.get(user=world.other_focal_point, city=world.city).role == "member"


def test_a_signed_in_user_with_another_email_is_told_to_sign_out(client, world):
    invitation = InvitationFactory(city=world.city, email="someone@example.org")
    client.force_login(world.member)
    response = client.post(accept_url(invitation))
    assert response.status_code == 200
    assert "this invitation is for another email address. Sign out first" in (
        response.content.decode()
    )
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_a_visitor_whose_account_exists_is_asked_to_sign_in(client, world):
    invitation = InvitationFactory(city=world.city, email=world.member.email)
    response = client.get(accept_url(invitation))
    assert response.context["has_account"] is True
    assert "form" not in response.context


def test_used_link_says_why(client, world):
    invitation = InvitationFactory(city=world.city, email="new@example.org")
    data = {"full_name": "K", "password1": PASSWORD, "password2": PASSWORD}
    client.post(accept_url(invitation), data)
    client.logout()
    response = client.get(accept_url(invitation))
    assert response.context["error"] == "This invitation has already been used. Sign in instead."


# --- Team page --------------------------------------------------------------------------------


def test_team_page_lists_members_and_open_invitations(client, world):
    InvitationFactory(city=world.city, email="pending@example.org")
    client.force_login(world.focal_point)
    response = client.get(TEAM)
    assert [m.user.email for m in response.context["members"]] == [
        "focal@tunis.example.org",
        "member@tunis.example.org",
    ]
    assert [i.email for i in response.context["invitations"]] == ["pending@example.org"]


def test_team_page_orders_focal_points_first(client, world):
    client.force_login(world.focal_point)
    response = client.get(TEAM)
    assert [m.role for m in response.context["members"]] == ["focal-point", "member"]


def test_team_page_query_count_does_not_grow_with_the_team(
    client, world, django_assert_num_queries
):
    client.force_login(world.focal_point)
    client.get(TEAM)  # warm up caches (content types, site)
    with django_assert_num_queries(9):
        client.get(TEAM)
    for n in range(5):
        CityRoleFactory(city=world.city, user=UserFactory(sector=concept("sector", "police")))
        InvitationFactory(city=world.city, email=f"pending{n}@example.org")
    with django_assert_num_queries(9):
        response = client.get(TEAM)
    assert len(response.context["members"]) == 7


def test_invite_from_the_team_page(client, world, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(world.focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{TEAM}invite/",
            {
                "invite-email": "colleague@example.org",
                "invite-full_name": "Colleague",
                "invite-role": "member",
                "invite-sector": concept("sector", "education").pk,
                "invite-language": "fr",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="colleague@example.org")
    assert (invitation.invited_by, invitation.language) == (world.focal_point, "fr")
    assert [m.to for m in mailoutbox] == [["colleague@example.org"]]


def test_invite_errors_stay_next_to_the_field_and_keep_the_input(client, world):
    client.force_login(world.focal_point)
    response = client.post(
        f"{TEAM}invite/",
        {
            "invite-email": "member@tunis.example.org",
            "invite-full_name": "Already Here",
            "invite-role": "member",
            "invite-language": "en",
        },
    )
    assert response.status_code == 400
    form = response.context["invite_form"]
    assert form.errors == {"email": ["member@tunis.example.org is already in this city's team."]}
    assert form["full_name"].value() == "Already Here"
    assert 'id="id_invite-email_errors"' in response.content.decode()


def test_revoke_invitation_from_the_team_page(client, world):
    invitation = InvitationFactory(city=world.city)
    client.force_login(world.focal_point)
    client.post(f"{TEAM}invitations/{invitation.pk}/revoke/")
    assert Invitation.objects.open().count() == 0


def test_an_invitation_of_another_city_cannot_be_revoked_here(client, world):
    invitation = InvitationFactory(city=world.other_city)
    client.force_login(world.focal_point)
    assert client.post(f"{TEAM}invitations/{invitation.pk}/revoke/").status_code == 404


def test_change_role_and_remove_member(client, world):
    membership = CityRole.objects.get(user=world.member)
    client.force_login(world.focal_point)
    client.post(f"{TEAM}members/{membership.pk}/role/", {"role": "focal-point"})
    assert CityRole.objects.get(pk=membership.pk).role == "focal-point"
    client.post(f"{TEAM}members/{membership.pk}/remove/")
    assert CityRole.objects.filter(pk=membership.pk).exists() is False
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "city_role.changed",
        "city_role.removed",
    ]


def test_the_last_focal_point_is_told_why_they_cannot_leave(client, world):
    own = CityRole.objects.get(user=world.focal_point)
    client.force_login(world.focal_point)
    response = client.post(f"{TEAM}members/{own.pk}/remove/", follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "The last focal point of a city cannot be removed: make someone else focal point first."
    ]
    assert CityRole.objects.filter(pk=own.pk).exists() is True


def test_a_member_of_another_city_cannot_be_changed_here(client, world):
    other = CityRole.objects.get(user=world.other_focal_point)
    client.force_login(world.focal_point)
    assert client.post(f"{TEAM}members/{other.pk}/remove/").status_code == 404


# --- Settings and tokens ----------------------------------------------------------------------


def test_settings_save_and_switch_the_language_at_once(client, world):
    client.force_login(world.member)
    response = client.post(
        "/me/settings/",
        {"full_name": "Sami Member", "job_title": "Youth worker", "preferred_language": "ar"},
        follow=True,
    )
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert client.cookies["sch_language"].value == "ar"
    world.member.refresh_from_db()
    assert (world.member.full_name, world.member.job_title) == ("Sami Member", "Youth worker")


def test_settings_errors_keep_the_input(client, world):
    client.force_login(world.member)
    response = client.post(
        "/me/settings/", {"full_name": "", "job_title": "Teacher", "preferred_language": "xx"}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert sorted(form.errors) == ["full_name", "preferred_language"]
    assert form["job_title"].value() == "Teacher"


def test_a_user_with_arabic_gets_an_rtl_page(client, world):
    world.member.preferred_language = "ar"
    world.member.save()
    client.force_login(world.member)
    html = client.get("/me/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html


def test_create_a_token_shows_it_once_and_revoke_it(client, world):
    client.force_login(world.member)
    response = client.post("/me/settings/tokens/", {"name": "reporting script"})
    raw = response.context["raw_token"]
    token = ApiToken.objects.get(user=world.member)
    assert raw.startswith(token.prefix)
    assert raw in response.content.decode()
    response = client.get("/me/settings/tokens/")
    assert raw not in response.content.decode()
    assert [t.name for t in response.context["tokens"]] == ["reporting script"]
    client.post(f"/me/settings/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert list(client.get("/me/settings/tokens/").context["tokens"]) == []


def test_token_name_is_required(client, world):
    client.force_login(world.member)
    response = client.post("/me/settings/tokens/", {"name": ""})
    assert response.status_code == 400
    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert response.context["raw_token"] is None


# --- My hub -----------------------------------------------------------------------------------


def test_hub_of_a_focal_point(client, world):
    client.force_login(world.focal_point)
    html = client.get("/me/").content.decode()
    assert 'href="/cities/tunis/"' in html
    assert 'href="/me/teams/tunis/"' in html
    assert 'href="/accounts/2fa/"' in html
    assert 'href="/me/settings/"' in html
    assert "/cities/applications/" not in html.split("<main")[1]


def test_hub_of_a_member_has_no_team_management(client, world):
    client.force_login(world.member)
    html = client.get("/me/").content.decode()
    assert 'href="/cities/tunis/"' in html
    assert "/me/teams/tunis/" not in html


def test_hub_of_the_secretariat(client, world):
    client.force_login(world.secretariat)
    response = client.get("/me/")
    main = response.content.decode().split("<main")[1]
    assert 'href="/cities/applications/"' in main
    assert "Secretariat administrator" in main
