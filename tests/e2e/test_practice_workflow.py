"""Browser journey through the practice workflow: the focal point of Tunis writes a practice in
French with an English title, attaches a PDF and submits it; the secretariat (signed in with its
second factor) asks for changes; the focal point reads the comment, edits and submits again; the
secretariat publishes it."""

import re

from playwright.sync_api import expect

from strongcities.practices.models import Attachment, Practice
from tests.e2e.conftest import sign_in
from tests.e2e.test_membership_journey import current_totp_code
from tests.factories import PASSWORD


def tiny_pdf() -> bytes:
    """A small but well-formed PDF: one empty page, with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def secretariat_page(browser, live_server, world):
    """A second browser, where the secretariat signs in with its authenticator code."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, world.secretariat.email, PASSWORD)
    page.locator("#id_code").fill(current_totp_code(world.secretariat))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    return page


def write_practice(page) -> None:
    page.goto("/practices/new/")
    page.get_by_label("Original language").select_option("fr")
    page.locator("#id_title").fill("Mères de quartier")
    page.locator("#id_summary").fill("Des mères formées parlent avec les familles du quartier.")
    page.locator("#id_approach").fill("Visites à domicile chaque semaine.")
    page.get_by_label("Family support", exact=True).check()
    page.get_by_text("Translation into English").click()
    page.locator("#id_title_en").fill("Neighbourhood mothers")
    page.get_by_label("Network members").check()
    page.get_by_role("button", name="Save as draft").click()
    expect(page).to_have_url(re.compile(r"/practices/meres-de-quartier/$"))
    expect(page.locator(".messages")).to_contain_text("The practice was saved as a draft.")


def attach_pdf(page) -> None:
    page.get_by_role("link", name="Add or remove files").click()
    page.locator("#id_file").set_input_files(
        files=[{"name": "evaluation.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}]
    )
    page.get_by_label("Title").fill("Evaluation 2024")
    page.get_by_role("button", name="Attach the file").click()
    expect(page.locator(".messages")).to_contain_text("The file was attached.")


def test_submit_request_changes_resubmit_publish(  # noqa: PLR0917
    page, browser, live_server, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    # The focal point of Tunis writes the practice, attaches a PDF and submits it.
    sign_in(page, world.focal_point.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/me/$"))
    write_practice(page)
    attach_pdf(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("The practice was submitted")
    practice = Practice.objects.get(slug="meres-de-quartier")
    assert (practice.status, practice.language, practice.title_en) == (
        "submitted",
        "fr",
        "Neighbourhood mothers",
    )
    assert Attachment.objects.get(practice=practice).kind == "pdf"

    # The secretariat finds it in the review queue and asks for changes.
    office = secretariat_page(browser, live_server, world)
    office.goto("/practices/review/")
    row = office.get_by_role("row").filter(has_text="Tunis")
    expect(row).to_contain_text("French")
    row.get_by_role("link").click()
    office.get_by_text("Request changes", exact=True).click()
    office.get_by_label("What should change").fill("Please add the results of 2024.")
    office.get_by_role("button", name="Send back with this comment").click()
    expect(office.locator(".messages")).to_contain_text("sent back to its owner")

    # The focal point sees the comment, edits the practice and submits it again.
    page.goto("/practices/mine/")
    expect(page.get_by_text("Please add the results of 2024.")).to_be_visible()
    page.get_by_role("link", name="Neighbourhood mothers").click()
    expect(page.locator(".changes-requested")).to_contain_text("Please add the results of 2024.")
    page.get_by_role("link", name="Edit", exact=True).click()
    page.locator("#id_results").fill("120 familles accompagnées en 2024.")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.locator(".messages")).to_contain_text("The changes were saved.")
    page.get_by_role("button", name="Submit again for review").click()
    expect(page.locator(".messages")).to_contain_text("The practice was submitted")

    # The secretariat publishes it.
    office.goto("/practices/review/")
    office.get_by_role("link", name="Neighbourhood mothers").click()
    office.get_by_role("button", name="Publish").click()
    expect(office.locator(".messages")).to_contain_text("The practice is published")
    expect(office.locator(".practice-status")).to_have_text("Published")
    office.context.close()

    page.reload()
    expect(page.locator(".practice-status")).to_have_text("Published")
    practice.refresh_from_db()
    assert practice.status == "published"
    assert practice.results_fr == "120 familles accompagnées en 2024."
