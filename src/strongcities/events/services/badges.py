"""Tickets and badges, drawn on the server: no external service ever sees a participant's name.

The ticket's QR code encodes the ticket code and nothing else (the check-in page looks it up).
Badges are A6 PDF pages set in DejaVu Sans (vendored: Latin, Turkish, Arabic), with text shaping
through HarfBuzz so Arabic letters join and run right to left. A pseudonymous speaker's badge
carries the public name only: their real name is never printed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import segno
from django.utils import formats, timezone
from django.utils.translation import gettext
from fpdf import FPDF

from strongcities.events.models import Event, Registration, Speaker

# The vendored font (scripts/vendor.sh copies it from npm with its licence).
FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "vendor" / "dejavu-fonts"
FONT = "dejavu"
PAGE = (105, 148)  # A6 portrait, in mm
MARGIN = 8
QR_SIZE = 30  # mm


def ticket_qr(code: str) -> segno.QRCode:
    return segno.make(code, error="m", micro=False)


def ticket_qr_svg(code: str, title: str = "") -> str:
    """The QR code of a ticket as an inline <svg> (no style attribute: the CSP forbids them)."""
    return ticket_qr(code).svg_inline(
        scale=8, border=4, dark="#000", light="#fff", svgclass="ticket-qr", title=title or None
    )


def ticket_qr_png(code: str) -> bytes:
    out = io.BytesIO()
    ticket_qr(code).save(out, kind="png", scale=10, border=2)
    return out.getvalue()


@dataclass
class BadgeFace:
    """What one badge shows."""

    name: str
    category: str
    affiliation: str = ""  # the city, else the partner organisation
    role: str = ""  # job title
    code: str = ""  # ticket code, for the QR; empty for speakers


def registration_face(registration: Registration) -> BadgeFace:
    place = registration.city or registration.partner
    return BadgeFace(
        name=registration.name,
        category=str(registration.category.name),
        affiliation=str(place.name) if place is not None else "",
        role=registration.job_title,
        code=registration.ticket_code,
    )


def speaker_face(speaker: Speaker) -> BadgeFace:
    """A speaker's badge: the public name; nothing that could identify a pseudonymous one."""
    return BadgeFace(
        name=speaker.public_name,
        category=gettext("Speaker"),
        affiliation="" if speaker.pseudonymous else speaker.affiliation,
    )


def event_dates(event: Event) -> str:
    """The event's dates in its own time zone, in the current language."""
    start = timezone.localtime(event.start, event.tz).date()
    end = timezone.localtime(event.end, event.tz).date()
    if start == end:
        return formats.date_format(start, "DATE_FORMAT")
    return gettext("%(start)s to %(end)s") % {
        "start": formats.date_format(start, "DATE_FORMAT"),
        "end": formats.date_format(end, "DATE_FORMAT"),
    }


class BadgePDF(FPDF):
    def __init__(self, event: Event) -> None:
        super().__init__(unit="mm", format=PAGE)
        self.event = event
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_text_shaping(True)
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_title(gettext("Badges: %(event)s") % {"event": event.title})
        self.set_creator(gettext("Strong Cities Hub"))
        self.set_lang(event.language)

    @property
    def inner_width(self) -> float:
        return self.w - 2 * MARGIN

    def centred(self, text: str, size: float, *, bold: bool = False, lines: int = 2) -> None:
        """`text` centred over the width, shrunk until it fits in `lines` lines."""
        if not text:
            return
        style = "B" if bold else ""
        while True:
            self.set_font(FONT, style, size)
            height = size * 0.45
            fitted = self.multi_cell(
                self.inner_width, height, text, align="C", dry_run=True, output="LINES"
            )
            if len(fitted) <= lines or size <= 9:
                break
            size -= 1
        self.multi_cell(self.inner_width, height, text, align="C", new_x="LMARGIN", new_y="NEXT")

    def badge(self, face: BadgeFace) -> None:
        self.add_page()
        # The event, at the top.
        self.set_fill_color(0, 70, 110)
        self.rect(0, 0, self.w, 30, style="F")
        self.set_text_color(255, 255, 255)
        self.set_y(6)
        self.centred(str(self.event.title), 12, bold=True)
        self.centred(event_dates(self.event), 9, lines=1)
        # The person.
        self.set_text_color(0, 0, 0)
        self.set_y(40)
        self.centred(face.name, 22, bold=True)
        self.ln(2)
        self.centred(face.role, 11)
        self.ln(1)
        self.centred(face.affiliation, 14)
        if face.code:
            self.image(
                io.BytesIO(ticket_qr_png(face.code)),
                x=(self.w - QR_SIZE) / 2,
                y=self.h - 22 - QR_SIZE - 4,
                w=QR_SIZE,
                h=QR_SIZE,
            )
        # The category, at the bottom.
        self.set_fill_color(230, 120, 30)
        self.rect(0, self.h - 22, self.w, 22, style="F")
        self.set_text_color(255, 255, 255)
        self.set_y(self.h - 16)
        self.centred(face.category, 16, bold=True, lines=1)


def badges_pdf(event: Event, faces: list[BadgeFace]) -> bytes:
    """One A6 page per badge."""
    pdf = BadgePDF(event)
    for face in faces:
        pdf.badge(face)
    if not faces:
        pdf.add_page()
    return bytes(pdf.output())


def badge_pdf(registration: Registration) -> bytes:
    return badges_pdf(registration.event, [registration_face(registration)])
