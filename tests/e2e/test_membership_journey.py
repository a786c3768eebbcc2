"""Browser journey across the foundation: a city applies to join, the secretariat approves it
(signing in with its second factor), and the new focal point joins and invites a colleague."""

import re
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from playwright.sync_api import expect

from strongcities.accounts.models import CityRole
from strongcities.members.models import City
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD


def current_totp_code(user) -> str:
    """The code the user's authenticator app shows now, not one about to expire."""
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.2)
    secret = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def invitation_path(message) -> str:
    link = re.search(r"https?://\S+/me/invitation/\S+/", message.body).group(0)
    return "/" + link.split("/", 3)[3]


def test_apply_approve_accept_and_invite(page, world, mailoutbox):
    # A city applies to join.
    page.goto("/cities/apply/")
    page.get_by_label("City or local government").fill("Sousse")
    page.get_by_label("Country").select_option("TN")
    page.get_by_label("Region").select_option(label="Middle East & North Africa")
    page.get_by_label("Latitude").fill("35.825600")
    page.get_by_label("Longitude").fill("10.608400")
    page.get_by_label("Youth engagement").check()
    page.locator("#id_contact_name").fill("Amira Ben Salah")
    page.get_by_label("Contact person's role").fill("Director of social affairs")
    page.get_by_label("Contact email").fill("amira@sousse.example.org")
    page.get_by_label("Mayor's name").fill("Mohamed Ben Ali")
    page.get_by_label("The mayor endorses the network's principles").check()
    page.get_by_role("button", name="Send the application").click()
    expect(page).to_have_url(re.compile(r"/cities/apply/thanks/$"))

    # The secretariat signs in with its authenticator code and approves.
    sign_in(page, world.secretariat.email, PASSWORD)
    page.locator("#id_code").fill(current_totp_code(world.secretariat))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    page.get_by_role("link", name="Applications").first.click()
    page.get_by_role("link", name="Sousse").click()
    page.get_by_role("button", name="Approve the application").click()
    expect(page.get_by_role("status").first).to_contain_text("Sousse")
    sousse = City.objects.get(name="Sousse")
    assert sousse.status == "member"
    page.locator("header form[action='/accounts/logout/'] button").click()

    # The contact accepts the focal-point invitation and invites a colleague.
    invitation = next(
        m
        for m in mailoutbox
        if m.to == ["amira@sousse.example.org"] and "/me/invitation/" in m.body
    )
    page.goto(invitation_path(invitation))
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create my account and join").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    assert CityRole.objects.get(city=sousse, user__email="amira@sousse.example.org").role == (
        "focal-point"
    )
    page.get_by_role("link", name="Manage the Sousse team").click()
    page.get_by_label("Email address").fill("karim@sousse.example.org")
    page.get_by_label("Full name").fill("Karim Trabelsi")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "The invitation was sent to karim@sousse.example.org."
    )
    assert any(m.to == ["karim@sousse.example.org"] for m in mailoutbox)
