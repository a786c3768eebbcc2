"""Shared pieces of the library's tests: attachments and the confidential practice of Tunis."""

from django.core.files.uploadedfile import SimpleUploadedFile

from strongcities.core.visibility import Visibility
from strongcities.practices import services
from tests.practices.factories import make_practice

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SECRET_WORD = "zanzibarine"


def attach(practice, title: str = "Facilitator guide", name: str = "guide.pdf", user=None):
    """A PDF attached to `practice` through the service (stored under MEDIA_ROOT)."""
    upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    return services.add_attachment(practice, title=title, file=upload, user=user)


def confidential_practice(world, **kwargs):
    """A restricted practice of Tunis, shared with nobody, about `zanzibarine` youth circles."""
    options = {
        "title": "Zanzibarine youth circles",
        "summary": "Zanzibarine circles where young people meet mentors weekly.",
        "visibility": Visibility.RESTRICTED,
        "themes": ("youth-engagement", "online-radicalisation"),
        **kwargs,
    }
    return make_practice(world.city, **options)
