"""City-team services: invitations, accepting them, roles and removal."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from strongcities.accounts import services
from strongcities.accounts.models import CityRole, GlobalRole, Invitation, User
from strongcities.core.audit.models import AuditEntry
from strongcities.core.exceptions import DomainError
from tests.accounts.factories import InvitationFactory
from tests.factories import PASSWORD, UserFactory, concept

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def test_invite_sends_email_in_the_invitation_language(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, raw = services.invite_to_city(
            world.city,
            " New.Person@Example.org ",
            role="focal-point",
            invited_by=world.focal_point,
            full_name="Amel Ben Salah",
            language="fr",
        )
    assert invitation.email == "new.person@example.org"
    assert invitation.role == "focal-point"
    assert invitation.token_hash == services.hash_token(raw)
    assert invitation.is_open is True
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.person@example.org"]
    assert services.invitation_url(raw) in mailoutbox[0].body
    assert actions() == ["invitation.sent"]


def test_invite_refuses_someone_already_in_the_team(world):
    with pytest.raises(DomainError) as error:
        services.invite_to_city(world.city, "member@tunis.example.org")
    assert str(error.value) == "member@tunis.example.org is already in this city's team."


def test_a_new_invitation_replaces_the_open_one(world):
    first, raw_first = services.invite_to_city(world.city, "a@example.org")
    services.invite_to_city(world.city, "a@example.org")
    first.refresh_from_db()
    assert first.revoked_at is not None
    with pytest.raises(DomainError):
        services.find_open_invitation(raw_first)


def test_accept_creates_a_verified_account_in_the_team(world):
    sector = concept("sector", "education")
    invitation = InvitationFactory(city=world.city, email="new@example.org", language="ar")
    user = services.accept_invitation(
        invitation.raw_token, password=PASSWORD, full_name="Nour Haddad", sector=sector
    )
    assert user.email == "new@example.org"
    assert user.full_name == "Nour Haddad"
    assert user.sector == sector
    assert user.preferred_language == "ar"
    assert user.check_password(PASSWORD) is True
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        ("new@example.org", True)
    ]
    assert list(CityRole.objects.filter(user=user).values_list("city__slug", "role")) == [
        ("tunis", "member")
    ]
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert actions() == ["invitation.accepted"]


def test_accept_for_an_existing_signed_in_user(world):
    user = UserFactory(email="existing@example.org")
    invitation = InvitationFactory(city=world.city, email=user.email, role="focal-point")
    assert services.accept_invitation(invitation.raw_token, user=user) == user
    assert CityRole.objects.get(user=user).role == "focal-point"
    assert User.objects.filter(email="existing@example.org").count() == 1


def test_accept_without_user_refuses_when_the_account_exists(world):
    UserFactory(email="existing@example.org")
    invitation = InvitationFactory(city=world.city, email="existing@example.org")
    with pytest.raises(DomainError) as error:
        services.accept_invitation(invitation.raw_token, password=PASSWORD)
    assert str(error.value) == "An account with this email exists already: sign in first."


def test_expired_used_and_revoked_invitations_say_why(world):
    expired = InvitationFactory(city=world.city, expires_at=timezone.now() - timedelta(seconds=1))
    used = InvitationFactory(city=world.city)
    services.accept_invitation(used.raw_token, password=PASSWORD)
    revoked = InvitationFactory(city=world.city)
    services.revoke_invitation(revoked, by=world.focal_point)
    messages = {}
    for name, raw in [
        ("expired", expired.raw_token),
        ("used", used.raw_token),
        ("revoked", revoked.raw_token),
        ("unknown", "no-such-token"),
    ]:
        with pytest.raises(DomainError) as error:
            services.find_open_invitation(raw)
        messages[name] = str(error.value)
    assert messages == {
        "expired": "This invitation has expired. Ask your focal point for a new one.",
        "used": "This invitation has already been used. Sign in instead.",
        "revoked": "This invitation link is not valid. Ask for a new one.",
        "unknown": "This invitation link is not valid. Ask for a new one.",
    }


def test_reusing_an_invitation_is_refused(world):
    invitation = InvitationFactory(city=world.city, email="once@example.org")
    services.accept_invitation(invitation.raw_token, password=PASSWORD)
    with pytest.raises(DomainError):
        services.accept_invitation(invitation.raw_token, user=UserFactory())
    assert CityRole.objects.filter(city=world.city).count() == 3


def test_revoke_is_audited_and_refused_once_accepted(world):
    invitation = InvitationFactory(city=world.city)
    services.revoke_invitation(invitation, by=world.focal_point)
    assert Invitation.objects.open().count() == 0
    assert actions() == ["invitation.revoked"]
    accepted = InvitationFactory(city=world.city)
    services.accept_invitation(accepted.raw_token, password=PASSWORD)
    with pytest.raises(DomainError) as error:
        services.revoke_invitation(accepted, by=world.focal_point)
    assert str(error.value) == "This invitation has already been accepted."


def test_change_role_is_audited(world):
    membership = CityRole.objects.get(user=world.member)
    services.change_member_role(membership, "focal-point", by=world.focal_point)
    assert CityRole.objects.get(user=world.member).role == "focal-point"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.data) == (
        "city_role.changed",
        world.focal_point,
        {
            "user": "member@tunis.example.org",
            "city": "tunis",
            "previous": "member",
            "role": "focal-point",
        },
    )


def test_change_role_refuses_an_unknown_role(world):
    membership = CityRole.objects.get(user=world.member)
    with pytest.raises(DomainError) as error:
        services.change_member_role(membership, "mayor", by=world.focal_point)
    assert (str(error.value), error.value.field) == ("Choose a valid role.", "role")


def test_last_focal_point_cannot_step_down_or_leave(world):
    own = CityRole.objects.get(user=world.focal_point)
    with pytest.raises(DomainError) as error:
        services.change_member_role(own, "member", by=world.focal_point)
    assert str(error.value) == (
        "The city must keep a focal point: make someone else focal point first."
    )
    with pytest.raises(DomainError) as error:
        services.remove_member(own, by=world.focal_point)
    assert str(error.value) == (
        "The last focal point of a city cannot be removed: make someone else focal point first."
    )
    assert CityRole.objects.get(user=world.focal_point).role == "focal-point"
    assert actions() == []


def test_a_second_focal_point_lets_the_first_leave(world):
    services.change_member_role(
        CityRole.objects.get(user=world.member), "focal-point", by=world.focal_point
    )
    services.remove_member(CityRole.objects.get(user=world.focal_point), by=world.focal_point)
    assert list(CityRole.objects.filter(city=world.city).values_list("user__email", "role")) == [
        ("member@tunis.example.org", "focal-point")
    ]
    assert actions() == ["city_role.changed", "city_role.removed"]


def test_the_secretariat_may_remove_the_last_focal_point(world):
    services.remove_member(CityRole.objects.get(user=world.focal_point), by=world.secretariat)
    assert CityRole.objects.filter(city=world.city, role="focal-point").count() == 0


def test_remove_member(world):
    services.remove_member(CityRole.objects.get(user=world.member), by=world.focal_point)
    assert CityRole.objects.filter(user=world.member).count() == 0
    assert AuditEntry.objects.get().data == {
        "user": "member@tunis.example.org",
        "city": "tunis",
        "role": "member",
    }


def test_update_profile(world):
    sector = concept("sector", "education")
    services.update_profile(
        world.member,
        full_name="  Sami  ",
        job_title="Teacher",
        sector=sector,
        preferred_language="tr",
    )
    world.member.refresh_from_db()
    assert (world.member.full_name, world.member.job_title, world.member.sector) == (
        "Sami",
        "Teacher",
        sector,
    )
    assert world.member.preferred_language == "tr"
    with pytest.raises(DomainError):
        services.update_profile(world.member, full_name="Sami", preferred_language="xx")


def test_create_account_add_to_city_and_grant_role(world):
    user = services.create_account("Op@Example.org", full_name="Op", language="es", password="x")
    assert (user.email, user.preferred_language) == ("op@example.org", "es")
    assert EmailAddress.objects.get(user=user).verified is True
    services.add_to_city(user, world.city, "member")
    with pytest.raises(DomainError):
        services.add_to_city(user, world.city, "focal-point")
    services.grant_global_role(user, GlobalRole.Role.EDITOR)
    services.grant_global_role(user, GlobalRole.Role.EDITOR)
    assert list(user.role_grants.values_list("role", flat=True)) == ["secretariat-editor"]
    with pytest.raises(DomainError):
        services.create_account("op@example.org")


def test_secretariat_roles_reach_the_admin_editors_for_content_only(client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    admin = UserFactory(email="admin@example.org")
    editor = UserFactory(email="editor@example.org")
    services.grant_global_role(admin, "secretariat-admin")
    services.grant_global_role(editor, "secretariat-editor")
    admin.refresh_from_db()
    editor.refresh_from_db()
    assert (admin.is_staff, admin.is_superuser) == (True, True)
    assert (editor.is_staff, editor.is_superuser) == (True, False)
    assert editor.has_perm("taxonomy.change_concept") is True
    assert editor.has_perm("accounts.change_user") is False
    TOTP.activate(editor, generate_totp_secret())  # the secretariat must use a second factor
    client.force_login(editor)
    assert client.get("/admin/taxonomy/concept/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code in (403, 404)


def test_reviewers_and_judges_do_not_reach_the_admin():
    judge = UserFactory(email="judge@example.org")
    services.grant_global_role(judge, "judge")
    judge.refresh_from_db()
    assert judge.is_staff is False
