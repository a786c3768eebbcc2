"""Browser journey through the waiting list: a practitioner of Tunis registers for a category
that is full and is put on the waiting list; the confirmed participant cancels; the seat is
offered to the practitioner, who sees the offer on their registration page, accepts it and is
confirmed."""

import re

from playwright.sync_api import expect

from strongcities.events.models import Registration
from strongcities.events.services import registration as services
from tests.e2e.conftest import sign_in
from tests.events.factories import CategoryFactory, EventFactory
from tests.factories import PASSWORD, CityRoleFactory, UserFactory


def test_waitlisted_practitioner_gets_the_freed_seat(page, browser, live_server, world):
    event = EventFactory(
        slug="mombasa-workshop", title="Mombasa workshop", host_city=world.city, offer_hours=48
    )
    practitioners = CategoryFactory(
        event=event, code="practitioners", name="Practitioners", capacity=1
    )
    holder = UserFactory(email="holder@aarhus.example.org", full_name="Jonas Berg")
    CityRoleFactory(user=holder, city=world.other_city)
    services.register(event, practitioners, services.person_for(holder), by=holder)

    # The practitioner registers: the category is full, so they wait (first in line).
    sign_in(page, world.member.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/me/$"))
    page.goto("/events/mombasa-workshop/register/")
    page.get_by_label(re.compile(r"^Practitioners — full: join the waiting list")).check()
    page.get_by_label("Access or dietary needs").fill("Step-free access")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page).to_have_url(re.compile(r"/events/mombasa-workshop/registration/$"))
    expect(page.locator(".messages")).to_contain_text("you are on the waiting list")
    expect(page.locator(".waitlist-position")).to_contain_text(
        "You are number 1 on the waiting list for Practitioners."
    )

    # The confirmed participant cancels, confirming the step.
    other = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    other.set_default_timeout(10_000)
    sign_in(other, holder.email, PASSWORD)
    expect(other).to_have_url(re.compile(r"/me/$"))
    other.goto("/events/mombasa-workshop/registration/")
    other.get_by_text("Cancel my registration", exact=True).click()
    other.get_by_role("button", name="Yes, cancel my registration").click()
    expect(other.locator(".messages")).to_contain_text("is cancelled")
    other.context.close()

    # The practitioner sees the seat offered on their registration page and accepts it.
    page.goto("/events/mine/")
    expect(page.get_by_text("A seat is offered to you until")).to_be_visible()
    page.get_by_role("link", name="Mombasa workshop").click()
    expect(page.locator(".seat-offer")).to_contain_text(
        "A seat among the Practitioners is offered to you until"
    )
    page.get_by_role("button", name="Accept the seat").click()
    expect(page.locator(".messages")).to_contain_text(
        "The seat is yours: your registration is confirmed."
    )
    expect(page.locator(".registration-status")).to_contain_text("Confirmed")
    registration = Registration.objects.get(event=event, user=world.member)
    assert (registration.status, registration.needs) == ("confirmed", "Step-free access")
    practitioners.refresh_from_db()
    assert practitioners.held == 1
