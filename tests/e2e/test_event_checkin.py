"""Browser journey at the door: a participant opens their ticket and reads out its code; the
secretariat (signed in with its second factor, on a phone-sized screen) types it on the
check-in page and sees who it is, then the same code again (a duplicate, with the time and who
checked them in first) and a code that belongs to nobody."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from strongcities.events.models import CheckIn, Registration
from strongcities.events.services import registration as reg
from tests.e2e.conftest import sign_in
from tests.e2e.test_membership_journey import current_totp_code
from tests.events.factories import CategoryFactory, EventFactory
from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}


def summit(world):
    now = timezone.now()
    event = EventFactory(
        slug="antalya-summit",
        title="Global Summit in Antalya",
        start=now - timedelta(hours=1),
        end=now + timedelta(hours=8),
        time_zone="Europe/Istanbul",
        host_city=world.city,
    )
    category = CategoryFactory(event=event, code="mayors", name="Mayors", capacity=55)
    world.member.full_name = "Amina Ben Salah"
    world.member.save()
    world.secretariat.full_name = "Sam Organiser"
    world.secretariat.save()
    registration = reg.register(event, category, reg.person_for(world.member), by=world.member)
    assert registration.status == Registration.Status.CONFIRMED
    return event, registration


def read_ticket_code(page, world, event) -> str:
    sign_in(page, world.member.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/me/$"))
    page.goto(f"/events/{event.slug}/ticket/")
    expect(page.locator("svg.ticket-qr")).to_be_visible()
    code = page.get_by_label("Ticket code").inner_text().strip()
    expect(page.get_by_text("Mayors")).to_be_visible()
    return code


def door_page(browser, live_server, world):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE)
    door = context.new_page()
    door.set_default_timeout(10_000)
    sign_in(door, world.secretariat.email, PASSWORD)
    door.locator("#id_code").fill(current_totp_code(world.secretariat))
    door.get_by_role("button", name="Sign In").click()
    expect(door).to_have_url(re.compile(r"/me/$"))
    return door


def test_organiser_checks_a_participant_in_by_typing_the_code(page, browser, live_server, world):
    event, registration = summit(world)
    code = read_ticket_code(page, world, event)
    assert code == registration.ticket_code

    door = door_page(browser, live_server, world)
    door.goto(f"/events/{event.slug}/manage/check-in/")
    expect(door.get_by_text("0 of 1 confirmed participant checked in.")).to_be_visible()
    field = door.get_by_label("Ticket code")
    expect(field).to_be_focused()
    # Typed on a phone: lower case, with a space in the middle.
    field.fill(f"{code[:5].lower()} {code[5:].lower()}")
    door.get_by_role("button", name="Check in", exact=True).click()

    result = door.locator("#check-in-result")
    expect(result).to_contain_text("Amina Ben Salah")
    expect(result).to_contain_text("Mayors")
    expect(result).to_contain_text("Checked in: welcome.")
    expect(door.get_by_text("1 of 1 confirmed participant checked in.")).to_be_visible()
    expect(door.locator("#check-in-recent")).to_contain_text("Amina Ben Salah")
    expect(field).to_have_value("")  # ready for the next person
    expect(door).to_have_url(re.compile(r"/manage/check-in/$"))
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    first_time = timezone.localtime(registration.checked_in_at, event.tz).strftime("%H:%M")

    # The same ticket a second time: a duplicate, with when and by whom.
    field.fill(code)
    field.press("Enter")
    expect(result).to_contain_text(f"Already checked in at {first_time} by Sam Organiser.")
    expect(door.locator("#check-in-recent .badge")).to_have_text("Duplicate")

    # A code of nobody.
    field.fill("NOBODY2345")
    field.press("Enter")
    expect(result).to_contain_text("No confirmed registration with this code.")
    assert list(CheckIn.objects.order_by("at").values_list("duplicate", flat=True)) == [
        False,
        True,
    ]

    # The participant's ticket now says they are in.
    page.reload()
    expect(page.get_by_text(f"Yes, at {first_time}")).to_be_visible()
