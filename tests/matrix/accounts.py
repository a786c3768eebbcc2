"""Permission matrix of the accounts pages (/me/) and of allauth's pages (/accounts/)."""

from tests.matrix import LOGIN, Entry

ANYONE = {
    "anonymous": 200,
    "member": 200,
    "focal_point": 200,
    "other_focal_point": 200,
    "secretariat": 200,
}
SIGNED_IN = {**ANYONE, "anonymous": LOGIN}
SIGNED_OUT_ONLY = {
    "anonymous": 200,
    "member": 302,
    "focal_point": 302,
    "other_focal_point": 302,
    "secretariat": 302,
}
TEAM_PAGE = {
    "anonymous": LOGIN,
    "member": 404,
    "focal_point": 200,
    "other_focal_point": 404,
    "secretariat": 200,
}
TEAM_ACTION = {**TEAM_PAGE, "focal_point": 302, "secretariat": 302}
# Pages that need a recent password entry (force_login records none) send to reauthenticate.
REAUTHENTICATE = {
    "anonymous": LOGIN,
    "member": 302,
    "focal_point": 302,
    "other_focal_point": 302,
    "secretariat": 302,
}
# Recovery codes exist only once MFA is set up; nobody in the world has generated them.
NEEDS_CODES = {
    "anonymous": LOGIN,
    "member": 404,
    "focal_point": 404,
    "other_focal_point": 404,
    "secretariat": 404,
}


def invitation_token(world) -> dict:
    from tests.accounts.factories import InvitationFactory

    return {"token": InvitationFactory(city=world.city, email="invitee@example.org").raw_token}


def open_invitation(world) -> dict:
    from tests.accounts.factories import InvitationFactory

    return {"slug": "tunis", "pk": InvitationFactory(city=world.city).pk}


def team_member(world) -> dict:
    return {"slug": "tunis", "pk": world.member.city_memberships.get().pk}


def member_token(world) -> dict:
    from strongcities.api.tokens import create_api_token

    token, _raw = create_api_token(world.member, "reporting script")
    return {"pk": token.pk}


def invite_data(world) -> dict:
    return {
        "invite-email": "colleague@example.org",
        "invite-role": "member",
        "invite-language": "en",
    }


ENTRIES = [
    # --- /me/
    Entry("accounts:dashboard", expect=SIGNED_IN),
    Entry("accounts:accept_invitation", kwargs=invitation_token, every=200),
    Entry(
        "accounts:accept_invitation",
        kwargs=lambda w: {"token": "no-such-token"},
        every=200,
        label="unknown token says why",
    ),
    Entry("accounts:team", kwargs=lambda w: {"slug": "tunis"}, expect=TEAM_PAGE),
    Entry(
        "accounts:team",
        kwargs=lambda w: {"slug": "aarhus"},
        expect={**TEAM_PAGE, "focal_point": 404, "other_focal_point": 200},
        label="other city",
    ),
    Entry(
        "accounts:team",
        kwargs=lambda w: {"slug": "atlantis"},
        expect={**TEAM_PAGE, "focal_point": 404, "secretariat": 404},
        label="no such city",
    ),
    Entry(
        "accounts:team_invite",
        kwargs=lambda w: {"slug": "tunis"},
        method="post",
        data=invite_data,
        expect=TEAM_ACTION,
    ),
    Entry(
        "accounts:team_invite",
        kwargs=lambda w: {"slug": "tunis"},
        expect={**TEAM_PAGE, "focal_point": 405, "secretariat": 405},
        label="GET",
    ),
    Entry(
        "accounts:team_revoke_invitation", kwargs=open_invitation, method="post", expect=TEAM_ACTION
    ),
    Entry(
        "accounts:team_change_role",
        kwargs=team_member,
        method="post",
        data=lambda w: {"role": "member"},
        expect=TEAM_ACTION,
    ),
    Entry("accounts:team_remove_member", kwargs=team_member, method="post", expect=TEAM_ACTION),
    Entry("accounts:settings", expect=SIGNED_IN),
    Entry("accounts:tokens", expect=SIGNED_IN),
    Entry(
        "accounts:revoke_token",
        kwargs=member_token,
        method="post",
        expect={
            "anonymous": LOGIN,
            "member": 302,
            "focal_point": 404,
            "other_focal_point": 404,
            "secretariat": 404,
        },
    ),
    # --- allauth: /accounts/
    Entry("account_login", expect=SIGNED_OUT_ONLY),
    Entry("account_logout", expect={**ANYONE, "anonymous": 302}),
    Entry("account_inactive", every=200),
    Entry("account_signup", expect=SIGNED_OUT_ONLY, label="closed: invitations only"),
    Entry("account_reauthenticate", expect=SIGNED_IN),
    Entry("account_email", expect=SIGNED_IN),
    Entry("account_email_verification_sent", every=200),
    Entry("account_change_password", expect=SIGNED_IN),
    Entry("account_set_password", every=302, label="everyone has a password"),
    Entry("account_confirm_login_code", every=302, label="no code requested"),
    Entry("account_confirm_email", kwargs=lambda w: {"key": "no-such-key"}, every=200),
    Entry("account_reset_password", every=200),
    Entry("account_reset_password_done", every=200),
    Entry(
        "account_reset_password_from_key",
        kwargs=lambda w: {"uidb36": "zz", "key": "bad"},
        every=200,
        label="bad token page",
    ),
    Entry("account_reset_password_from_key_done", every=200),
    Entry("mfa_index", expect=SIGNED_IN),
    Entry("mfa_authenticate", every=302, label="no sign-in in progress"),
    Entry(
        "mfa_reauthenticate",
        expect={**REAUTHENTICATE, "secretariat": 200},
        label="only with an authenticator",
    ),
    Entry("mfa_activate_totp", expect=REAUTHENTICATE),
    Entry("mfa_deactivate_totp", expect={**NEEDS_CODES, "secretariat": 302}),
    Entry("mfa_view_recovery_codes", expect=NEEDS_CODES),
    Entry("mfa_generate_recovery_codes", expect=REAUTHENTICATE),
    Entry("mfa_download_recovery_codes", expect=NEEDS_CODES),
]
