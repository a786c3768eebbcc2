"""Browser journey of an exchange: the Tunis focal point finds Aarhus through "Cities like mine",
proposes a study visit; the Aarhus focal point accepts it, sets the dates and marks it completed;
both cities report; three months later Tunis is reminded and records that it adopted the Aarhus
practice, which becomes a transfer."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from strongcities.exchanges.models import Exchange, FollowUp, Transfer
from strongcities.exchanges.services.followups import send_follow_up_reminders
from strongcities.matching.services import recompute_all
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, concept
from tests.practices.factories import make_practice


def _profiles(world):
    online, youth = concept("theme", "online-radicalisation"), concept("theme", "youth-engagement")
    world.city.challenges.set([online, youth])
    world.other_city.challenges.set([online, youth])
    world.other_city.languages = ["da", "en", "fr"]
    world.other_city.save()
    practice = make_practice(
        world.other_city,
        title="Online youth helpline",
        themes=("online-radicalisation",),
        summary="Trained youth workers answer young people worried about extremist content.",
    )
    recompute_all()
    return practice


def test_tunis_finds_aarhus_visits_reports_and_adopts(page, browser, live_server, world):
    practice = _profiles(world)

    # Tunis: its dashboard lists Aarhus among the cities like it, with the reasons.
    sign_in(page, world.focal_point.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/me/$"))
    peers = page.locator("section[aria-labelledby=recommended-peers-heading]")
    expect(peers).to_contain_text("Aarhus")
    expect(peers).to_contain_text("online radicalisation")
    peers.get_by_role("link", name="See all the matched cities").click()
    expect(page).to_have_url(re.compile(r"/matching/tunis/"))
    page.get_by_role("link", name="Propose an exchange", exact=True).first.click()

    # The proposal: a study visit to Aarhus, about its helpline.
    expect(page.get_by_label("Host city")).to_have_value("aarhus")
    page.get_by_label("Type").select_option(label="Study visit")
    page.get_by_label("Objectives").fill("Learn how Aarhus runs its online youth helpline.")
    start = date.today() + timedelta(days=30)
    page.get_by_label("Proposed start").fill(start.isoformat())
    page.get_by_label("Proposed end").fill((start + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Send the request").click()
    expect(page).to_have_url(re.compile(r"/exchanges/\d+/$"))
    exchange = Exchange.objects.get()
    assert exchange.state == Exchange.State.PROPOSED
    assert (exchange.visiting_city, exchange.host_city) == (world.city, world.other_city)

    # Aarhus accepts, sets the dates (the visit starts today) and marks it completed.
    host = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    host.set_default_timeout(10_000)
    sign_in(host, world.other_focal_point.email, PASSWORD)
    host.goto(f"/exchanges/{exchange.pk}/")
    host.get_by_role("link", name="Accept", exact=True).click()
    host.get_by_label("Message to the visiting city").fill("Welcome! Our youth team will host you.")
    host.get_by_role("button", name="Accept the exchange").click()
    host.get_by_role("link", name="Set the dates").click()
    host.get_by_label("Starts on").fill(date.today().isoformat())
    host.get_by_label("Ends on").fill((date.today() + timedelta(days=2)).isoformat())
    host.get_by_role("button", name="Save the dates").click()
    host.get_by_role("button", name="Mark as completed").click()
    exchange.refresh_from_db()
    assert exchange.state == Exchange.State.COMPLETED

    # Both cities report.
    host.get_by_role("link", name="Write your city's report").click()
    host.get_by_label("What was learned").fill("Tunis's school mediators reach families we miss.")
    host.get_by_role("button", name="Save the report").click()
    host.context.close()
    page.goto(f"/exchanges/{exchange.pk}/")
    page.get_by_role("link", name="Write your city's report").click()
    page.get_by_label("What was learned").fill("A helpline needs trained youth workers on call.")
    page.get_by_label("What the visiting city plans to adopt").fill("A helpline run with schools.")
    page.get_by_role("button", name="Save the report").click()
    exchange.refresh_from_db()
    assert exchange.state == Exchange.State.REPORTED

    # Three months later the reminder comes, and Tunis records the adoption.
    moved = timedelta(days=95)
    Exchange.objects.filter(pk=exchange.pk).update(
        starts_on=exchange.starts_on - moved, ends_on=exchange.ends_on - moved
    )
    for follow_up in FollowUp.objects.filter(exchange=exchange):
        FollowUp.objects.filter(pk=follow_up.pk).update(due_on=follow_up.due_on - moved)
    assert send_follow_up_reminders() == 1
    page.goto("/me/notifications/")
    page.get_by_role("link", name=re.compile("has Tunis adopted what it learned")).first.click()
    expect(page).to_have_url(re.compile(rf"/exchanges/{exchange.pk}/follow-up/3/$"))
    page.get_by_label("Adopted", exact=True).check()
    page.get_by_label("Practice").select_option(label="Online youth helpline — Aarhus")
    page.get_by_role("button", name="Record the follow-up").click()
    expect(page.locator(".messages")).to_be_visible()
    exchange.refresh_from_db()
    assert exchange.state == Exchange.State.FOLLOWED_UP
    transfer = Transfer.objects.get()
    assert (transfer.practice, transfer.from_city, transfer.to_city, transfer.status) == (
        practice,
        world.other_city,
        world.city,
        "adopted",
    )
