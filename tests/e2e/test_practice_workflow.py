"""The practice library's journey, from submission to a download in another city.

The focal point of Tunis writes a practice in Arabic (with an English title), tagged "Online
radicalisation", attaches a PDF and submits it; the secretariat (signed in with its second
factor) asks for changes; the focal point reads the comment, edits and submits again; the
secretariat publishes it. A practitioner of Aarhus, reading in French, finds it by searching
"radicalisation" (the word is in none of its texts: the French query expands to the concept it
is tagged with), opens it and downloads the PDF. An anonymous visitor does not find it, and both
its address and its document's answer 404. Screenshots of the French search and the Arabic
(right-to-left) practice go to /tmp/shots/.
"""

import re

from django.core.management import call_command
from playwright.sync_api import expect

from strongcities.practices.models import Attachment, Practice
from tests.e2e.conftest import sign_in
from tests.e2e.test_membership_journey import current_totp_code
from tests.e2e.test_practice_search import SHOTS, card_titles
from tests.factories import PASSWORD, CityRoleFactory, UserFactory

ARABIC_TITLE = "أمهات الحي في مواجهة المحتوى المتطرف"
ARABIC_RESULTS = "رافقت الأمهات 120 أسرة في 2024."


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


def new_page(browser, live_server):
    """A browser of its own (cookies included) for one more person."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def secretariat_page(browser, live_server, world):
    """A second browser, where the secretariat signs in with its authenticator code."""
    page = new_page(browser, live_server)
    sign_in(page, world.secretariat.email, PASSWORD)
    page.locator("#id_code").fill(current_totp_code(world.secretariat))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    return page


def write_practice(page) -> None:
    page.goto("/practices/new/")
    page.get_by_label("Original language").select_option("ar")
    page.locator("#id_title").fill(ARABIC_TITLE)
    page.locator("#id_summary").fill("أمهات مدرَّبات يتحدثن مع أسر الحي عن المحتوى المتطرف.")
    page.locator("#id_approach").fill("زيارات منزلية كل أسبوع.")
    page.get_by_label("Family support", exact=True).check()
    page.get_by_label("Online radicalisation", exact=True).check()
    page.get_by_text("Translation into English").click()
    page.locator("#id_title_en").fill("Neighbourhood mothers")
    page.get_by_label("Network members").check()
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".messages")).to_contain_text("The practice was saved as a draft.")


def attach_pdf(page) -> None:
    page.get_by_role("link", name="Add or remove files").click()
    page.locator("#id_file").set_input_files(
        files=[{"name": "evaluation.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}]
    )
    page.get_by_label("Title").fill("Evaluation 2024")
    page.get_by_role("button", name="Attach the file").click()
    expect(page.locator(".messages")).to_contain_text("The file was attached.")


def submit_practice(page, world) -> Practice:
    """The focal point of Tunis writes the practice, attaches a PDF and submits it."""
    sign_in(page, world.focal_point.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/me/$"))
    write_practice(page)
    attach_pdf(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("The practice was submitted")
    practice = Practice.objects.get(title_en="Neighbourhood mothers")
    assert (practice.status, practice.language, practice.title_ar) == (
        "submitted",
        "ar",
        ARABIC_TITLE,
    )
    assert Attachment.objects.get(practice=practice).kind == "pdf"
    return practice


def request_changes(office) -> None:
    """The secretariat finds the practice in the review queue and asks for changes."""
    office.goto("/practices/review/")
    row = office.get_by_role("row").filter(has_text="Tunis")
    expect(row).to_contain_text("Arabic")
    row.get_by_role("link").click()
    office.get_by_text("Request changes", exact=True).click()
    office.get_by_label("What should change").fill("Please add the results of 2024.")
    office.get_by_role("button", name="Send back with this comment").click()
    expect(office.locator(".messages")).to_contain_text("sent back to its owner")


def resubmit(page) -> None:
    """The focal point sees the comment, edits the practice and submits it again."""
    page.goto("/practices/mine/")
    expect(page.get_by_text("Please add the results of 2024.")).to_be_visible()
    page.get_by_role("link", name="Neighbourhood mothers").click()
    expect(page.locator(".changes-requested")).to_contain_text("Please add the results of 2024.")
    page.get_by_role("link", name="Edit", exact=True).click()
    page.locator("#id_results").fill(ARABIC_RESULTS)
    page.get_by_role("button", name="Save the changes").click()
    expect(page.locator(".messages")).to_contain_text("The changes were saved.")
    page.get_by_role("button", name="Submit again for review").click()
    expect(page.locator(".messages")).to_contain_text("The practice was submitted")


def publish(office) -> None:
    office.goto("/practices/review/")
    office.get_by_role("link", name="Neighbourhood mothers").click()
    office.get_by_role("button", name="Publish").click()
    expect(office.locator(".messages")).to_contain_text("The practice is published")
    expect(office.locator(".practice-status")).to_have_text("Published")


def find_and_download_in_french(reader) -> None:
    """A practitioner of Aarhus, reading in French, searches "radicalisation" and downloads."""
    reader.set_viewport_size({"width": 1280, "height": 900})
    reader.goto("/practices/")
    expect(reader.locator("html")).to_have_attribute("lang", "fr")
    reader.locator("#library-q").fill("radicalisation")
    reader.locator("#library-q").press("Enter")
    expect(reader).to_have_url(re.compile(r"/practices/\?q=radicalisation"))
    expect(reader.locator("#library-results .card-title")).to_have_count(1)
    assert card_titles(reader) == [ARABIC_TITLE]
    expect(reader.locator("#library-results")).to_contain_text("Radicalisation en ligne")
    reader.screenshot(path=f"{SHOTS}/library-fr-search.png", full_page=True)

    reader.get_by_role("link", name=ARABIC_TITLE).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(ARABIC_TITLE)
    expect(reader.locator("h1")).to_have_attribute("dir", "rtl")
    reader.screenshot(path=f"{SHOTS}/detail-ar-practice.png", full_page=True)
    with reader.expect_download() as download_info:
        reader.get_by_role("link", name="Evaluation 2024").click()
    download = download_info.value
    assert download.suggested_filename == "evaluation.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == tiny_pdf()


def anonymous_finds_nothing(visitor, practice: Practice) -> None:
    visitor.goto("/practices/?q=radicalisation")
    expect(visitor.locator("#library-results")).to_contain_text("No practice matches this search.")
    assert card_titles(visitor) == []
    assert visitor.goto(practice.get_absolute_url()).status == 404
    attachment = Attachment.objects.get(practice=practice)
    assert visitor.goto(attachment.get_absolute_url()).status == 404
    expect(visitor.locator("body")).not_to_contain_text("Neighbourhood")


def test_practice_from_submission_to_a_download_in_another_city(  # noqa: PLR0917
    page, browser, live_server, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    # Browser tests flush the database between tests, which leaves the search index's own
    # tables behind: rebuild it so documents of earlier tests do not count.
    call_command("reindex", verbosity=0)
    practitioner = UserFactory(email="lea@aarhus.example.org", preferred_language="fr")
    CityRoleFactory(user=practitioner, city=world.other_city, role="member")

    practice = submit_practice(page, world)
    office = secretariat_page(browser, live_server, world)
    request_changes(office)
    resubmit(page)
    publish(office)
    office.context.close()
    page.reload()
    expect(page.locator(".practice-status")).to_have_text("Published")
    practice.refresh_from_db()
    assert (practice.status, practice.results_ar) == ("published", ARABIC_RESULTS)

    reader = new_page(browser, live_server)
    sign_in(reader, practitioner.email, PASSWORD)
    find_and_download_in_french(reader)
    reader.context.close()

    visitor = new_page(browser, live_server)
    anonymous_finds_nothing(visitor, practice)
    visitor.context.close()
