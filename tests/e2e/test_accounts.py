"""Browser journey: a focal point invites a colleague, who creates the account and joins."""

import re
import tempfile

from playwright.sync_api import expect

from strongcities.accounts.models import CityRole, User
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD

SHOTS = tempfile.gettempdir()  # screenshots for a human look: /tmp/accounts-*.png


def test_focal_point_invites_a_colleague_who_joins(page, world, mailoutbox):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/accounts/login/")
    page.screenshot(path=f"{SHOTS}/accounts-signin-en.png", full_page=True)
    sign_in(page, world.focal_point.email, PASSWORD)
    expect(page.get_by_role("heading", name="My hub")).to_be_visible()

    page.get_by_role("link", name="Manage the Tunis team").click()
    expect(page.get_by_role("heading", name="Tunis team")).to_be_visible()
    page.get_by_label("Email address").fill("colleague@tunis.example.org")
    page.get_by_label("Full name").fill("Youssef Gharbi")
    page.get_by_label("Sector").select_option(label="Educator")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "The invitation was sent to colleague@tunis.example.org."
    )
    expect(page.get_by_text("Team member, invitation valid until")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/accounts-team-en.png", full_page=True)

    page.goto("/me/settings/")
    page.screenshot(path=f"{SHOTS}/accounts-settings-en.png", full_page=True)
    page.get_by_label("Preferred language").select_option("ar")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path=f"{SHOTS}/accounts-settings-ar.png", full_page=True)
    page.goto("/me/teams/tunis/")
    page.screenshot(path=f"{SHOTS}/accounts-team-ar.png", full_page=True)
    page.goto("/me/settings/")
    page.locator("#id_preferred_language").select_option("en")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.locator("header form[action='/accounts/logout/'] button").click()

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/me/invitation/\S+/", mailoutbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    page.goto(path)
    expect(
        page.get_by_text("You are invited to join the Tunis team as Team member.")
    ).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Youssef Gharbi")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create my account and join").click()

    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_text("Welcome to the Tunis team on Strong Cities Hub.")).to_be_visible()
    expect(page.get_by_role("link", name="Tunis")).to_be_visible()
    colleague = User.objects.get(email="colleague@tunis.example.org")
    assert CityRole.objects.get(user=colleague).role == "member"
    assert colleague.sector.code == "education"


def test_sign_in_page_in_arabic(page, live_server):
    page.context.add_cookies([{"name": "sch_language", "value": "ar", "url": live_server.url}])
    page.set_viewport_size({"width": 420, "height": 900})
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path=f"{SHOTS}/accounts-signin-ar.png", full_page=True)
