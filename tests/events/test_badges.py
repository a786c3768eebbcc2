"""Tickets (QR code drawn on the server) and badges (PDF with Latin, Turkish and Arabic names)."""

import io
import re
from datetime import UTC, datetime

import pypdf
import pytest
import segno
from django.urls import reverse

from strongcities.core.audit.models import AuditEntry
from strongcities.events.services import badges
from tests.events.day_helpers import category_of, confirmed
from tests.events.factories import EventFactory, RegistrationFactory, SpeakerFactory
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

ARABIC_NAME = "محمد التونسي"


@pytest.fixture
def event(world):
    return EventFactory(title="Global Summit", time_zone="Europe/Istanbul")


@pytest.fixture
def ticket_of_member(world, event):
    category = category_of(event, name="Practitioners", code="practitioners")
    return confirmed(category, by=world.secretariat, user=world.member, name="Ayşe Yılmaz")


def pdf_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


# --- Ticket ------------------------------------------------------------------------------------


def test_ticket_shows_the_qr_of_the_code_only(client, world, event, ticket_of_member):
    client.force_login(world.member)
    response = client.get(reverse("events:ticket", args=[event.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    code = ticket_of_member.ticket_code
    # The inline SVG is exactly the QR code of the bare ticket code (nothing else encoded).
    assert badges.ticket_qr_svg(code, title=f"QR code of ticket {code}") in html
    assert segno.make(code, error="m", micro=False).designator == badges.ticket_qr(code).designator
    assert f">{code}</p>" in html
    assert "Ayşe Yılmaz" in html
    assert "Practitioners" in html
    assert "style=" not in html.split('<main id="main"')[1]
    assert reverse("events:badge", args=[event.slug]) in html


def test_ticket_svg_has_no_inline_style_and_scales():
    svg = badges.ticket_qr_svg("ABCDEFGH23", title="QR")
    assert svg.startswith('<svg width="232" height="232" class="ticket-qr">')
    assert "style" not in svg


@pytest.mark.parametrize("status", ["pending", "waitlisted", "offered", "cancelled"])
def test_no_ticket_without_a_confirmed_registration(client, world, event, status):
    RegistrationFactory(category=category_of(event), user=world.member, status=status)
    client.force_login(world.member)
    assert client.get(reverse("events:ticket", args=[event.slug])).status_code == 404
    assert client.get(reverse("events:badge", args=[event.slug])).status_code == 404


def test_nobody_else_sees_my_ticket(client, world, event, ticket_of_member):
    client.force_login(world.focal_point)
    assert client.get(reverse("events:ticket", args=[event.slug])).status_code == 404
    client.logout()
    response = client.get(reverse("events:ticket", args=[event.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_hidden_event_has_no_ticket_page(client, world):
    draft = EventFactory(status="draft")
    assert client.get(reverse("events:ticket", args=[draft.slug])).status_code == 404


# --- Badge -------------------------------------------------------------------------------------


def test_badge_pdf_has_name_city_category_and_event(client, world, event, ticket_of_member):
    client.force_login(world.member)
    response = client.get(reverse("events:badge", args=[event.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")
    [text] = pdf_text(response.content)
    lines = text.splitlines()
    assert lines[0] == "Global Summit"
    assert "Ayşe Yılmaz" in lines
    assert "Tunis" in lines
    assert lines[-1] == "Practitioners"


PDF_ESCAPES = {"n": b"\n", "r": b"\r", "t": b"\t", "b": b"\b", "f": b"\f"}


def pdf_string(raw: str) -> bytes:
    """The bytes of a PDF literal string's body (backslash escapes undone)."""
    return re.sub(
        rb"\\(.)",
        lambda m: PDF_ESCAPES.get(m.group(1).decode("latin-1"), m.group(1)),
        raw.encode("latin-1"),
        flags=re.DOTALL,
    )


def glyph_runs(content: bytes) -> list[list[str]]:
    """Per text object of the first page: the characters its glyphs stand for, in the order
    they are drawn (left to right), read through each font's ToUnicode map."""
    page = pypdf.PdfReader(io.BytesIO(content)).pages[0]
    maps = {}
    for name, font in page["/Resources"]["/Font"].items():
        cmap = font.get_object()["/ToUnicode"].get_object().get_data().decode()
        maps[name] = {
            int(glyph, 16): chr(int(char, 16))
            for glyph, char in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]{4})>", cmap)
        }
    runs, font = [], None
    stream = page.get_contents().get_data().decode("latin-1")
    for block in re.findall(r"BT(.*?)ET", stream, re.DOTALL):
        if match := re.search(r"/(F\d+) [\d.]+ Tf", block):
            font = "/" + match.group(1)
        glyphs = [
            int.from_bytes(pdf_string(raw), "big")
            for raw in re.findall(r"\(((?:\\.|[^\\)])*)\) Tj", block, re.DOTALL)
        ]
        if glyphs:
            runs.append([(g, maps[font].get(g, "?")) for g in glyphs])
    return runs


def test_arabic_name_is_shaped_and_runs_right_to_left(world, event):
    category = category_of(event, name="رؤساء البلديات")
    registration = confirmed(
        category,
        by=world.secretariat,
        name=ARABIC_NAME,
        email="mohamed@example.org",
        city=CityFactory(slug="sfax", name="صفاقس"),
    )
    content = badges.badge_pdf(registration)
    # Text extraction gives the name back in reading order.
    lines = pdf_text(content)[0].splitlines()
    assert ARABIC_NAME in lines
    assert "صفاقس" in lines
    assert lines[-1] == "رؤساء البلديات"
    # Drawn right to left: the glyphs, left to right, spell the name backwards...
    run = next(r for r in glyph_runs(content) if "".join(c for _g, c in r) == ARABIC_NAME[::-1])
    # ...and shaped: the first and the last meem of محمد are different glyphs (initial and
    # final forms), as are the two other letters that join on both sides.
    meems = [glyph for glyph, char in run if char == "م"]
    assert len(meems) == 2
    assert meems[0] != meems[1]


def test_turkish_letters_survive(world, event):
    category = category_of(event, name="Uygulayıcılar")
    registration = confirmed(
        category, by=world.secretariat, name="Şükrü Gülçiçek İğdır", email="sukru@example.org"
    )
    lines = pdf_text(badges.badge_pdf(registration))[0].splitlines()
    assert lines[2:4] == ["Şükrü Gülçiçek", "İğdır"]  # a long name takes two lines
    assert lines[-1] == "Uygulayıcılar"


def test_organiser_prints_someone_else_badge_others_get_their_own(
    client, world, event, ticket_of_member
):
    other = confirmed(
        category_of(event, name="Mayors"), by=world.secretariat, name="Zeynep", email="z@x.org"
    )
    url = reverse("events:badge", args=[event.slug]) + f"?registration={other.pk}"
    client.force_login(world.secretariat)
    assert "Zeynep" in pdf_text(client.get(url).content)[0].splitlines()
    client.force_login(world.member)
    lines = pdf_text(client.get(url).content)[0].splitlines()
    assert "Zeynep" not in lines
    assert "Ayşe Yılmaz" in lines
    client.force_login(world.secretariat)
    assert client.get(url.replace(str(other.pk), "999999")).status_code == 404
    assert client.get(url.replace(str(other.pk), "abc")).status_code == 404


def test_badge_sheet_never_prints_a_pseudonym_s_real_name(client, world, event, ticket_of_member):
    SpeakerFactory(
        event=event,
        public_name="Layla",
        pseudonymous=True,
        real_name="Fatima Real-Name",
        affiliation="Survivors network",
    )
    SpeakerFactory(event=event, public_name="Dr Omar Saleh", affiliation="University of Tunis")
    client.force_login(world.secretariat)
    response = client.get(reverse("events:badges", args=[event.slug]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="badges-{event.slug}.pdf"'
    pages = [page.splitlines() for page in pdf_text(response.content)]
    assert [page[-1] for page in pages] == ["Practitioners", "Speaker", "Speaker"]
    assert "Dr Omar Saleh" in pages[1]
    assert "University of Tunis" in pages[1]
    assert "Layla" in pages[2]
    everything = "\n".join("\n".join(page) for page in pages)
    assert "Fatima" not in everything
    assert "Survivors network" not in everything
    assert AuditEntry.objects.get(action="events.badges_printed").data == {"count": 3}


@pytest.mark.parametrize("role", ["member", "focal_point", "other_focal_point"])
def test_badge_sheet_is_for_organisers(client, world, event, role):
    client.force_login(world.user(role))
    assert client.get(reverse("events:badges", args=[event.slug])).status_code == 404


def test_badge_dates_are_the_days_at_the_venue():
    event = EventFactory.build(
        start=datetime(2030, 5, 11, 6, tzinfo=UTC),
        end=datetime(2030, 5, 12, 15, tzinfo=UTC),
        time_zone="Europe/Istanbul",
    )
    assert badges.event_dates(event) == "May 11, 2030 to May 12, 2030"
    late = EventFactory.build(
        start=datetime(2030, 5, 11, 21, 30, tzinfo=UTC),
        end=datetime(2030, 5, 11, 23, tzinfo=UTC),
        time_zone="Europe/Istanbul",
    )
    assert badges.event_dates(late) == "May 12, 2030"
