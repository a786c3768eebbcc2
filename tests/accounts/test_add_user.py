"""manage.py add_user."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from strongcities.accounts.models import CityRole, Invitation, User

pytestmark = pytest.mark.django_db


def add_user(*args) -> str:
    out = StringIO()
    call_command("add_user", *args, stdout=out)
    return out.getvalue()


def one_time_password(output: str) -> str:
    return next(
        line.split(": ", 1)[1] for line in output.splitlines() if line.startswith("One-time")
    )


def test_focal_point_with_a_one_time_password(world):
    output = add_user(
        "Hana@Example.org",
        "--city",
        "tunis",
        "--role",
        "focal-point",
        "--name",
        "Hana",
        "--language",
        "ar",
    )
    user = User.objects.get(email="hana@example.org")
    assert user.check_password(one_time_password(output)) is True
    assert (user.full_name, user.preferred_language) == ("Hana", "ar")
    assert CityRole.objects.get(user=user).role == "focal-point"
    assert EmailAddress.objects.get(user=user).verified is True
    assert output.splitlines()[0] == "Created hana@example.org in the Tunis team."


def test_secretariat_admin_and_editor(world):
    add_user("admin@example.org", "--secretariat")
    add_user("editor@example.org", "--secretariat", "--editor")
    assert list(
        User.objects.get(email="admin@example.org").role_grants.values_list("role", flat=True)
    ) == ["secretariat-admin"]
    assert list(
        User.objects.get(email="editor@example.org").role_grants.values_list("role", flat=True)
    ) == ["secretariat-editor"]


def test_invite_sends_the_invitation_instead(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = add_user("new@example.org", "--city", "tunis", "--invite", "--language", "fr")
    assert User.objects.filter(email="new@example.org").exists() is False
    invitation = Invitation.objects.get(email="new@example.org")
    assert (invitation.city, invitation.language) == (world.city, "fr")
    assert [m.to for m in mailoutbox] == [["new@example.org"]]
    assert "One-time password" not in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--city", "atlantis"], "No city with the slug 'atlantis'."),
        (
            ["--city", "tunis", "--role", "mayor"],
            "Unknown role 'mayor': use member or focal-point.",
        ),
        ([], "Give --city SLUG (with --role) or --secretariat."),
        (
            ["--secretariat", "--city", "tunis"],
            "--secretariat cannot be combined with --city or --invite.",
        ),
        (["--city", "tunis", "--editor"], "--editor only applies with --secretariat."),
        (
            ["--city", "tunis", "--language", "xx"],
            "Unknown language 'xx': use one of en, fr, ar, es, tr.",
        ),
    ],
)
def test_clear_errors(world, args, message):
    with pytest.raises(CommandError) as error:
        add_user("x@example.org", *args)
    assert str(error.value) == message
    assert User.objects.filter(email="x@example.org").exists() is False


def test_an_existing_email_is_refused(world):
    with pytest.raises(CommandError) as error:
        add_user("member@tunis.example.org", "--city", "tunis")
    assert str(error.value) == "An account with this email exists already."
